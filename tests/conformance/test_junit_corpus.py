"""Conformance of the JUnit adapter with the shared corpus: every junit/ file parsed, oracles mapped to facts.

Each MANIFEST oracle is translated into readiness facts according to its `_semantics` (see
`_oracle`). A disagreement must be listed in KNOWN (mirrored in tests/conformance/KNOWN.md, section
"tests"); an entry that no longer disagrees fails too, so KNOWN stays exact.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import junit
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from tests.conftest import MANIFEST

# Native NUnit 2/3, xUnit.net v2 and MSTest TRX files are other formats: the JUnit adapter must refuse them;
# the nunit/xunit_net/trx adapters own them (oracles compared in test_xunit_family_corpus.py).
NATIVE_FORMATS = {"nunit2-xml", "nunit3-xml", "xunit-net-xml", "mstest-trx"}

# path -> (oracle keys that disagree, reason). Mirrored in KNOWN.md.
_SUITE_TIME = ("tests.duration_s sums the test case times; this oracle uses the suite/testsuites time"
               " attribute, which includes setup and runner overhead")
_RUNS = "this oracle counts every <testcase> as a test; readiness counts a repeated test id once (tests.runs = all)"
KNOWN: dict[str, tuple[set[str], str]] = {
    "junit/dorny-test-reporter/jest-junit.xml": ({"duration_s"}, _SUITE_TIME),
    "junit/dorny-test-reporter/jest/jest-react-component-test-results.xml": ({"duration_s"}, _SUITE_TIME),
    "junit/dorny-test-reporter/test-errors/jest/jest-test-results.xml": ({"duration_s"}, _SUITE_TIME),
    "junit/jenkins-junit-plugin/JENKINS-42438/junit-report-1-android.xml": (
        {"duration_s"}, _SUITE_TIME + " (here a nonsensical 2 s against 98 s of test cases)"),
    "junit/jenkins-junit-plugin/eclipse-plugin-test-report.xml": (
        {"suites"}, "16 <testsuite> elements all named 'tests': readiness counts distinct suite names (labeled"
                    " facts are keyed by name, so they are one suite); Jenkins keeps them apart by id"),
    "junit/publish-unit-test-result-action/no-attributes.xml": (
        {"runs"}, "the action's per-case list drops <testcase>s without a name (its stats, compared for tests,"
                  " do count the 4 tests); readiness counts all 4 nameless cases as 4 runs"),
    "junit/publish-unit-test-result-action/no-cases-but-tests.xml": (
        {"total", "passed", "skipped", "failed"},
        "no <testcase> at all: the action falls back to the suite's declared tests=6 attributes; readiness"
        " counts test cases, never summary attributes (evidence or zero), and warns that they disagree"),
    # A test id (classname, name) repeated within one suite is one test run several times, as the action's
    # stats count it; these oracles count every <testcase> element (readiness's tests.runs).
    "junit/dorny-test-reporter/java/TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml": (
        {"total", "skipped"}, _RUNS + "; the one test failed once and was skipped once: it failed"),
    "junit/dorny-test-reporter/java/pulsar-test-report.xml": (
        {"total", "passed", "skipped"}, _RUNS + " (808 runs of 670 TestNG test ids: data-provider invocations"
                                                " share a name; a test that passed once and was skipped on another"
                                                " invocation is passed)"),
    "junit/jenkins-junit-plugin/junit-report-bad-duration.xml": ({"total"}, _RUNS + " (2 runs of one test)"),
}

# Oracle keys deliberately not compared, with the reason (mirrored in KNOWN.md).
NOT_COMPARED = {
    "scope": "asserted over a set of files merged by Jenkins (same-named suites merged, duplicate cases"
             " dropped); merging across files is the engine's job",
    "suite_names_first": "names are escaped as in dorny's Jest snapshots",
}


def _native(entry: dict[str, Any]) -> bool:
    return entry["format"] in NATIVE_FORMATS


JUNIT_ENTRIES = [e for e in MANIFEST if e["path"].startswith("junit/") and not _native(e)]
NATIVE_ENTRIES = [e for e in MANIFEST if e["path"].startswith("junit/") and _native(e)]
INVALID_ENTRIES = [e for e in MANIFEST if e["path"].startswith("invalid/")
                   and (e["path"].endswith((".xml", ".trx")) or "xml" in e["format"])]


def _actual(parsed: Parsed) -> dict[str, Any]:
    facts: dict[str, Any] = dict(parsed.facts)
    total, skipped = facts["tests.total"], facts["tests.skipped"]
    started = parsed.observed_at
    return {
        "total": total, "passed": facts["tests.passed"], "failed": facts["tests.failed"],
        "errors": facts["tests.errors"], "skipped": skipped, "suites": facts["tests.suites"],
        "runs": facts["tests.runs"],
        "failed_or_error": facts["tests.failed"] + facts["tests.errors"],
        "success_rate": [facts["tests.passed"], total - skipped],
        "duration_s": facts.get("tests.duration_s"),  # absent when no test case has a time
        "started_epoch_s": int(started.timestamp()) if started else None,
    }


def _oracle(expected: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """(oracle mapped to `_actual` keys, tolerance per key) according to the oracle's semantics."""
    semantics = expected.get("_semantics", "")
    mapped: dict[str, Any] = {}
    tolerance: dict[str, float] = {}
    if "scope" in expected:
        return mapped, tolerance
    if "publish-unit-test-result-action" in semantics:
        # stats.tests* count unique tests (a repeated (classname, name) once); cases.total every <testcase>.
        stats = expected["stats"]
        mapped = {"total": stats["tests"], "passed": stats["tests_succ"], "skipped": stats["tests_skip"],
                  "failed": stats["tests_fail"], "errors": stats["tests_error"], "runs": expected["cases"]["total"],
                  "suites": expected["declared"]["suites"]}
        return mapped, tolerance
    renames = {"tests": "total", "cases": "total", "total": "total", "passed": "passed", "skipped": "skipped",
               "suites": "suites", "success_rate": "success_rate", "duration_s": "duration_s",
               "failed": "failed_or_error"}
    for key, target in renames.items():
        if key in expected:
            mapped[target] = expected[key]
    if "total_time_ms" in expected:
        mapped["duration_s"] = expected["total_time_ms"] / 1000.0
        tolerance["duration_s"] = 0.0015
    if "tolerance_s" in expected:
        tolerance["duration_s"] = expected["tolerance_s"]
    if "earliest_start_epoch_ms" in expected:
        mapped["started_epoch_s"] = expected["earliest_start_epoch_ms"] // 1000
    return mapped, tolerance


