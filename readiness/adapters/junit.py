"""JUnit/xUnit XML test results: counted from the test cases, parsed with entity expansion and DTDs off.

Counting rules (outcome precedence, nearest suite, reruns and flaky tests, suite-level errors, durations,
timestamps) are documented in tests/fixtures/tests/README.md; the rerun rule is in `_verdict`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from readiness import progress
from readiness.adapters._testfacts import PATH_LIMIT, count_facts, test_path, tests_run
from readiness.adapters._xmlsafe import drop, iterparse, one_line, read_head, root_tag, syntax_errors
from readiness.adapters.base import InvalidEvidence, Parsed, parse_time

KIND = "junit"
FAMILY = "tests"
DESCRIPTION = "JUnit XML test results (Surefire, pytest, jest-junit, mocha, go-junit-report, CTest, ...)"
FACTS = (
    "tests.total", "tests.passed", "tests.failed", "tests.errors", "tests.skipped", "tests.flaky", "tests.runs",
    "tests.duration_s", "tests.pass_rate", "tests.suites", "tests.started_at",
)
# Above this size the file is streamed with lxml iterparse; below it junitparser reads the whole tree.
STREAM_ABOVE_BYTES = 4 * 1024 * 1024
_FAILURE_SAMPLE = 10
_MISMATCH_SAMPLE = 5
_MESSAGE_LIMIT = 300
_ROOTS = {"testsuites", "testsuite", "testcase"}
_COUNTS = ("total", "passed", "failed", "errors", "skipped", "flaky", "runs")
# Index of each run outcome in a group record [passed, failed, errors, skipped, flaky-marked passes].
_P, _F, _E, _S, _FLAKY = range(5)
_NOT_RUN_STATUS = {"disabled", "skipped"}
# Jest writes 1970-01-01 for suites that failed to run: a placeholder, not a run time.
_EARLIEST_REAL = datetime(2000, 1, 1, tzinfo=UTC)


def sniff(path: Path, head: bytes) -> bool:
    """A JUnit file is XML whose root element is <testsuites>, <testsuite> (or a lone <testcase>)."""
    return root_tag(head) in _ROOTS


def parse(path: Path) -> Parsed:
    """Count test outcomes per file and per suite from the <testcase> elements."""
    head = read_head(path, "JUnit XML")
    _check_root(root_tag(head))
    tally = Tally()
    if path.stat().st_size > STREAM_ABOVE_BYTES:
        stream_file(path, tally)
    else:
        walk_tree(path, tally)
    return tally.parsed()


def _check_root(tag: object) -> None:
    if tag is None:
        raise InvalidEvidence("not JUnit XML: no XML element at the start of the file")
    if tag not in _ROOTS:
        raise InvalidEvidence(f"not JUnit XML: root element <{tag}>, expected <testsuites> or <testsuite>")


def _defused_parse(source: Any) -> Any:
    """Parse with defusedxml (no entities, no external references); a lone <testcase> root gets a wrapper."""
    from xml.etree import ElementTree

    from defusedxml import ElementTree as DefusedTree

    tree = DefusedTree.parse(source, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    root = tree.getroot()
    _check_root(root.tag)
    if root.tag == "testcase":
        wrapper = ElementTree.Element("testsuites")
        wrapper.append(root)
        return ElementTree.ElementTree(wrapper)
    return tree


def walk_tree(path: Path, tally: Tally) -> None:
    """Small files: read the whole tree with junitparser (defusedxml underneath) and feed the tally."""
    from defusedxml import DefusedXmlException
    from junitparser import JUnitXml, JUnitXmlError

    try:
        root = JUnitXml.fromfile(str(path), parse_func=_defused_parse)._elem
    except InvalidEvidence:
        raise
    except DefusedXmlException as exc:
        raise InvalidEvidence(f"unsafe XML refused: {one_line(exc)}") from None
    except JUnitXmlError as exc:
        raise InvalidEvidence(f"not JUnit XML: {one_line(exc)}") from None
    except Exception as exc:  # ParseError and friends carry line/column in their text
        raise InvalidEvidence(f"malformed XML: {one_line(exc)}") from None
    tally.declare_root(root)
    _walk(root, tally, in_suite=False)
    tally.finish()


def _walk(element: Any, tally: Tally, *, in_suite: bool) -> None:
    for child in element:
        tag = child.tag
        if tag == "testsuite":
            tally.open_suite(child)
            _walk(child, tally, in_suite=True)
            tally.close_suite()
        elif tag == "testcase":
            tally.case(child)
        elif in_suite and tag in ("error", "failure"):
            tally.suite_error(child)


def stream_file(path: Path, tally: Tally) -> None:
    """Big files: lxml iterparse (entities unresolved, no network, no DTD), clearing elements as it goes.

    Only end events are read (half the events of start+end): a suite is entered when the first thing
    inside it ends, found through getparent() (lxml keeps one proxy per node, so `is` is reliable).
    """
    tags = ("testsuite", "testcase", "error", "failure")
    bar = progress.for_file(path)
    if not bar.enabled:  # libxml2 reads the path itself: fastest
        with syntax_errors():
            _dispatch(iterparse(path, events=("end",), tag=tags), tally)
    else:  # on a terminal, files over 100 MB show how far reading has got
        with path.open("rb") as raw, syntax_errors():
            reader = progress.TrackedReader(raw, path.stat().st_size, bar)
            _dispatch(iterparse(reader, events=("end",), tag=tags), tally)
        bar.close()
    tally.finish()


def _dispatch(events: Any, tally: Tally) -> None:
    opened: list[Any] = [None]  # the element of each frame on tally.stack; None for the implicit root
    for _, element in events:
        tag = element.tag
        if tag == "testcase":
            parent = element.getparent()
            if parent is not opened[-1]:
                _enter(parent, opened, tally)
            tally.case(element)
            element.clear(keep_tail=False)
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
        elif tag == "testsuite":
            if element is not opened[-1]:
                _enter(element, opened, tally)
            tally.close_suite()
            opened.pop()
            drop(element)
        else:
            parent = element.getparent()
            if parent is not None and parent.tag == "testsuite":
                if parent is not opened[-1]:
                    _enter(parent, opened, tally)
                tally.suite_error(element)


def _enter(element: Any, opened: list[Any], tally: Tally) -> None:
    """Open the frames of `element` and its not yet opened <testsuite> ancestors, outermost first."""
    if opened[0] is None and len(opened) == 1 and not tally.root_seen:
        tally.root_seen = True
        root = element.getroottree().getroot() if element is not None else None
        if root is not None and root.tag == "testsuites":
            tally.declare_root(root)
    chain = []
    while element is not None and element is not opened[-1]:
        if element.tag == "testsuite":
            chain.append(element)
        element = element.getparent()
    for suite in reversed(chain):
        tally.open_suite(suite)
        opened.append(suite)


_INF = float("inf")


def _seconds(text: str | None) -> float:
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return value if value > 0 and value == value and value != float("inf") else 0.0


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text is not None and text.strip() else None
    except (ValueError, OverflowError):  # "1e400" is infinite: no count
        return None


def suite_timestamp(text: str | None) -> datetime | None:
    """A suite timestamp (ISO 8601 with a time part, or RFC 2822 as mocha writes), None when unusable."""
    if not text or len(text.strip()) < 11:  # a bare date says nothing about freshness within the day
        return None
    value = parse_time(text.strip().replace("T ", "T"))
    if value is None:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):  # OverflowError: a 30-digit year
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
    return value if value >= _EARLIEST_REAL else None


def _outcome(case: Any) -> tuple[int, bool, Any]:
    """(outcome index, flaky mark, the <error>/<failure> element or None) of one <testcase> run."""
    error = failure = None
    skipped = flaky = False
    for child in case:
        tag = child.tag
        if tag == "error" and error is None:
            error = child
        elif tag == "failure" and failure is None:
            failure = child
        elif tag == "skipped":
            skipped = True
        elif tag in ("flakyFailure", "flakyError"):
            flaky = True
    if case.get("status") in _NOT_RUN_STATUS:
        return _S, False, None
    if error is not None:
        return _E, False, error
    if failure is not None:
        return _F, False, failure
    if skipped:
        return _S, False, None
    return _P, flaky, None


def _message(node: Any) -> str:
    for text in (node.get("message"), node.text, node.get("type")):
        for line in (text or "").splitlines():
            if line.strip():
                return line.strip()[:_MESSAGE_LIMIT]
    return ""


def _declared(element: Any) -> dict[str, int | None]:
    """Summary counts a suite element declares (None when the attribute is absent or unreadable)."""
    skipped = [_int(element.get(key)) for key in ("skipped", "skips", "disabled")]
    return {
        "total": _int(element.get("tests")), "failed": _int(element.get("failures")),
        "errors": _int(element.get("errors")),
        "skipped": None if all(v is None for v in skipped) else sum(v or 0 for v in skipped),
    }


def _verdict(group: list[int]) -> tuple[int, int, int, int, int, int, int]:
    """(total, passed, failed, errors, skipped, flaky, runs) of one test id (classname, name) in a suite.

    See the module docstring for the rule: however many times it ran, it is one test.
    """
    passed, failed, errors, skipped, flaky = group
    runs = passed + failed + errors + skipped
    if failed + errors == 0:
        return (1, 1, 0, 0, 0, 1 if flaky else 0, runs) if passed else (1, 0, 0, 0, 1, 0, runs)
    if passed:  # failed, then passed on a rerun: flaky
        return 1, 1, 0, 0, 0, 1, runs
    return 1, 0, 0 if errors else 1, 1 if errors else 0, 0, 0, runs


def _add(into: list[int], counts: tuple[int, ...] | list[int]) -> None:
    for index, value in enumerate(counts):
        into[index] += value


class _Frame:
    """One open <testsuite> element: its rerun groups, runs and declared summary attributes."""

    __slots__ = ("name", "groups", "runs", "declared", "pending", "duration", "timed", "counted", "wrapper", "files")

    def __init__(self, name: str, declared: dict[str, int | None], *, counted: bool) -> None:
        self.name = name
        self.groups: dict[tuple[str, str], list[int]] = {}
        self.runs = [0] * len(_COUNTS)  # testcase elements (and suite errors), nested suites included
        self.declared = declared
        self.pending: dict[tuple[str, str], dict[str, str]] = {}
        self.duration = 0.0
        self.timed = False  # some case had a readable `time`: without one the duration is unknown, not 0
        self.counted = counted
        self.wrapper = False  # holds other suites and no test case of its own
        self.files: dict[str, str] = {}  # classname -> the `file` attribute its first case carried


class Tally:
    """Aggregates test case runs streamed from either parse path into the facts of one file."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = [_Frame("", {}, counted=False)]
        self.totals = [0] * len(_COUNTS)
        self.per_suite: dict[str, list[int]] = {}
        self.per_path: dict[str, list[int]] = {}
        self.suite_seconds: dict[str, float] = {}
        self.timed_suites: set[str] = set()
        self.seconds = 0.0
        self.timed = False
        self.started: datetime | None = None
        self.failures: list[dict[str, str]] = []
        self.mismatches: list[str] = []
        self.root_seen = False

    def open_suite(self, element: Any) -> None:
        """Enter a <testsuite>: remember its name, timestamp and declared counts."""
        stamp = suite_timestamp(element.get("timestamp"))
        if stamp is not None and (self.started is None or stamp < self.started):
            self.started = stamp
        self.stack[-1].wrapper = True
        self.stack.append(_Frame(element.get("name") or "(unnamed)", _declared(element), counted=True))

    def declare_root(self, element: Any) -> None:
        """The summary attributes of a <testsuites> root, checked against every case in the file."""
        self.stack[0].declared = _declared(element)

    def case(self, element: Any) -> None:
        """One <testcase> run, added to the group of its (classname, name) in the nearest suite."""
        # Hot path on big files (once per test case): locals and inlined arithmetic on purpose.
        frame = self.stack[-1]
        get = element.get
        if len(element) or get("status") is not None:
            outcome, flaky, node = _outcome(element)
        else:  # no children, no status: a plain pass
            outcome, flaky, node = _P, False, None
        classname, name = get("classname") or "", get("name") or ""
        if classname not in frame.files and get("file"):
            frame.files[classname] = get("file")
        runs = frame.runs
        # A nameless case cannot be told apart from its neighbours: never treat it as a rerun.
        # The tuple itself is the key: a bare hash() could merge two different tests on a collision.
        key = (classname, name) if name else ("(nameless)", str(runs[0]))
        group = frame.groups.get(key)
        if group is None:
            group = frame.groups[key] = [0, 0, 0, 0, 0]
        group[outcome] += 1
        runs[0] += 1
        runs[outcome + 1] += 1
        seconds = get("time")
        if seconds:
            try:  # _seconds() inlined: this runs once per test case
                value = float(seconds)
            except ValueError:
                value = -1.0
            if 0 <= value < _INF:
                frame.duration += value
                frame.timed = True
        if node is not None:
            group[_FLAKY] += flaky
            if key not in frame.pending and len(frame.pending) < _FAILURE_SAMPLE:
                frame.pending[key] = {"suite": frame.name, "classname": classname, "name": name,
                                      "message": _message(node)}
        elif flaky:
            group[_FLAKY] += 1

    def suite_error(self, element: Any) -> None:
        """An <error>/<failure> directly under a suite: the suite did not run; one errored test."""
        frame = self.stack[-1]
        key = ("(suite error)", str(frame.runs[0]))  # never a rerun of anything
        self._run(frame, key, _E, False)
        if len(frame.pending) < _FAILURE_SAMPLE:
            frame.pending[key] = {"suite": frame.name, "classname": "", "name": "(suite error)",
                                  "message": _message(element)}

    @staticmethod
    def _run(frame: _Frame, key: tuple[str, str], outcome: int, flaky: bool) -> None:
        group = frame.groups.get(key)
        if group is None:
            group = frame.groups[key] = [0, 0, 0, 0, 0]
        group[outcome] += 1
        group[_FLAKY] += flaky
        frame.runs[0] += 1
        frame.runs[outcome + 1] += 1

    def close_suite(self) -> None:
        """Leave a <testsuite>: settle its groups into the file and per-suite counts."""
        frame = self.stack.pop()
        counts = [0] * len(_COUNTS)
        by_class: dict[str, list[int]] = {}
        for (classname, _), group in frame.groups.items():
            mine = by_class.get(classname)
            if mine is None:
                mine = by_class[classname] = [0] * len(_COUNTS)
            if group[_F] + group[_E] == 0 and group[_P] + group[_S] == 1:  # fast path: one run, no failure
                mine[0] += 1
                mine[1] += group[_P]
                mine[4] += group[_S]
                mine[5] += group[_FLAKY]
                mine[6] += 1
            else:
                _add(mine, _verdict(group))
        for classname, mine in by_class.items():
            _add(counts, mine)
            if len(self.per_path) <= PATH_LIMIT:
                where = test_path(frame.name, classname, frame.files.get(classname))
                _add(self.per_path.setdefault(where, [0] * len(_COUNTS)), mine)
        _add(self.totals, counts)
        self.seconds += frame.duration
        self.timed = self.timed or frame.timed
        for key, sample in frame.pending.items():
            verdict = _verdict(frame.groups[key])  # a failed run later rerun to a pass is flaky, not failing
            if verdict[2] + verdict[3] and len(self.failures) < _FAILURE_SAMPLE:
                self.failures.append(sample)
        if frame.counted and (frame.groups or not frame.wrapper):
            _add(self.per_suite.setdefault(frame.name, [0] * len(_COUNTS)), counts)
            self.suite_seconds[frame.name] = self.suite_seconds.get(frame.name, 0.0) + frame.duration
            if frame.timed:
                self.timed_suites.add(frame.name)
        self._compare(frame)
        if self.stack:
            _add(self.stack[-1].runs, frame.runs)

    def _compare(self, frame: _Frame) -> None:
        wrong = [f"{key}={declared} but has {frame.runs[_COUNTS.index(key)]}"
                 for key, declared in frame.declared.items()
                 if declared is not None and declared != frame.runs[_COUNTS.index(key)]]
        if wrong and len(self.mismatches) < 1000:
            where = f"suite {frame.name!r}" if frame.counted else "the <testsuites> root"
            self.mismatches.append(f"{where} declares " + ", ".join(wrong))

    def finish(self) -> None:
        """Close the implicit root frame (cases outside any suite) once the document ended."""
        while self.stack:
            self.close_suite()

    def parsed(self) -> Parsed:
        """The facts, warnings and details of the whole file."""
        return _facts_of(self)


def _facts_of(tally: Tally) -> Parsed:
    timed = {name: tally.suite_seconds[name] for name in tally.per_suite if name in tally.timed_suites}
    # Evidence or zero: no case with a `time` attribute says nothing about duration.
    seconds = tally.seconds if tally.timed else None
    facts, warnings = count_facts(_COUNTS, tally.totals, tally.per_suite, seconds=seconds, suite_seconds=timed,
                                  started=tally.started, per_path=tally.per_path)
    details: dict[str, Any] = {}
    if tally.mismatches:
        warnings.append(f"summary attributes disagree with the test cases in {len(tally.mismatches)} "
                        f"suite(s), e.g. {tally.mismatches[0]}; counted from the test cases")
        details["summary_mismatches"] = tally.mismatches[:_MISMATCH_SAMPLE]
    if tally.failures:
        details["failures"] = tally.failures
    return Parsed(facts=facts, observed_at=tally.started, warnings=warnings, details=details,
                  run=tests_run(facts, tally.started))
