"""JaCoCo XML coverage: lines and branches recomputed from <sourcefile>/<line> (nr, mi, ci, mb, cb).

JaCoCo reports carry `<!DOCTYPE report PUBLIC ... "report.dtd">`: parsed with DTD loading, network and
entity resolution off. A line is covered when ci > 0; branches are mb + cb. Reports without source
lines (classes compiled without debug info, or sourcefilename missing) fall back to the report-level
LINE/BRANCH <counter>s, which are otherwise only compared with the body.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from readiness.adapters._coverage import FACTS, coverage_facts, epoch, finish, header_warnings
from readiness.adapters._xmlsafe import checked_events, drop, read_head, root_tag
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "jacoco"
FAMILY = "coverage"
DESCRIPTION = "JaCoCo XML coverage report (Maven/Gradle jacoco, also Pester's JaCoCo output)"
__all__ = ["FACTS", "KIND", "FAMILY", "DESCRIPTION", "sniff", "parse"]


def sniff(path: Path, head: bytes) -> bool:
    """JaCoCo: root <report> with the JaCoCo DOCTYPE, a <sessioninfo> or JaCoCo <counter>s."""
    if root_tag(head) != "report":
        return False
    return any(marker in head for marker in (b"JACOCO", b"<sessioninfo", b'<counter type="'))


def _count(text: str | None) -> int:
    try:
        return max(int(text or 0), 0)
    except ValueError:
        return 0


def parse(path: Path) -> Parsed:
    """Line and branch coverage from the source lines, or from the report counters when there are none."""
    head = read_head(path, "JaCoCo XML")
    tag = root_tag(head)
    if tag != "report":
        raise InvalidEvidence(f"not JaCoCo XML: root element <{tag}>, expected <report>")
    lines = [0, 0]
    branches = [0, 0]
    header: dict[str, int | None] = {}
    dumps: list[datetime] = []
    for _, element in checked_events(path, events=("end",), tag=("line", "counter", "sessioninfo", "sourcefile")):
        if element.tag == "line":
            lines[0] += _count(element.get("ci")) > 0
            lines[1] += 1
            branches[0] += _count(element.get("cb"))
            branches[1] += _count(element.get("cb")) + _count(element.get("mb"))
        elif element.tag == "counter":
            parent = element.getparent()
            kind = element.get("type")
            if parent is not None and parent.getparent() is None and kind in ("LINE", "BRANCH"):
                covered, missed = _count(element.get("covered")), _count(element.get("missed"))
                name = "lines" if kind == "LINE" else "branches"
                header[f"{name}_covered"] = covered
                header[f"{name}_total"] = covered + missed
        elif element.tag == "sessioninfo":
            stamp = epoch(element.get("dump") or element.get("start"))
            if stamp is not None:
                dumps.append(stamp)
        else:
            drop(element)
    warnings: list[str] = []
    if lines[1]:
        body = {"lines_total": lines[1], "lines_covered": lines[0],
                "branches_total": branches[1], "branches_covered": branches[0]}
        warnings = header_warnings("JaCoCo report counter", header, body)
        line_counts, branch_counts = (lines[0], lines[1]), (branches[0], branches[1])
    elif "lines_total" not in header:
        return _without_lines(header, max(dumps) if dumps else None)
    else:
        line_counts = (header.get("lines_covered") or 0, header.get("lines_total") or 0)
        branch_counts = (header.get("branches_covered") or 0, header.get("branches_total") or 0)
        if line_counts[1]:
            warnings = ["no source lines in the report: facts taken from the report-level counters"]
    return finish(line_counts, branch_counts if branch_counts[1] else None,
                  observed_at=max(dumps) if dumps else None, warnings=warnings, details={"header": header})


def _without_lines(header: dict[str, int | None], observed_at: datetime | None) -> Parsed:
    """Neither source lines nor a report-level LINE counter: the line counts are unknown, not 0.

    JaCoCo writes a counter only when its total is above 0, and classes without debug info have
    branch counters but no line counters: the branch facts still stand.
    """
    branches = (header.get("branches_covered") or 0, header.get("branches_total") or 0)
    facts = {k: v for k, v in coverage_facts((0, 0), branches).items() if "line" not in k}
    warning = "no source lines and no report-level LINE counter: line coverage unknown"
    return Parsed(facts=facts, observed_at=observed_at, warnings=[warning], details={"header": header})
