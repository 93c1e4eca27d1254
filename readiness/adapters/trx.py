"""MSTest / VSTest `.trx` test results (`<TestRun>` in the TeamTest 2010 namespace), counted from the results.

A suite is the test class (`TestMethod/@className` of the result's test definition, assembly part dropped).
Outcomes: Passed/PassedButRunAborted/Warning/Completed passed; Failed failed; Error/Timeout/Aborted/
NotRunnable/Disconnected errors; NotExecuted/Inconclusive/Pending/InProgress skipped; missing or unknown
errors. Data-driven results count their inner results. Details in tests/fixtures/tests/README.md ("TRX").
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.adapters import _dotnet
from readiness.adapters._dotnet import ERRORS, FAILED, PASSED, SKIPPED, Counts
from readiness.adapters._xmlsafe import root_tag
from readiness.adapters.base import InvalidEvidence, Parsed, parse_time

KIND = "trx"
FAMILY = "tests"
DESCRIPTION = "MSTest/VSTest TRX test results (dotnet test --logger trx, Visual Studio)"
FACTS = _dotnet.FACTS
NAMESPACE = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"
_NS = f"{{{NAMESPACE}}}"
# The root's start tag only (first <TestRun, up to its >), then its namespace: linear on any head.
_ROOT = re.compile(rb"<TestRun\s([^>]*)")
_XMLNS = re.compile(rb"xmlns=[\"']http://microsoft\.com/schemas/VisualStudio/TeamTest/(\d{4})[\"']")
_OUTCOMES = {
    "passed": PASSED, "passedbutrunaborted": PASSED, "warning": PASSED, "completed": PASSED,
    "failed": FAILED,
    "error": ERRORS, "timeout": ERRORS, "aborted": ERRORS, "notrunnable": ERRORS, "disconnected": ERRORS,
    "notexecuted": SKIPPED, "inconclusive": SKIPPED, "pending": SKIPPED, "inprogress": SKIPPED,
}
_DURATION = re.compile(r"^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


def sniff(path: Path, head: bytes) -> bool:
    """A TRX file: root <TestRun> whose default namespace is Visual Studio's TeamTest schema."""
    root = _ROOT.search(head) if root_tag(head) == "TestRun" else None
    return root is not None and _XMLNS.search(root[1]) is not None


def parse(path: Path) -> Parsed:
    """Count TRX test results per test class."""
    root = _dotnet.parse_tree(path, "TRX")
    if root.tag != f"{_NS}TestRun":
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        raise InvalidEvidence(f"not a TRX 2010 file: root <{root.tag.split('}')[-1]}> in {namespace},"
                              f" expected <TestRun> in {NAMESPACE}")
    classes = _classes(root)
    counts = Counts()
    unknown: set[str] = set()
    for result in _leaf_results(root):
        outcome_text = (result.get("outcome") or "").strip()
        outcome = _OUTCOMES.get(outcome_text.lower(), ERRORS)
        if outcome_text.lower() not in _OUTCOMES:
            unknown.add(outcome_text or "(none)")
        message = ""
        if outcome in (FAILED, ERRORS):
            message = _dotnet.first_line(result.findtext(f"{_NS}Output/{_NS}ErrorInfo/{_NS}Message"),
                                         result.findtext(f"{_NS}Output/{_NS}ErrorInfo/{_NS}StackTrace"),
                                         f"outcome {outcome_text}" if outcome_text else "no outcome")
        suite = classes.get(result.get("testId") or "", "(no class)")
        counts.add(suite, outcome, _duration(result), result.get("testName") or "", message)
    if unknown:
        counts.warnings.append(f"unknown TRX outcome(s) counted as errors: {', '.join(sorted(unknown))}")
    times = root.find(f"{_NS}Times")
    if times is not None:
        counts.start(parse_time(times.get("start")) or parse_time(times.get("creation")))
    counters = root.find(f"{_NS}ResultSummary/{_NS}Counters")
    if counters is not None:
        # The counters count a data-driven test once, as its parent result.
        counts.check_declared("ResultSummary/Counters", _dotnet.integer(counters.get("total")),
                              len(root.findall(f"{_NS}Results/*")))
    return counts.parsed()


def _classes(root: Any) -> dict[str, str]:
    """Test definition id -> class name (the part of className before the assembly name)."""
    found = {}
    for definition in root.iterfind(f"{_NS}TestDefinitions/*"):
        method = definition.find(f"{_NS}TestMethod")
        class_name = method.get("className") if method is not None else None
        if class_name and class_name.split(",")[0].strip():
            found[definition.get("id") or ""] = class_name.split(",")[0].strip()
    return found


def _leaf_results(root: Any) -> list[Any]:
    """Every result under <Results>; a data-driven or ordered result counts through its inner results."""
    leaves = []
    pending = list(root.iterfind(f"{_NS}Results/*"))
    while pending:
        result = pending.pop(0)
        inner = result.findall(f"{_NS}InnerResults/*")
        if inner:
            pending[:0] = inner
        else:
            leaves.append(result)
    return leaves


def _duration(result: Any) -> float:
    """Seconds from duration="hh:mm:ss.fffffff", else endTime - startTime; 0 when neither is readable."""
    match = _DURATION.match((result.get("duration") or "").strip())
    if match:
        hours, minutes, secs = match.groups()
        return _dotnet.seconds(str(int(hours) * 3600 + int(minutes) * 60 + float(secs)))
    start: datetime | None = parse_time(result.get("startTime"))
    end: datetime | None = parse_time(result.get("endTime"))
    return _dotnet.seconds(str((end - start).total_seconds())) if start and end else 0.0
