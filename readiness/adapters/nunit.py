"""NUnit test results: NUnit 3 `<test-run>` and NUnit 2 `<test-results>` XML, counted from the <test-case>s.

Outcome and suite rules are documented in tests/fixtures/tests/README.md ("NUnit"); in short: a suite is the
nearest `<test-suite type="TestFixture">` (or another fixture type), Ignored/Skipped/Inconclusive and
executed="False" are skipped, NotRunnable/Invalid/Error/Cancelled are errors.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.adapters import _dotnet
from readiness.adapters._dotnet import ERRORS, FAILED, PASSED, SKIPPED, Counts
from readiness.adapters._xmlsafe import root_tag
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.adapters.junit import suite_timestamp

KIND = "nunit"
FAMILY = "tests"
DESCRIPTION = "NUnit test results (NUnit 3 <test-run>, NUnit 2 <test-results>)"
FACTS = _dotnet.FACTS
_ROOTS = {"test-run", "test-results"}
_FIXTURES = {"TestFixture", "GenericFixture", "ParameterizedFixture", "SetUpFixture"}
# Suites that group the cases of one method: never a suite of their own.
_METHOD_GROUPS = {"ParameterizedTest", "ParameterizedMethod", "Theory", "GenericMethod"}
# NUnit 2 result attribute; NUnit 3 writes Passed/Failed/Skipped/Inconclusive/Warning plus a label.
_NUNIT2 = {"success": PASSED, "failure": FAILED, "error": ERRORS, "notrunnable": ERRORS, "cancelled": ERRORS,
           "ignored": SKIPPED, "skipped": SKIPPED, "inconclusive": SKIPPED}
_ERROR_LABELS = {"error", "invalid", "cancelled"}


def sniff(path: Path, head: bytes) -> bool:
    """NUnit XML has the root element <test-run> (NUnit 3) or <test-results> (NUnit 2), no namespace."""
    return root_tag(head) in _ROOTS


def parse(path: Path) -> Parsed:
    """Count NUnit test cases per fixture."""
    root = _dotnet.parse_tree(path, "NUnit XML")
    if root.tag not in _ROOTS:
        raise InvalidEvidence(f"not NUnit XML: root element <{root.tag}>, expected <test-run> or <test-results>")
    counts = Counts()
    version3 = root.tag == "test-run"
    unreadable = 0
    for case in root.iter("test-case"):
        found = outcome_of(case, version3=version3)
        unreadable += found is None
        outcome = ERRORS if found is None else found  # an unreadable result is never a pass
        suite = _suite_name(case)
        duration = _dotnet.seconds(case.get("duration") or case.get("time"))
        message = ""
        if outcome in (FAILED, ERRORS):
            message = _dotnet.first_line(case.findtext("failure/message"), case.findtext("reason/message"),
                                         case.findtext("failure/stack-trace"), case.get("label"))
        counts.add(suite, outcome, duration, case.get("fullname") or case.get("name") or "", message)
    for suite in root.iter("test-suite"):
        if suite.get("type") in _FIXTURES and suite.find(".//test-suite") is None:
            counts.suite(_fixture_name(suite))  # an empty fixture is still a suite
    if unreadable:
        counts.warnings.append(f"{unreadable} test case(s) with an unreadable result/success attribute"
                               " counted as errors")
    counts.start(_started(root))
    if version3:
        counts.check_declared("the <test-run> root", _dotnet.integer(root.get("total")))
    return counts.parsed()


def outcome_of(case: Any, *, version3: bool) -> int | None:
    """PASSED/FAILED/ERRORS/SKIPPED of one <test-case> (see the module docstring), None when unreadable."""
    result = (case.get("result") or "").strip().lower()
    if version3:
        if result == "failed":
            return ERRORS if (case.get("label") or "").strip().lower() in _ERROR_LABELS else FAILED
        if result in ("passed", "warning"):
            return PASSED
        if result in ("skipped", "inconclusive"):
            return SKIPPED
    elif result in _NUNIT2:
        return _NUNIT2[result]
    # NUnit 2.2-era files carry only executed/success.
    if (case.get("executed") or "").strip().lower() == "false":
        return SKIPPED
    if case.find("failure") is not None or (case.get("success") or "").strip().lower() == "false":
        return FAILED
    if (case.get("success") or "").strip().lower() == "true":
        return PASSED
    return None


def _suite_name(case: Any) -> str:
    """The fixture a test case belongs to: nearest fixture-typed suite, else nearest non-method-group suite."""
    fallback = None
    for suite in case.iterancestors("test-suite"):
        kind = suite.get("type")
        if kind in _FIXTURES:
            return _fixture_name(suite)
        if fallback is None and kind not in _METHOD_GROUPS and kind not in ("Assembly", "Namespace"):
            fallback = suite
    if fallback is not None:
        return _fixture_name(fallback)
    return case.get("classname") or "(no fixture)"


def _fixture_name(suite: Any) -> str:
    """NUnit 3 fullname (or classname); NUnit 2 gets its Namespace suites' names prefixed as NUnit shows them."""
    name = suite.get("fullname") or suite.get("classname")
    if name:
        return str(name)
    parts = [str(s.get("name") or "") for s in suite.iterancestors("test-suite") if s.get("type") == "Namespace"]
    return ".".join([*reversed(parts), str(suite.get("name") or "(unnamed)")])


def _started(root: Any) -> datetime | None:
    """NUnit 3 start-time (with run-date when it holds only a time), NUnit 2 date + time; naive = UTC."""
    if root.tag == "test-run":
        start = (root.get("start-time") or "").strip()
        if start and len(start) <= 8 and root.get("run-date"):  # NUnit 3.0 betas wrote a bare time
            start = f"{root.get('run-date')}T{start}"
        found = suite_timestamp(start)
        if found is None:
            stamps = [suite_timestamp(s.get("start-time")) for s in root.iter("test-suite")]
            found = min((s for s in stamps if s is not None), default=None)
        return found
    date, time = (root.get("date") or "").strip(), (root.get("time") or "").strip()
    return suite_timestamp(f"{date}T{time}") if date and time else None
