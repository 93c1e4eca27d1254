"""gitleaks JSON reports (v8 and v7): secrets found, keeping only rule, file and line, never the secret."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "gitleaks"
FAMILY = "secrets"
DESCRIPTION = "gitleaks --report-format json (secret values are dropped when read)"
FACTS = ("secrets.found",)
_SAMPLE = 20


def sniff(path: Path, head: bytes) -> bool:
    """A JSON list of leaks: v8 objects carry `RuleID`, v7 objects `rule` and `offender`."""
    if rj.is_array(head):
        if rj.has_key(head, "RuleID") and (rj.has_key(head, "StartLine") or rj.has_key(head, "File")):
            return True
        if rj.has_key(head, "offender") and rj.has_key(head, "rule"):
            return True
    return rj.is_empty_named(path, head, "gitleaks", "leaks")


def _leak(index: int, entry: Any) -> dict[str, Any]:
    """Rule, file and line of one leak. Secret, Match, line/offender and commit text are never read."""
    if not isinstance(entry, dict):
        raise InvalidEvidence(f"not a gitleaks report: entry {index} is not an object")
    rule = entry.get("RuleID") or entry.get("rule")
    if not isinstance(rule, str):
        raise InvalidEvidence(f"not a gitleaks report: entry {index} has no RuleID")
    line = entry.get("StartLine", entry.get("lineNumber"))
    return {"rule": rule, "file": str(entry.get("File") or entry.get("file") or ""),
            "line": line if isinstance(line, int) and not isinstance(line, bool) else None}


def parse(path: Path) -> Parsed:
    """Count leaks; details list rule/file/line only, so no secret value can reach a report."""
    document = rj.load(path, "gitleaks report")
    if document is None:  # gitleaks 7 wrote null when nothing leaked
        document = []
    if not isinstance(document, list):
        raise InvalidEvidence("not a gitleaks report: the top level is not a list")
    leaks = [_leak(index, entry) for index, entry in enumerate(document)]
    by_rule = Counter(leak["rule"] for leak in leaks)
    details = {"by_rule": dict(by_rule.most_common()), "leaks": leaks[:_SAMPLE],
               "files": sorted({leak["file"] for leak in leaks})[:_SAMPLE],
               # gitleaks reports a secret once per commit it appears in; this is the distinct count.
               "distinct_locations": len({(leak["rule"], leak["file"], leak["line"]) for leak in leaks})}
    return Parsed(facts={"secrets.found": len(leaks)}, details=details)
