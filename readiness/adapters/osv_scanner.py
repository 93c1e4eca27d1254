"""OSV-Scanner --format json reports: vulnerable packages, counted per alias group as osv-scanner counts them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.adapters import _deps
from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "osv_scanner"
FAMILY = "deps"
DESCRIPTION = "OSV-Scanner --format json report (severity from each group's max_severity CVSS score)"
FACTS = _deps.FACTS


def sniff(path: Path, head: bytes) -> bool:
    """An object with `results` whose entries carry `source` and `packages`."""
    return (rj.is_object(head) and rj.has_key(head, "results") and rj.has_key(head, "packages")
            and rj.has_key(head, "source") and not rj.has_key(head, "runs"))


def _band(group: dict[str, Any]) -> str:
    raw = group.get("max_severity")
    try:
        return _deps.band_of_score(float(raw)) if raw not in (None, "") else "unknown"
    except (TypeError, ValueError):
        return "unknown"


def _groups(package: dict[str, Any]) -> list[dict[str, Any]]:
    """Alias groups (one vulnerability each); older output without groups falls back to one per vuln."""
    groups = [rj.as_dict(g) for g in rj.as_list(package.get("groups"))]
    if groups:
        return groups
    return [{"ids": [rj.as_dict(v).get("id", "?")]} for v in rj.as_list(package.get("vulnerabilities"))]


def parse(path: Path) -> Parsed:
    """Count each package's vulnerability groups by CVSS band; a group without a score is unknown."""
    report = rj.load(path, "OSV-Scanner report")
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        # OSV-Scanner always writes `results` (`[]` when nothing was found): without it, nothing says zero.
        found = "no results key" if isinstance(report, dict) and "results" not in report else "results is not a list"
        raise InvalidEvidence(f"not an OSV-Scanner report: {found} (expected an object with a results list)")
    tally = _deps.Tally()
    sources = []
    for result in rj.as_list(report.get("results")):
        result = rj.as_dict(result)
        source = str(rj.as_dict(result.get("source")).get("path", "?"))
        sources.append(source)
        for package in rj.as_list(result.get("packages")):
            package = rj.as_dict(package)
            info = rj.as_dict(package.get("package"))
            name = f"{info.get('ecosystem', '?')}:{info.get('name', '?')}@{info.get('version', '?')}"
            for group in _groups(package):
                ids = [str(i) for i in rj.as_list(group.get("ids"))]
                tally.add(name, ",".join(ids) or "?", _band(group), source=source)
    details = {**tally.details(), "sources": sources[:20]}
    return Parsed(facts=dict(tally.facts()), warnings=tally.warnings(), details=details)
