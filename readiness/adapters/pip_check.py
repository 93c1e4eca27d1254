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
# The messages of pip's `check` command (pip/_internal/commands/check.py), all pip >= 10:
#   PKG VER has requirement REQ, but you have HAVE.
#   PKG VER requires REQ, which is not installed.
#   PKG VER is not supported on this platform
# Matched with string steps after one linear split: `(?P<req>.+), but you have (?P<have>.+)` was
# quadratic on a line that repeats ", but you have".
_HEAD = re.compile(r"^(\S+) (\S+) (.*)$")
_HAS, _BUT = "has requirement ", ", but you have "
_REQUIRES, _MISSING = "requires ", ", which is not installed."
_UNSUPPORTED = "is not supported on this platform"


def _problem(line: str) -> tuple[str, str] | None:
    """(package, version) of a pip check problem line, else None."""
    head = _HEAD.match(line)
    if head is None:
        return None
    rest = head[3]
    if rest.startswith(_HAS) and rest.endswith("."):
        middle = rest[len(_HAS):-1]
        cut = middle.find(_BUT, 1)  # REQ and HAVE are both non-empty
        found = cut != -1 and cut + len(_BUT) < len(middle)
    elif rest.startswith(_REQUIRES) and rest.endswith(_MISSING):
        found = len(rest) > len(_REQUIRES) + len(_MISSING)
    else:
        found = rest == _UNSUPPORTED
    return (head[1], head[2]) if found else None


def sniff(path: Path, head: bytes) -> bool:
    """The first non-empty line is pip check's all-clear or one of its problem messages."""
    try:
        lines = head.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return False
    first = next((line.strip() for line in lines if line.strip()), "")
    return first == _CLEAN or _problem(first) is not None


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
        match = _problem(line)
        if match is None:
            raise InvalidEvidence(f"line {number}: not a pip check message: {line[:120]!r}")
        problems.append({"package": match[0], "version": match[1], "line": line})
    packages = sorted({p["package"] for p in problems})
    details = {"problems": problems[:LINE_SAMPLE], "problems_truncated": len(problems) > LINE_SAMPLE,
               "packages": packages}
    return Parsed(facts={"env.broken_requirements": len(problems)}, details=details)
