"""`pip check` output saved to a file: how many installed requirements are broken, and which."""

from __future__ import annotations

import re
from pathlib import Path

from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "pip_check"
FAMILY = "environment"
DESCRIPTION = "pip check output (broken or missing requirements of installed packages)"
FACTS = ("env.broken_requirements",)
LINE_SAMPLE = 100
_CLEAN = "No broken requirements found."
# The messages of pip's `check` command (pip/_internal/commands/check.py), all pip >= 10.
_PROBLEMS = (
    re.compile(r"^(?P<pkg>\S+) (?P<ver>\S+) has requirement (?P<req>.+), but you have (?P<have>.+)\.$"),
    re.compile(r"^(?P<pkg>\S+) (?P<ver>\S+) requires (?P<req>.+), which is not installed\.$"),
    re.compile(r"^(?P<pkg>\S+) (?P<ver>\S+) is not supported on this platform$"),
)


def sniff(path: Path, head: bytes) -> bool:
    """The first non-empty line is pip check's all-clear or one of its problem messages."""
    try:
        lines = head.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return False
    first = next((line.strip() for line in lines if line.strip()), "")
    return first == _CLEAN or any(p.match(first) for p in _PROBLEMS)


def parse(path: Path) -> Parsed:
    """Each problem line is one broken requirement; the all-clear line means 0."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:  # sniffed on a UTF-8 head; a later byte can still be wrong
        raise InvalidEvidence(f"not UTF-8 text at byte {exc.start}: pip check writes UTF-8") from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines == [_CLEAN]:
        return Parsed(facts={"env.broken_requirements": 0}, details={"problems": []})
    problems = []
    for number, line in enumerate(lines, start=1):
        match = next((m for p in _PROBLEMS if (m := p.match(line))), None)
        if match is None:
            raise InvalidEvidence(f"line {number}: not a pip check message: {line[:120]!r}")
        problems.append({"package": match["pkg"], "version": match["ver"], "line": line})
    packages = sorted({p["package"] for p in problems})
    details = {"problems": problems[:LINE_SAMPLE], "problems_truncated": len(problems) > LINE_SAMPLE,
               "packages": packages}
    return Parsed(facts={"env.broken_requirements": len(problems)}, details=details)
