"""Bandit's native JSON report: findings by level, mapped as Bandit's own SARIF output maps severities."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed, parse_time

KIND = "bandit_json"
FAMILY = "security"
DESCRIPTION = "bandit -f json report (HIGH/MEDIUM/LOW read as SARIF error/warning/note)"
FACTS = ("security.findings", "security.findings.error", "security.findings.warning", "security.findings.note",
         "security.suppressed", "security.tools")
# The mapping `bandit -f sarif` uses; confidence is kept in details only.
_LEVELS = {"HIGH": "error", "MEDIUM": "warning", "LOW": "note"}
_SAMPLE = 10


def sniff(path: Path, head: bytes) -> bool:
    """An object with `generated_at` and `metrics` holding Bandit's SEVERITY.* totals.

    Bandit writes `results` after the per-file metrics, often beyond the sniffed head.
    """
    return (rj.is_object(head) and rj.has_key(head, "generated_at") and rj.has_key(head, "metrics")
            and b'"SEVERITY.' in head)


def _suppressed(metrics: dict[str, Any]) -> int | None:
    totals = rj.as_dict(metrics.get("_totals"))
    counts = [totals.get(key) for key in ("nosec", "skipped_tests") if key in totals]
    if not counts or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in counts):
        return None
    total = sum(counts)  # type: ignore[arg-type]
    return int(total) if math.isfinite(total) else None  # 1e308 + 1e308 is inf: no count


def parse(path: Path) -> Parsed:
    """Count Bandit results by severity; `# nosec` skips count as suppressed when the metrics give them."""
    report = rj.load(path, "Bandit report")
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise InvalidEvidence("not a Bandit report: expected an object with a results list")
    levels: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    sample: list[dict[str, Any]] = []
    keys = []
    for index, result in enumerate(report["results"]):
        if not isinstance(result, dict):
            raise InvalidEvidence(f"Bandit report: results[{index}] is not an object")
        severity = str(result.get("issue_severity", "")).upper()
        level = _LEVELS.get(severity, "unknown")
        levels[level] += 1
        if level == "unknown":  # counted as a finding, in no level bucket: a level would be a guess
            unknown[rj.truncate(severity, 40) or "(none)"] += 1
        rules[str(result.get("test_id", "?"))] += 1
        keys.append(rj.finding_key(result.get("test_id"), result.get("filename"), result.get("line_number")))
        if len(sample) < _SAMPLE:
            sample.append({"rule": result.get("test_id"), "level": level,
                           "confidence": result.get("issue_confidence"),
                           "location": f"{result.get('filename', '')}:{result.get('line_number', '')}",
                           "message": rj.truncate(result.get("issue_text", ""))})
    facts: dict[str, Any] = {"security.findings": sum(levels.values()), "security.tools": ["Bandit"]}
    facts |= {f"security.findings.{level}": levels[level] for level in ("error", "warning", "note")}
    suppressed = _suppressed(rj.as_dict(report.get("metrics")))
    if suppressed is not None:
        facts["security.suppressed"] = suppressed
    errors = rj.as_list(report.get("errors"))
    warnings = [f"Bandit could not scan {len(errors)} files (first: {rj.truncate(errors[0], 120)})"] if errors else []
    if unknown:
        warnings.append(rj.unknown_severity_warning(unknown, "HIGH/MEDIUM/LOW"))
    details = {"top_rules": dict(rules.most_common(_SAMPLE)), "findings_sample": sample}
    return Parsed(facts=facts, observed_at=parse_time(report.get("generated_at")), warnings=warnings,
                  details=details, run=rj.findings_run("Bandit", keys))
