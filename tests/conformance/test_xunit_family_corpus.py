"""Conformance of the NUnit, xUnit.net and TRX adapters with the corpus files under junit/xunit-family/.

Oracles are mapped to facts exactly as for JUnit (`_oracle` in test_junit_corpus.py): publish-unit-test-result-
action `cases.*` + `declared.suites` (counts after its XSLT conversion to JUnit), dorny `tests/passed/failed
(+errors)/skipped/suites/total_time_ms`. A disagreement must be listed in KNOWN (mirrored in
tests/conformance/KNOWN.md, section "tests (.NET formats)"); a listed one that no longer disagrees fails too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import junit, nunit, sniff, trx, xunit_net
from readiness.adapters.base import HEAD_BYTES
from tests.conformance.test_junit_corpus import _actual, _disagreements
from tests.conftest import MANIFEST

ADAPTERS = {"nunit2-xml": nunit, "nunit3-xml": nunit, "xunit-net-xml": xunit_net, "mstest-trx": trx}
ENTRIES = [e for e in MANIFEST if e["path"].startswith("junit/xunit-family/")]

_FAMILY = "junit/xunit-family/"
_PARAMETERIZED = ("the action's NUnit XSLT makes a suite of every <test-suite> that directly holds test cases,"
                  " so a {kind} is a suite of its own; readiness counts fixtures (type=TestFixture)")
_ONE_TRX_SUITE = ("the action's TRX XSLT puts every result into one suite 'MSTestSuite'; readiness counts test"
                  " classes ({n} here)")
_WALL_TIME = ("tests.duration_s sums the test times; dorny uses the {what} (wall time with runner overhead)")
_THEORY_ROWS = ("the action's xUnit XSLT drops the arguments from test names, so its unique-test count merges the"
                " {rows} rows of one theory into {tests}; xUnit.net counts every row as a test (its own total is"
                " {total}), as readiness does. The runs (the action's cases) agree")
# path -> (oracle keys that disagree, reason). Mirrored in KNOWN.md.
KNOWN: dict[str, tuple[set[str], str]] = {
    _FAMILY + "dorny/dotnet-nunit.xml": ({"duration_s"}, _WALL_TIME.format(what="<test-run duration> (0.230 s)")),
    _FAMILY + "dorny/dotnet-trx.trx": ({"duration_s"}, _WALL_TIME.format(what="<Times> finish - start (1.116 s)")),
    _FAMILY + "dorny/dotnet-xunitv3.trx": ({"duration_s"},
                                           _WALL_TIME.format(what="<Times> finish - start (0.267 s)")),
    _FAMILY + "nunit/mstest/pickles.xml": ({"suites"}, _PARAMETERIZED.format(kind="ParameterizedTest")),
    _FAMILY + "nunit/nunit3/NUnit-correct.xml": (
        {"errors", "skipped", "suites"},
        "3 result=\"NotRunnable\" cases (invalid test signatures) are errors in readiness, as NUnit 3 reports"
        " them (Failed, label Invalid); the action counts them skipped. Suites: "
        + _PARAMETERIZED.format(kind="ParameterizedTest")),
    _FAMILY + "nunit/nunit3/NUnit-issue50162.xml": ({"suites"}, _PARAMETERIZED.format(kind="ParameterizedMethod")),
    _FAMILY + "nunit/nunit3/NUnit-multinamespace.xml": (
        {"passed", "errors"},
        "one case has success=\"Turue\" (a typo in the fixture): not readable as a pass, so readiness counts an"
        " error and warns; the action's XSLT sees no <failure> and counts a pass"),
    _FAMILY + "trx/yami_YAMILEX_2015-10-24_04_18_59.trx": (
        {"errors", "skipped", "suites"},
        "outcome Aborted (1) and NotRunnable (1, a wrong test signature) are errors in readiness; the action"
        " counts every outcome other than Passed/Failed/Error as skipped. Suites: "
        + _ONE_TRX_SUITE.format(n=2)),
    _FAMILY + "xunit/mstest/fixie.xml": ({"total", "passed"}, _THEORY_ROWS.format(rows=3, tests=1, total=7)),
    _FAMILY + "xunit/mstest/pickles.xml": ({"total", "passed"}, _THEORY_ROWS.format(rows=2, tests=1, total=4)),
    _FAMILY + "xunit/jenkinsci/testcase4.xml": (
        {"suites"}, "an assembly with no <collection> (no test ran): the action emits the assembly as an empty"
                    " suite; readiness counts collections, 0 here"),
}


def _adapter(entry: dict[str, Any]) -> Any:
    return ADAPTERS[entry["format"]]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_file_is_claimed_by_its_adapter_only(corpus: Path, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    head = path.read_bytes()[:HEAD_BYTES]
    assert sniff(path, head) is _adapter(entry)
    assert not junit.sniff(path, head)
    others = [m for m in set(ADAPTERS.values()) if m is not _adapter(entry) and m.sniff(path, head)]
    assert not others, f"{entry['path']} also claimed by {[m.KIND for m in others]}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_file_matches_oracle(corpus: Path, entry: dict[str, Any]) -> None:
    parsed = _adapter(entry).parse(corpus / entry["path"])
    assert "tests.flaky" not in parsed.facts  # these formats cannot show a rerun
    if entry["expected"] is None:
        assert parsed.facts["tests.total"] > 0
        return
    wrong = _disagreements(entry["expected"], _actual(parsed))
    known_keys, reason = KNOWN.get(entry["path"], (set(), ""))
    assert set(wrong) == known_keys, (
        f"{entry['path']}: disagreements {wrong} (KNOWN lists {sorted(known_keys)}: {reason or 'nothing'})")


def test_known_entries_exist() -> None:
    paths = {e["path"] for e in ENTRIES}
    assert set(KNOWN) <= paths, f"KNOWN lists files not in the corpus: {set(KNOWN) - paths}"


def test_known_md_mirrors_known() -> None:
    text = (Path(__file__).parent / "KNOWN.md").read_text()
    assert "\n## tests (.NET formats)\n" in text
    section = text.split("\n## tests (.NET formats)\n", 1)[1].split("\n## ", 1)[0]
    for path, (keys, _) in KNOWN.items():
        assert path in section, f"{path} missing from KNOWN.md"
        assert ", ".join(sorted(keys)) in section, f"{path}: keys {sorted(keys)} not in KNOWN.md"
