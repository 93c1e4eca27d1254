"""xUnit.net XML test results: v2+ `<assemblies>` (and the v1 `<assembly>` root), counted from the <test>s.

A suite is a test collection (v2; by default one per class) or a class (v1). Outcomes: Pass passed, Fail
failed, Skip and NotRun (explicit tests not requested) skipped; an environmental <error> (fixture cleanup,
fatal) is one errored test of the assembly. Details in tests/fixtures/tests/README.md ("xUnit.net").
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.adapters import _dotnet
from readiness.adapters._dotnet import ERRORS, FAILED, PASSED, SKIPPED, Counts
from readiness.adapters._xmlsafe import root_tag
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.adapters.junit import suite_timestamp

KIND = "xunit_net"
FAMILY = "tests"
DESCRIPTION = "xUnit.net XML test results (v2+ <assemblies>, v1 <assembly>)"
FACTS = _dotnet.FACTS
_RESULTS = {"pass": PASSED, "fail": FAILED, "skip": SKIPPED, "notrun": SKIPPED}
# A v1 root <assembly> is a common word: require xUnit's own attributes or children, and no namespace
# (.NET assembly manifests use <assembly xmlns="urn:schemas-microsoft-com:asm.v1">).
# Only the root's start tag is read (the first <assembly, up to its >): a pattern tried at every
# <assembly of the head took 20 s on a 64 KiB head repeating it.
_V1_ROOT = re.compile(rb"<assembly\s([^>]*)")
_V1_MARK = re.compile(rb"\b(?:run-date|test-framework)=")
_XMLNS = re.compile(rb"\bxmlns\b")


def sniff(path: Path, head: bytes) -> bool:
    """xUnit.net XML: root <assemblies>, or a namespace-less <assembly> root carrying run-date/test-framework."""
    tag = root_tag(head)
    if tag == "assemblies":
        return True
    root = _V1_ROOT.search(head) if tag == "assembly" else None
    return root is not None and not _XMLNS.search(root[1]) and _V1_MARK.search(root[1]) is not None


def parse(path: Path) -> Parsed:
    """Count xUnit.net tests per collection (v2) or class (v1)."""
    root = _dotnet.parse_tree(path, "xUnit.net XML")
    if root.tag == "assemblies":
        assemblies = root.findall("assembly")
    elif root.tag == "assembly":
        assemblies = [root]
    else:
        raise InvalidEvidence(f"not xUnit.net XML: root element <{root.tag}>, expected <assemblies>")
    counts = Counts()
    declared: int | None = 0
    for assembly in assemblies:
        _assembly(assembly, counts)
        total = _dotnet.integer(assembly.get("total"))
        declared = None if total is None or declared is None else declared + total
    if counts.unreadable:
        counts.warnings.append(f"{counts.unreadable} test(s) without a readable result counted as errors")
    counts.start(_started(root, assemblies))
    if assemblies:
        listed = sum(1 for a in assemblies for _ in a.iterfind("*/test"))  # environmental errors excluded
        counts.check_declared("the <assembly> total", declared, listed)
    return counts.parsed()


def _assembly(assembly: Any, counts: Counts) -> None:
    for group in assembly:
        if group.tag not in ("collection", "class"):
            continue
        name = group.get("name") or "(unnamed)"
        counts.suite(name)
        failure = group.find("failure")
        if group.tag == "class" and failure is not None:  # v1: the class fixture failed
            counts.add(name, ERRORS, 0.0, f"{name} (class failure)", _message(failure))
        for test in group.iter("test"):
            found = outcome_of(test)
            if found is None:
                counts.unreadable += 1
            outcome = ERRORS if found is None else found  # an unreadable result is never a pass
            message = _message(test.find("failure")) if outcome in (FAILED, ERRORS) else ""
            counts.add(name, outcome, _dotnet.seconds(test.get("time")), test.get("name") or "", message)
    for error in assembly.iterfind("errors/error"):
        label = error.get("name") or assembly.get("name") or ""
        counts.add(None, ERRORS, 0.0, f"({error.get('type') or 'error'}) {label}".strip(),
                   _message(error.find("failure")))


def outcome_of(test: Any) -> int | None:
    """PASSED/FAILED/SKIPPED of one <test>, None when the result is missing or unknown."""
    result = (test.get("result") or "").strip().lower()
    if result in _RESULTS:
        return _RESULTS[result]
    if test.find("failure") is not None:
        return FAILED
    if test.find("reason") is not None:
        return SKIPPED
    return None


def _message(failure: Any) -> str:
    if failure is None:
        return ""
    return _dotnet.first_line(failure.findtext("message"), failure.findtext("stack-trace"),
                              failure.get("exception-type"))


def _started(root: Any, assemblies: list[Any]) -> datetime | None:
    """start-rtf (schema 2+) of the run or its first assembly, else run-date + run-time (naive = UTC)."""
    found = suite_timestamp(root.get("start-rtf"))
    if found is not None:
        return found
    stamps = []
    for assembly in assemblies:
        stamp = suite_timestamp(assembly.get("start-rtf"))
        date, time = (assembly.get("run-date") or "").strip(), (assembly.get("run-time") or "").strip()
        if stamp is None and date and time:
            stamp = suite_timestamp(f"{date}T{time}")
        if stamp is not None:
            stamps.append(stamp)
    return min(stamps, default=None)
