"""SLO definitions as code: Sloth specs (prometheus/v1 and the PrometheusServiceLevel CRD) and OpenSLO."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from readiness.adapters._promfmt import load_yaml_documents, scalar_of
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "slo"
FAMILY = "slo"
DESCRIPTION = "SLO specs: Sloth (prometheus/v1, PrometheusServiceLevel) and OpenSLO (v1, v1alpha) SLO kinds"
FACTS = ("slo.count", "slo.objectives")
SLO_SAMPLE = 100
_OPENSLO = re.compile(rb"^apiVersion:\s*[\"']?openslo/v", re.MULTILINE)
_SLOTH = re.compile(rb"^version:\s*[\"']?prometheus/v", re.MULTILINE)
_SLOTH_CRD = re.compile(rb"^kind:\s*[\"']?PrometheusServiceLevel\b", re.MULTILINE)
# Sloth renders {{.window}} before it validates a query; any window gives the same syntax check.
_WINDOW = re.compile(r"\{\{\s*\.window\s*\}\}")


def sniff(path: Path, head: bytes) -> bool:
    """An OpenSLO document, a Sloth `version: prometheus/vN` spec with `slos:`, or a PrometheusServiceLevel."""
    if _OPENSLO.search(head) or _SLOTH_CRD.search(head):
        return True
    return bool(_SLOTH.search(head)) and re.search(rb"^slos:", head, flags=re.MULTILINE) is not None


def parse(path: Path) -> Parsed:
    """Read every document; each Sloth SLO has one objective, each OpenSLO SLO lists its objectives."""
    slos: list[dict[str, Any]] = []
    warnings: list[str] = []
    for index, doc in enumerate(load_yaml_documents(path), start=1):
        if not isinstance(doc, dict):
            raise InvalidEvidence(f"document {index}: expected a mapping, got {type(doc).__name__}")
        api = str(doc.get("apiVersion") or "")
        if api.startswith("openslo/"):
            if doc.get("kind") == "SLO":
                slos.append(_openslo(doc, api))
        elif doc.get("kind") == "PrometheusServiceLevel":
            slos += _sloth(_spec(doc), camel=True)
        elif "version" in doc:
            version = scalar_of(doc.get("version"), f"document {index}: version")
            if version != "prometheus/v1":
                raise InvalidEvidence(f"document {index}: unsupported Sloth spec version {version!r}")
            slos += _sloth(doc, camel=False)
        else:
            warnings.append(f"document {index} is neither a Sloth nor an OpenSLO spec: skipped")
    if not slos:
        warnings.append("no SLO definitions in the file")
    facts = {"slo.count": len(slos), "slo.objectives": sum(len(s["objectives_pct"]) for s in slos)}
    details = {"slos": slos[:SLO_SAMPLE], "slos_truncated": len(slos) > SLO_SAMPLE}
    return Parsed(facts=facts, warnings=warnings, details=details)


def _spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc.get("spec")
    if not isinstance(spec, dict):
        raise InvalidEvidence(f"{doc.get('kind')}: spec must be a mapping")
    return spec


def _sloth(spec: dict[str, Any], *, camel: bool) -> list[dict[str, Any]]:
    """Sloth's own validation: service and names set, 0 < objective <= 100, exactly one SLI type."""
    service = scalar_of(spec.get("service"), "Sloth spec: service").strip()
    if not service:
        raise InvalidEvidence("Sloth spec: service must be set")
    slos = spec.get("slos")
    if not isinstance(slos, list) or not slos:
        raise InvalidEvidence(f"Sloth spec for service {service!r}: slos must be a non-empty list")
    found = []
    for index, slo in enumerate(slos, start=1):
        if not isinstance(slo, dict):
            raise InvalidEvidence(f"service {service!r}, SLO {index}: must be a mapping")
        name = scalar_of(slo.get("name"), f"service {service!r}, SLO {index}: name").strip()
        if not name:
            raise InvalidEvidence(f"service {service!r}, SLO {index}: name must be set")
        where = f"service {service!r}, SLO {name!r}"
        objective = slo.get("objective")
        if isinstance(objective, bool) or not isinstance(objective, int | float) or not 0 < objective <= 100:
            raise InvalidEvidence(f"{where}: objective must be a number in (0, 100], got {objective!r}")
        _check_sli(slo.get("sli"), where, camel)
        found.append({"name": name, "service": service, "format": "sloth", "objectives_pct": [float(objective)],
                      "window": scalar_of(spec.get("window"), f"service {service!r}: window") or None})
    return found


def _check_sli(sli: Any, where: str, camel: bool) -> None:
    kinds = [k for k in ("events", "raw", "plugin") if isinstance(sli, dict) and sli.get(k)]
    if len(kinds) != 1:
        raise InvalidEvidence(f"{where}: sli must set exactly one of events, raw or plugin")
    body = sli[kinds[0]]
    names = {"events": ("errorQuery", "totalQuery") if camel else ("error_query", "total_query"),
             "raw": ("errorRatioQuery",) if camel else ("error_ratio_query",), "plugin": ()}[kinds[0]]
    for name in names:
        query = scalar_of(body.get(name), f"{where}: sli.{kinds[0]}.{name}") if isinstance(body, dict) else ""
        if not query.strip():
            raise InvalidEvidence(f"{where}: sli.{kinds[0]}.{name} must be set")
        _check_promql(_WINDOW.sub("5m", query), f"{where}: sli.{kinds[0]}.{name}")


def _check_promql(query: str, where: str) -> None:
    import promql_parser

    try:
        promql_parser.parse(query)
    except ValueError as exc:
        if not str(exc).startswith("unknown function"):
            raise InvalidEvidence(f"{where}: could not parse expression: parse error: {exc}") from None


def _openslo(doc: dict[str, Any], api: str) -> dict[str, Any]:
    """An OpenSLO SLO: named, with objectives whose target is a ratio in (0, 1) or targetPercent."""
    metadata = doc.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidEvidence(f"OpenSLO SLO: metadata must be a mapping, got {type(metadata).__name__}")
    name = scalar_of((metadata or {}).get("name"), "OpenSLO SLO: metadata.name").strip()
    if not name:
        raise InvalidEvidence("OpenSLO SLO: metadata.name must be set")
    spec = _spec(doc)
    objectives = spec.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        raise InvalidEvidence(f"OpenSLO SLO {name!r}: spec.objectives must be a non-empty list")
    targets = [_target(objective, f"OpenSLO SLO {name!r}, objective {i}") for i, objective
               in enumerate(objectives, start=1)]
    windows = spec.get("timeWindow") or spec.get("timeWindows") or []
    window = windows[0] if isinstance(windows, list) and windows and isinstance(windows[0], dict) else {}
    where = f"OpenSLO SLO {name!r}"
    duration = scalar_of(window.get("duration"), f"{where}: timeWindow duration")
    text = duration or (f"{window['count']}{window.get('unit', '')}" if "count" in window else None)
    return {"name": name, "service": scalar_of(spec.get("service"), f"{where}: spec.service") or None, "format": api,
            "objectives_pct": targets, "window": text}


def _target(objective: Any, where: str) -> float:
    if not isinstance(objective, dict):
        raise InvalidEvidence(f"{where}: must be a mapping")
    if "targetPercent" in objective:
        value, scale, upper = objective["targetPercent"], 1.0, 100.0
    else:
        value, scale, upper = objective.get("target"), 100.0, 1.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < upper:
        raise InvalidEvidence(f"{where}: target must be a number in (0, {upper:g}), got {value!r}")
    return round(float(value) * scale, 6)
