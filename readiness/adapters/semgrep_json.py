"""Semgrep's native JSON report: findings by level, mapped as Semgrep's own SARIF output maps severities;
results of rules that are not security rules (no security category, CWE or OWASP) are lint.* facts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters import _report_json as rj
from readiness.adapters._security_rules import is_security_semgrep
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "semgrep_json"
FAMILY = "security"
DESCRIPTION = "semgrep --json report (ERROR/WARNING/INFO, or HIGH/MEDIUM/LOW, read as SARIF levels)"
FACTS = ("security.findings", "security.findings.error", "security.findings.warning", "security.findings.note",
         "security.suppressed", "security.tools", "lint.findings", "lint.findings.error", "lint.findings.warning",
         "lint.findings.note", "lint.suppressed", "lint.tools")
_LEVELS = {"ERROR": "error", "WARNING": "warning", "INFO": "note",
           "CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note"}
_SAMPLE = 10


def sniff(path: Path, head: bytes) -> bool:
    """An object with `results` and `errors` whose results carry `check_id` (or an empty results list)."""
    if not (rj.is_object(head) and rj.has_key(head, "results") and rj.has_key(head, "errors")):
        return False
    if rj.has_key(head, "check_id"):
        return True
    compact = b"".join(rj.body(head).split())
    return compact.startswith(b'{"results":[],"errors":') or b'"paths":{"scanned"' in compact


def _result(index: int, result: Any) -> tuple[str, dict[str, Any], bool]:
    """(level, sample row, ignored) of one result; the level is "unknown" for a severity Semgrep does not have.
    The row's "security" says whether the rule is a security rule."""
    if not isinstance(result, dict) or not isinstance(result.get("check_id"), str):
        raise InvalidEvidence(f"Semgrep report: results[{index}] has no check_id")
    extra = rj.as_dict(result.get("extra"))
    severity = str(extra.get("severity", "")).upper()
    level = _LEVELS.get(severity, "unknown")
    start = rj.as_dict(result.get("start"))
    row = {"rule": result["check_id"], "level": level, "location": f"{result.get('path', '')}:{start.get('line', '')}",
           "message": rj.truncate(extra.get("message", ""))}
    if level == "unknown":
        row["severity"] = rj.truncate(severity, 40) or "(none)"
    row["security"] = is_security_semgrep(result)
    return level, row, extra.get("is_ignored") is True


def parse(path: Path) -> Parsed:
    """Count results by severity; results marked is_ignored (nosemgrep) are counted as suppressed."""
    report = rj.load(path, "Semgrep report")
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise InvalidEvidence("not a Semgrep report: expected an object with a results list")
    levels = {"security": Counter[str](), "lint": Counter[str]()}
    suppressed = {"security": 0, "lint": 0}
    unknown: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    sample: list[dict[str, Any]] = []
    keys = []  # every unsuppressed result, security or lint, for the run identity
    for index, raw in enumerate(report["results"]):
        level, row, ignored = _result(index, raw)
        family = "security" if row.pop("security") else "lint"
        if ignored:
            suppressed[family] += 1
            continue
        keys.append(rj.finding_key(raw["check_id"], raw.get("path"), rj.as_dict(raw.get("start")).get("line")))
        levels[family][level] += 1
        if level == "unknown":  # counted as a finding, in no level bucket: a level would be a guess
            unknown[row["severity"]] += 1
        rules[row["rule"]] += 1
        if len(sample) < _SAMPLE:
            sample.append({**row, "security": family == "security"})
    # Only a security rule's result shows the scan looked for security problems (--json does not list
    # the rules that ran; --sarif does, so a clean security scan is evidence in SARIF).
    scanned = bool(levels["security"] or suppressed["security"])
    facts: dict[str, Any] = {"lint.tools": ["Semgrep"] if levels["lint"] else []}
    if scanned:
        facts["security.tools"] = ["Semgrep"]
    for family in ("security", "lint") if scanned else ("lint",):
        facts[f"{family}.findings"] = sum(levels[family].values())
        facts[f"{family}.suppressed"] = suppressed[family]
        facts |= {f"{family}.findings.{level}": levels[family][level] for level in ("error", "warning", "note")}
    errors = rj.as_list(report.get("errors"))
    warnings = [f"Semgrep reported {len(errors)} errors: the scan may be incomplete"] if errors else []
    if unknown:
        warnings.append(rj.unknown_severity_warning(unknown, "ERROR/WARNING/INFO or CRITICAL/HIGH/MEDIUM/LOW"))
    lint = facts["lint.findings"] + facts["lint.suppressed"]
    if lint:
        warnings.append(f"{lint} results come from rules that are not security rules (no security category, CWE "
                        "or OWASP in their metadata): counted in lint.findings")
    if not scanned:
        warnings.append("no result comes from a security rule, so the report does not show a security scan: "
                        "no security.* facts (Semgrep's --sarif lists the rules that ran)")
    details = {"top_rules": dict(rules.most_common(_SAMPLE)), "findings_sample": sample,
               "version": report.get("version")}
    return Parsed(facts=facts, warnings=warnings, details=details, run=rj.findings_run("Semgrep", keys))