def _disagreements(expected: dict[str, Any], actual: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    mapped, tolerance = _oracle(expected)
    wrong = {}
    for key, value in mapped.items():
        got = actual[key]
        same = abs(float(got) - float(value)) <= tolerance[key] if key in tolerance else got == value
        if not same:
            wrong[key] = (value, got)
    return wrong


def _parse_both(path: Path) -> Parsed:
    """Parse through both paths (tree and streaming) and require identical results."""
    results = []
    for reader in (junit.walk_tree, junit.stream_file):
        tally = junit.Tally()
        reader(path, tally)
        results.append(tally.parsed())
    assert results[0] == results[1], f"small-file and streaming paths differ on {path.name}"
    return results[0]


@pytest.mark.parametrize("entry", JUNIT_ENTRIES, ids=[e["path"] for e in JUNIT_ENTRIES])
def test_junit_file_matches_oracle(corpus: Path, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    assert junit.sniff(path, path.read_bytes()[:HEAD_BYTES]), f"{entry['path']} not recognised as JUnit"
    parsed = junit.parse(path)
    assert parsed == _parse_both(path)
    if entry["expected"] is None:
        return
    wrong = _disagreements(entry["expected"], _actual(parsed))
    known_keys, reason = KNOWN.get(entry["path"], (set(), ""))
    assert set(wrong) == known_keys, (
        f"{entry['path']}: disagreements {wrong} (KNOWN lists {sorted(known_keys)}: {reason or 'nothing'})")


@pytest.mark.parametrize("entry", NATIVE_ENTRIES, ids=[e["path"] for e in NATIVE_ENTRIES])
def test_native_xunit_formats_are_not_claimed(corpus: Path, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    assert not junit.sniff(path, path.read_bytes()[:HEAD_BYTES])
    with pytest.raises(InvalidEvidence, match="not JUnit XML"):
        junit.parse(path)


@pytest.mark.parametrize("entry", INVALID_ENTRIES, ids=[e["path"] for e in INVALID_ENTRIES])
def test_invalid_xml_gives_a_reason(corpus: Path, entry: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(InvalidEvidence) as caught:
        junit.parse(corpus / entry["path"])
    reason = str(caught.value)
    assert reason and "\n" not in reason
    assert "root:" not in reason  # /etc/passwd content never reaches the message


def test_known_entries_exist() -> None:
    paths = {e["path"] for e in JUNIT_ENTRIES}
    assert set(KNOWN) <= paths, f"KNOWN lists files not in the corpus: {set(KNOWN) - paths}"
