"""Cobertura XML coverage (coverage.py xml, istanbul/c8/nyc, coverlet, gcovr, simplecov): recomputed from <line>s.

Counting: the <line>s of each <class> (its <methods> lines only when the class lists none of its own);
every (file, line number) counts once however often it is repeated (duplicated classes or packages, as
multi-target builds write); a line is covered when any copy has hits > 0; branches come from
condition-coverage="NN% (covered/total)" on branch="true" lines. The root header (lines-valid,
lines-covered, branches-valid, branches-covered) is only compared with the body, never trusted over it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from readiness.adapters._coverage import FACTS, epoch, finish, header_warnings
from readiness.adapters._xmlsafe import checked_events, drop, read_head, root_tag
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "cobertura"
FAMILY = "coverage"
DESCRIPTION = "Cobertura XML coverage (coverage.py xml, istanbul/c8, coverlet, gcovr, simplecov)"
__all__ = ["FACTS", "KIND", "FAMILY", "DESCRIPTION", "sniff", "parse"]
_CONDITION = re.compile(r"\((\d+)\s*/\s*(\d+)\)")
_HEADER = {"lines_total": "lines-valid", "lines_covered": "lines-covered",
           "branches_total": "branches-valid", "branches_covered": "branches-covered"}


def sniff(path: Path, head: bytes) -> bool:
    """Cobertura: root <coverage> with Cobertura's rate/valid attributes or <packages>/<sources>."""
    if root_tag(head) != "coverage":
        return False
    return any(marker in head for marker in (b"line-rate", b"lines-valid", b"<packages", b"<sources"))


def _hits(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


class _Lines:
    """Every measured line of the report, merged by (file, line number) so repeats count once.

    Per file a bytearray indexed by line number (0 absent, 1 missed, 2 covered) keeps memory at about
    one byte per source line; branch data is kept only for branch lines.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytearray] = {}
        self.branches: dict[tuple[str, int], tuple[int, int]] = {}
        self.loose = [0, 0]  # lines without a usable number: counted, never merged

    def add(self, source: str, line: Any) -> None:
        covered = _hits(line.get("hits")) > 0
        number = _int(line.get("number"))
        if number is None or number < 0 or number > 10_000_000:
            self.loose[0] += covered
            self.loose[1] += 1
        else:
            marks = self.files.setdefault(source, bytearray())
            if len(marks) <= number:
                marks.extend(bytes(number + 1 - len(marks)))
            marks[number] = max(marks[number], 2 if covered else 1)
        if (line.get("branch") or "").lower() == "true":
            match = _CONDITION.search(line.get("condition-coverage") or "")
            if match:
                key = (source, number if number is not None else -len(self.branches) - 1)
                old = self.branches.get(key, (0, 0))
                self.branches[key] = (max(old[0], int(match.group(1))), max(old[1], int(match.group(2))))

    def totals(self) -> tuple[tuple[int, int], tuple[int, int] | None]:
        """((covered, total) lines, (covered, total) branches or None when no line has branch data)."""
        covered, total = self.loose
        for marks in self.files.values():
            covered += marks.count(2)
            total += marks.count(1) + marks.count(2)
        if not self.branches:
            return (covered, total), None
        return (covered, total), (sum(b[0] for b in self.branches.values()),
                                  sum(b[1] for b in self.branches.values()))


def parse(path: Path) -> Parsed:
    """Line and branch coverage recomputed from the <line> elements."""
    head = read_head(path, "Cobertura XML")
    tag = root_tag(head)
    if tag != "coverage":
        raise InvalidEvidence(f"not Cobertura XML: root element <{tag}>, expected <coverage>")
    header: dict[str, int | None] = {}
    observed = None
    lines, source, classes = _Lines(), "", 0
    class_lines, method_lines = 0, []
    for event, element in checked_events(path, events=("start", "end"), tag=("coverage", "class", "line")):
        if element.tag == "line":
            if event == "end":
                parent = element.getparent()  # <class>/<lines>/<line> or <method>/<lines>/<line>
                owner = parent.getparent() if parent is not None else None
                if owner is not None and owner.tag == "class":
                    class_lines += 1
                    lines.add(source, element)
                else:
                    method_lines.append(element)
        elif element.tag == "class":
            if event == "start":
                classes += 1
                # Repeated classes of one file merge; a nameless class is kept apart from every other.
                source = element.get("filename") or element.get("name") or f"(class {classes})"
                class_lines, method_lines = 0, []
            else:
                # Method lines repeat the class lines (istanbul adds declaration lines there): they only
                # count for a class that lists no lines of its own.
                for line in method_lines if not class_lines else ():
                    lines.add(source, line)
                method_lines = []
                drop(element)
        elif event == "start" and element.getparent() is None:
            header = {key: _int(element.get(attr)) for key, attr in _HEADER.items()}
            observed = epoch(element.get("timestamp"))
    (covered, total), branches = lines.totals()
    body = {"lines_total": total, "lines_covered": covered,
            "branches_total": branches[1] if branches else 0, "branches_covered": branches[0] if branches else 0}
    per_file = [(name, marks.count(1) + marks.count(2), marks.count(2)) for name, marks in lines.files.items()]
    return finish((covered, total), branches, observed_at=observed,
                  warnings=header_warnings("Cobertura", header, body), details={"header": header},
                  per_file=per_file if not lines.loose[1] else None)


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except (ValueError, OverflowError):  # "1e400" is infinite: no count
        return None
