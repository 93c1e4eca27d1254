"""lcov tracefiles (.info: geninfo/lcov, c8, nyc/istanbul, Jest, cargo-llvm-cov): recomputed from DA/BRDA.

Each SF record's DA:<line>,<hits> lines give line coverage and BRDA:<line>,<block>,<branch>,<taken> lines
branch coverage ("-" = never evaluated = not taken). Records for the same source file (one per test
name) merge by line. The LF/LH/BRF/BRH summary lines are only compared with the recomputed body.
"""

from __future__ import annotations

from pathlib import Path

from readiness.adapters._coverage import FACTS, finish, header_warnings
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed

KIND = "lcov"
FAMILY = "coverage"
DESCRIPTION = "lcov tracefile (.info) from lcov/geninfo, c8, nyc, Jest, llvm-cov"
__all__ = ["FACTS", "KIND", "FAMILY", "DESCRIPTION", "sniff", "parse"]
_HEADER = {"LF": "lines_total", "LH": "lines_covered", "BRF": "branches_total", "BRH": "branches_covered"}


def sniff(path: Path, head: bytes) -> bool:
    """An lcov tracefile: its first line is TN:/SF:, and an SF: record with DA: lines follows."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not (text.startswith(b"TN:") or text.startswith(b"SF:")):
        return False
    return b"SF:" in text and (b"\nDA:" in text or b"end_of_record" in text)


class _Tracefile:
    """Lines and branches per source file, merged by line across records."""

    def __init__(self) -> None:
        self.lines: dict[str, dict[int, bool]] = {}
        self.branches: dict[str, dict[tuple[str, str, str], bool]] = {}
        self.header = dict.fromkeys(_HEADER.values(), 0)
        self.header_seen = False

    def line(self, source: str, fields: list[str]) -> None:
        number, hits = int(fields[0]), float(fields[1])
        lines = self.lines.setdefault(source, {})
        lines[number] = lines.get(number, False) or hits > 0

    def branch(self, source: str, fields: list[str]) -> None:
        key = (fields[0], fields[1], fields[2])
        taken = fields[3].strip() not in ("-", "") and float(fields[3]) > 0
        branches = self.branches.setdefault(source, {})
        branches[key] = branches.get(key, False) or taken


def parse(path: Path) -> Parsed:
    """Line and branch coverage recomputed from the DA and BRDA lines of every record."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        raise InvalidEvidence("empty file: no lcov tracefile in it")
    trace = _Tracefile()
    source = None
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                continue
            key, _, value = line.partition(":")
            try:
                source = _apply(trace, source, key, value)
            except (ValueError, IndexError):
                raise InvalidEvidence(f"line {number}: malformed {key or 'lcov'} record: {line[:80]!r}") from None
    if not trace.lines and not trace.branches:
        raise InvalidEvidence("not an lcov tracefile: no SF:/DA: records")
    covered = sum(sum(lines.values()) for lines in trace.lines.values())
    total = sum(len(lines) for lines in trace.lines.values())
    branch_total = sum(len(b) for b in trace.branches.values())
    branch_covered = sum(sum(b.values()) for b in trace.branches.values())
    body = {"lines_total": total, "lines_covered": covered,
            "branches_total": branch_total, "branches_covered": branch_covered}
    header = dict(trace.header) if trace.header_seen else {}
    return finish((covered, total), (branch_covered, branch_total) if branch_total else None,
                  observed_at=None, warnings=header_warnings("lcov LF/LH/BRF/BRH", header, body),
                  details={"files": len(trace.lines)},
                  per_file=[(name, len(lines), sum(lines.values())) for name, lines in trace.lines.items()])


def _apply(trace: _Tracefile, source: str | None, key: str, value: str) -> str | None:
    """Apply one tracefile line; returns the current source file."""
    if key == "SF":
        return value
    if key == "end_of_record":
        return None
    if key in ("DA", "BRDA"):
        if source is None:
            raise ValueError("record outside SF")
        fields = value.split(",")
        if key == "DA":
            trace.line(source, fields)
        else:
            trace.branch(source, fields)
    elif key in _HEADER:
        trace.header[_HEADER[key]] += int(value)
        trace.header_seen = True
    # Other records (TN, FN*, VER, a trailing "EOF" some tools write) carry no line or branch counts.
    return source
