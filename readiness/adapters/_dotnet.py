"""Shared by the .NET test-result adapters (NUnit, xUnit.net, TRX): safe tree parsing and the tests.* facts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.adapters._testfacts import count_facts, tests_run
from readiness.adapters._xmlsafe import one_line, read_head
from readiness.adapters.base import InvalidEvidence, Parsed

FACTS = (
    "tests.total", "tests.passed", "tests.failed", "tests.errors", "tests.skipped", "tests.runs",
    "tests.duration_s", "tests.pass_rate", "tests.suites", "tests.started_at",
)
# Outcome indexes into a count row [total, passed, failed, errors, skipped, runs].
PASSED, FAILED, ERRORS, SKIPPED = 1, 2, 3, 4
_COUNTS = ("total", "passed", "failed", "errors", "skipped", "runs")
_FAILURE_SAMPLE = 10
_MESSAGE_LIMIT = 300


def parse_tree(path: Path, kind: str) -> Any:
    """The root element of `path`, read by lxml with entities unresolved, no network and no DTD loading.

    A BOM is fine (TRX files carry one); entity declarations are refused before parsing (see read_head).
    """
    from lxml import etree

    read_head(path, kind)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise InvalidEvidence(f"malformed XML: {one_line(exc)}") from None
    except OSError as exc:
        raise InvalidEvidence(f"cannot read the file: {one_line(exc)}") from None


def first_line(*texts: str | None) -> str:
    """The first non-blank line among `texts`, trimmed to a one-line message."""
    for text in texts:
        for line in (text or "").splitlines():
            if line.strip():
                return line.strip()[:_MESSAGE_LIMIT]
    return ""


def seconds(text: str | None) -> float:
    """A duration in seconds; 0 when absent, unreadable, negative or not finite."""
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return value if 0 < value < float("inf") else 0.0


class Counts:
    """Test outcomes of one file: totals, per-suite rows, summed test time and the first failures."""

    def __init__(self) -> None:
        self.totals = [0] * len(_COUNTS)
        self.per_suite: dict[str, list[int]] = {}
        self.suite_seconds: dict[str, float] = {}
        self.seconds = 0.0
        self.failures: list[tuple[tuple[str | None, str], dict[str, str]]] = []
        self.started: datetime | None = None
        self.warnings: list[str] = []
        self.unreadable = 0  # results whose outcome could not be read (counted as errors)
        self.runs = 0
        # Runs of each test id (suite, name): [total, passed, failed, errors, skipped] per id.
        self.groups: dict[tuple[str | None, str], list[int]] = {}

    def add(self, suite: str | None, outcome: int, duration: float, name: str, message: str = "") -> None:
        """One test result; `suite` None counts in the file totals only (e.g. an assembly-level error).
        Results of one named test in one suite are one test run several times (see `_settle`)."""
        self.runs += 1
        self.seconds += duration
        if suite is not None:
            self.suite_seconds[suite] = self.suite_seconds.get(suite, 0.0) + duration
        key = (suite, name) if suite is not None and name else (None, f"(result {self.runs})")
        group = self.groups.setdefault(key, [0] * 5)
        group[0] += 1
        group[outcome] += 1
        if outcome in (FAILED, ERRORS) and len(self.failures) < _FAILURE_SAMPLE:
            self.failures.append((key, {"suite": suite or "", "name": name, "message": message}))

    def _settle(self) -> None:
        """Totals and per-suite rows from the test ids: a test that failed and then passed is passed;
        one that never passed failed (errors win over failures); one only skipped is skipped."""
        self.totals = [0] * len(_COUNTS)
        for row in self.per_suite.values():
            row[:] = [0] * len(_COUNTS)
        for (suite, _), (runs, passed, failed, errors, _skipped) in self.groups.items():
            outcome = PASSED if passed else ERRORS if errors else FAILED if failed else SKIPPED
            rows = [self.totals]
            if suite is not None:
                rows.append(self.per_suite.setdefault(suite, [0] * len(_COUNTS)))
            for row in rows:
                row[0] += 1
                row[outcome] += 1
                row[5] += runs

    def suite(self, name: str) -> None:
        """Declare a suite that may hold no test (it still counts in tests.suites)."""
        self.per_suite.setdefault(name, [0] * len(_COUNTS))
        self.suite_seconds.setdefault(name, 0.0)

    def start(self, when: datetime | None) -> None:
        """Keep the earliest start time seen."""
        if when is not None and (self.started is None or when < self.started):
            self.started = when

    def check_declared(self, what: str, declared: int | None, listed: int | None = None) -> None:
        """Warn when a summary total the file declares disagrees with the tests it lists (default: all counted)."""
        listed = self.runs if listed is None else listed
        if declared is not None and declared != listed:
            self.warnings.append(f"{what} declares {declared} tests but the file lists {listed};"
                                 " counted from the test results")

    def parsed(self) -> Parsed:
        """The facts, warnings and details of the whole file."""
        self._settle()
        failing: dict[tuple[str | None, str], dict[str, str]] = {}
        for key, sample in self.failures:  # the first failure of each test that never passed
            if not self.groups[key][PASSED]:
                failing.setdefault(key, sample)
        failures = list(failing.values())
        facts, found = count_facts(_COUNTS, self.totals, self.per_suite, seconds=self.seconds,
                                   suite_seconds=self.suite_seconds, started=self.started)
        warnings = list(self.warnings) + found
        details: dict[str, Any] = {"failures": failures} if failures else {}
        return Parsed(facts=facts, observed_at=self.started, warnings=warnings, details=details,
                      run=tests_run(facts, self.started))


def integer(text: str | None) -> int | None:
    """A summary count attribute as an int, None when absent or unreadable."""
    try:
        return int(float(text)) if text is not None and text.strip() else None
    except ValueError:
        return None
