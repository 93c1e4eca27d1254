"""coverage.py JSON reports (`coverage json`, format 1-3): recomputed from each file's line lists.

Per file, lines = executed_lines + missing_lines and branches = executed_branches + missing_branches
(falling back to the file's summary numbers when the lists are absent). The report's "totals" block is
only compared with that sum. coverage.py's own percent_covered mixes lines and branches; readiness keeps
coverage.line_pct and coverage.branch_pct apart. meta.timestamp (local time without zone, read as UTC)
becomes observed_at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readiness.adapters._coverage import FACTS, finish, header_warnings
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed, parse_time

KIND = "coveragepy_json"
FAMILY = "coverage"
DESCRIPTION = "coverage.py JSON report (coverage json)"
__all__ = ["FACTS", "KIND", "FAMILY", "DESCRIPTION", "sniff", "parse"]
_TOTALS = {"lines_total": "num_statements", "lines_covered": "covered_lines",
           "branches_total": "num_branches", "branches_covered": "covered_branches"}


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with coverage.py's "files" map and its per-file line lists or summaries."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{") or b'"files"' not in text:
        return False
    return b'"executed_lines"' in text or (b'"covered_lines"' in text and b'"num_statements"' in text)


def _number(value: Any) -> int:
    # A negative count is kept: the evidence stage refuses the file as impossible rather than read it as 0.
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _file_counts(name: str, entry: dict[str, Any]) -> tuple[int, int, int, int, bool]:
    """(lines covered, lines total, branches covered, branches total, has branch data) of one file."""
    found = entry.get("summary")
    summary: dict[str, Any] = found if isinstance(found, dict) else entry
    executed, missing = entry.get("executed_lines"), entry.get("missing_lines")
    if isinstance(executed, list) and isinstance(missing, list):
        if not all(isinstance(n, int) for n in executed + missing):
            raise InvalidEvidence(f"file {name!r}: executed_lines/missing_lines must list line numbers")
        covered, total = len(set(executed)), len(set(executed) | set(missing))
    else:
        covered, total = _number(summary.get("covered_lines")), _number(summary.get("num_statements"))
    taken, untaken = entry.get("executed_branches"), entry.get("missing_branches")
    if isinstance(taken, list) and isinstance(untaken, list):
        return covered, total, len(taken), len(taken) + len(untaken), True
    has_branches = "num_branches" in summary
    return covered, total, _number(summary.get("covered_branches")), _number(summary.get("num_branches")), \
        has_branches


def parse(path: Path) -> Parsed:
    """Line and branch coverage summed over the report's files."""
    with path.open("rb") as handle:
        if not handle.read(HEAD_BYTES).strip():
            raise InvalidEvidence("empty file: no coverage.py JSON in it")
    try:
        report = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidEvidence(f"malformed JSON: {' '.join(str(exc).split())}") from None
    files = report.get("files") if isinstance(report, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise InvalidEvidence('not a coverage.py JSON report: no "files" object of per-file entries')
    sums = [0, 0, 0, 0]
    with_branches = False
    per_file = []
    for name, entry in files.items():
        *counts, has_branches = _file_counts(name, entry)
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        per_file.append((name, counts[1], counts[0]))
        with_branches = with_branches or has_branches
    meta = report.get("meta") if isinstance(report.get("meta"), dict) else {}
    with_branches = with_branches or meta.get("branch_coverage") is True
    totals = report.get("totals") if isinstance(report.get("totals"), dict) else {}
    header = {key: totals[name] for key, name in _TOTALS.items() if isinstance(totals.get(name), int)}
    body = {"lines_total": sums[1], "lines_covered": sums[0], "branches_total": sums[3], "branches_covered": sums[2]}
    stamp = meta.get("timestamp")
    return finish((sums[0], sums[1]), (sums[2], sums[3]) if with_branches else None,
                  observed_at=parse_time(stamp) if isinstance(stamp, str) else None,
                  warnings=header_warnings("coverage.py totals", dict(header), body),
                  details={"files": len(files), "format": meta.get("format")},
                  per_file=per_file, tool="coverage.py" if meta.get("version") else None)
