"""The cross-file stage: facts only several files together can prove (runbooks exist, alerts are routed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from readiness import alertrouting
from readiness.evidence import EvidenceFile


def _configs(files: Sequence[EvidenceFile]) -> list[EvidenceFile]:
    return [f for f in files if f.status == "parsed" and "route" in f.details and "receivers" in f.details]


def apply(files: Sequence[EvidenceFile], runbooks_dir: Path, runbooks_shown: str) -> list[EvidenceFile]:
    """Add alerts.runbook_missing, alerts.unrouted and alerts.critical_unpaged to each alert-rule file.

    Routing facts need an Alertmanager (or Grafana) config among the evidence; without one they stay
    absent, so routing checks say which evidence is missing instead of counting every alert unrouted.
    """
    configs = _configs(files)
    routes = [c.details for c in configs]
    updated = []
    for file in files:
        alerts = file.details.get("alerts") if file.status == "parsed" else None
        if not isinstance(alerts, list) or not alerts:
            updated.append(file)
            continue
        if file.details.get("alerts_truncated"):
            note = "too many alerts to check runbooks and routing across files; cross-file facts left out"
            updated.append(file.model_copy(update={"warnings": [*file.warnings, note]}))
            continue
        updated.append(_with_consistency(file, alerts, configs, routes, runbooks_dir, runbooks_shown))
    return updated


def _with_consistency(file: EvidenceFile, alerts: list[Any], configs: list[EvidenceFile],
                      routes: list[dict[str, Any]], runbooks_dir: Path, runbooks_shown: str) -> EvidenceFile:
    facts = dict(file.facts)
    named: dict[str, list[str]] = {}
    missing = alertrouting.runbook_missing(alerts, runbooks_dir)
    facts["alerts.runbook_missing"], named["runbook_missing"] = missing.count, missing.names
    related = [runbooks_shown]
    if configs:
        unrouted = alertrouting.unrouted(alerts, routes)
        unpaged = alertrouting.critical_unpaged(alerts, routes)
        facts["alerts.unrouted"], named["unrouted"] = unrouted.count, unrouted.names
        facts["alerts.critical_unpaged"], named["critical_unpaged"] = unpaged.count, unpaged.names
        related += [c.path for c in configs if c.path != file.path]
    offenders = {f"alerts.{key}": names for key, names in named.items() if names}
    details = {**file.details, "consistency": named, "offenders": offenders}
    return file.model_copy(update={"facts": facts, "details": details, "related": related})
