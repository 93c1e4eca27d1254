"""JUnit/xUnit XML test results: counted from the test cases, parsed with entity expansion and DTDs off."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters.base import InvalidEvidence, Parsed, iso, labeled, parse_time

KIND = "junit"
FAMILY = "tests"
DESCRIPTION = "JUnit XML test results (Surefire, pytest, jest-junit, mocha, go-junit-report, CTest, ...)"
FACTS = (
    "tests.total", "tests.passed", "tests.failed", "tests.errors", "tests.skipped", "tests.flaky",
    "tests.duration_s", "tests.pass_rate", "tests.suites", "tests.started_at",
)
_FAILURE_SAMPLE = 10
_MESSAGE_LIMIT = 300


def sniff(path: Path, head: bytes) -> bool:
    """A JUnit file is XML whose first element is <testsuites> or <testsuite>."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"<"):
        return False
    return b"<testsuite" in text[:4096]


def _safe_parse(source: Any) -> Any:
    from defusedxml import ElementTree

    return ElementTree.parse(source, forbid_dtd=False, forbid_entities=True, forbid_external=True)


def _outcome(case: Any) -> str:
    tags = {child.tag for child in case}
    if "error" in tags:
        return "errors"
    if "failure" in tags:
        return "failed"
    if "skipped" in tags or case.get("status") in {"disabled", "skipped"}:
        return "skipped"
    return "passed"


def parse(path: Path) -> Parsed:
    """Count test outcomes per file and per suite from the <testcase> elements."""
    from defusedxml import DefusedXmlException
    from junitparser import JUnitXml, JUnitXmlError

    try:
        root = JUnitXml.fromfile(str(path), parse_func=_safe_parse)._elem
    except DefusedXmlException as exc:
        raise InvalidEvidence(f"unsafe XML refused: {exc}") from None
    except JUnitXmlError as exc:
        raise InvalidEvidence(f"not JUnit XML: {exc}") from None
    except Exception as exc:  # ParseError and friends carry line/column in their text
        raise InvalidEvidence(f"malformed XML: {exc}") from None
    totals: Counter[str] = Counter()
    per_suite: dict[str, Counter[str]] = {}
    duration, suites, failures = 0.0, 0, []
    started = []
    for suite in root.iter("testsuite"):
        suites += 1
        stamp = parse_time(suite.get("timestamp"))
        if stamp:
            started.append(stamp)
        name = suite.get("name") or "(unnamed)"
        counts = per_suite.setdefault(name, Counter())
        for case in suite.findall("testcase"):
            outcome = _outcome(case)
            for bucket in (totals, counts):
                bucket["total"] += 1
                bucket[outcome] += 1
            duration += _seconds(case.get("time"))
            if outcome in {"failed", "errors"} and len(failures) < _FAILURE_SAMPLE:
                failures.append(_failure(case, name))
    if totals["total"] == 0:
        warnings = ["0 tests ran"]
    else:
        warnings = []
    facts: dict[str, Any] = {f"tests.{k}": totals[k] for k in ("total", "passed", "failed", "errors", "skipped")}
    facts["tests.flaky"] = 0
    facts["tests.suites"] = suites
    facts["tests.duration_s"] = round(duration, 3)
    executed = totals["total"] - totals["skipped"]
    if executed > 0:
        facts["tests.pass_rate"] = round(totals["passed"] / executed, 6)
    if started:
        facts["tests.started_at"] = iso(min(started))
    for suite_name, counts in per_suite.items():
        for key in ("total", "passed", "failed", "errors", "skipped"):
            facts[labeled(f"tests.{key}", "suite", suite_name)] = counts[key]
    return Parsed(facts=facts, observed_at=min(started) if started else None, warnings=warnings,
                  details={"failures": failures} if failures else {})


def _seconds(text: str | None) -> float:
    try:
        return max(float(text or 0), 0.0)
    except ValueError:
        return 0.0


def _failure(case: Any, suite: str) -> dict[str, str]:
    node = case.find("error") if case.find("error") is not None else case.find("failure")
    message = (node.get("message") or node.text or "").strip().splitlines()
    first = message[0] if message else ""
    return {
        "suite": suite,
        "name": case.get("name") or "",
        "classname": case.get("classname") or "",
        "message": first[:_MESSAGE_LIMIT],
    }
