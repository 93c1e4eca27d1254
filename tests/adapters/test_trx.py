"""Unit tests for readiness.adapters.trx: outcome mapping, classes as suites, durations, BOM, sniffing, safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import junit, nunit, sniff, trx, xunit_net
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tests" / "dotnet"
JUNIT_FIXTURES = FIXTURES.parent
NS = 'xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"'


def _write(tmp_path: Path, results: str, definitions: str = "", times: str = "") -> Path:
    path = tmp_path / "run.trx"
    body = (f'<?xml version="1.0" encoding="utf-8"?>\n<TestRun id="1" name="r" {NS}>{times}'
            f"<Results>{results}</Results><TestDefinitions>{definitions}</TestDefinitions></TestRun>")
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())  # Visual Studio and dotnet test write a BOM
    return path


@pytest.mark.parametrize(("outcome", "fact"), [
    ("Passed", "tests.passed"), ("PassedButRunAborted", "tests.passed"), ("Warning", "tests.passed"),
    ("Failed", "tests.failed"),
    ("Error", "tests.errors"), ("Timeout", "tests.errors"), ("Aborted", "tests.errors"),
    ("NotRunnable", "tests.errors"), ("Disconnected", "tests.errors"),
    ("NotExecuted", "tests.skipped"), ("Inconclusive", "tests.skipped"), ("Pending", "tests.skipped"),
])
def test_outcomes(tmp_path: Path, outcome: str, fact: str) -> None:
    parsed = trx.parse(_write(tmp_path, f'<UnitTestResult testId="a" testName="t" outcome="{outcome}"/>'))
    assert parsed.facts["tests.total"] == 1 and parsed.facts[fact] == 1, parsed.facts
    skipped_only = ["0 tests ran (1 skipped): no evidence of passing tests"]
    assert parsed.warnings == (skipped_only if fact == "tests.skipped" else [])


@pytest.mark.parametrize("attribute", ['outcome="Exploded"', ""])
def test_unknown_or_missing_outcome_is_an_error_with_a_warning(tmp_path: Path, attribute: str) -> None:
    parsed = trx.parse(_write(tmp_path, f'<UnitTestResult testId="a" testName="t" {attribute}/>'))
    assert parsed.facts["tests.errors"] == 1
    assert any("unknown TRX outcome" in w for w in parsed.warnings)


def test_classes_are_suites_and_durations_sum(tmp_path: Path) -> None:
    results = ('<UnitTestResult testId="a" testName="A1" outcome="Passed" duration="00:00:01.5000000"/>'
               '<UnitTestResult testId="b" testName="B1" outcome="Failed" startTime="2024-01-01T00:00:00Z"'
               ' endTime="2024-01-01T00:00:02.25Z"><Output><ErrorInfo><Message>bad\nworse</Message>'
               "</ErrorInfo></Output></UnitTestResult>"
               '<UnitTestResult testId="c" testName="C1" outcome="Passed" duration="01:00:00"/>')
    definitions = ('<UnitTest id="a"><TestMethod className="N.A, N, Version=1.0.0.0" name="A1"/></UnitTest>'
                   '<UnitTest id="b"><TestMethod className="N.B" name="B1"/></UnitTest>'
                   '<UnitTest id="c"><TestMethod name="C1"/></UnitTest>')
    parsed = trx.parse(_write(tmp_path, results, definitions))
    assert parsed.facts["tests.suites"] == 3
    assert parsed.facts['tests.total{suite="N.A"}'] == 1
    assert parsed.facts['tests.duration_s{suite="N.B"}'] == 2.25
    assert parsed.facts['tests.total{suite="(no class)"}'] == 1
    assert parsed.facts["tests.duration_s"] == 3603.75
    assert parsed.details["failures"] == [{"suite": "N.B", "name": "B1", "message": "bad"}]


def test_start_time_from_times(tmp_path: Path) -> None:
    times = '<Times creation="2021-04-02T08:50:24+10:00" start="2021-04-02T08:50:23.5137164+10:00"/>'
    parsed = trx.parse(_write(tmp_path, '<UnitTestResult testId="a" outcome="Passed"/>', times=times))
    assert parsed.facts["tests.started_at"] == "2021-04-01T22:50:23Z"
    assert parsed.observed_at is not None and parsed.observed_at.utcoffset() is not None


def test_data_driven_results_count_their_rows(tmp_path: Path) -> None:
    rows = ('<UnitTestResult testId="a" testName="row1" outcome="Passed"/>'
            '<UnitTestResult testId="a" testName="row2" outcome="Failed"/>')
    results = f'<UnitTestResult testId="a" testName="t" outcome="Failed"><InnerResults>{rows}</InnerResults>' \
              "</UnitTestResult>"
    parsed = trx.parse(_write(tmp_path, results))
    assert (parsed.facts["tests.total"], parsed.facts["tests.passed"], parsed.facts["tests.failed"]) == (2, 1, 1)


def test_sniff_is_specific(tmp_path: Path) -> None:
    path = FIXTURES / "trx-outcomes.trx"
    head = path.read_bytes()[:HEAD_BYTES]
    assert head.startswith(b"\xef\xbb\xbf")
    assert trx.sniff(path, head) and sniff(path, head) is trx
    assert not junit.sniff(path, head) and not nunit.sniff(path, head) and not xunit_net.sniff(path, head)
    assert not trx.sniff(tmp_path / "x.xml", b'<TestRun xmlns="urn:other"/>')
    assert not trx.sniff(tmp_path / "x.xml", b"<TestRun/>")
    for junit_file in sorted(JUNIT_FIXTURES.glob("*junit*.xml")):
        assert not trx.sniff(junit_file, junit_file.read_bytes()[:HEAD_BYTES])


@pytest.mark.parametrize(("body", "reason"), [
    (f"<TestRun {NS}><Results>", "malformed XML"),
    (f'<!DOCTYPE TestRun [<!ENTITY x SYSTEM "file:///etc/passwd">]><TestRun {NS}>&x;</TestRun>',
     "unsafe XML refused"),
    ('<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2006"/>', "not a TRX 2010 file"),
])
def test_bad_input_gives_a_one_line_reason(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "bad.trx"
    path.write_text(body)
    with pytest.raises(InvalidEvidence, match=reason) as caught:
        trx.parse(path)
    assert "\n" not in str(caught.value) and "root:" not in str(caught.value)


def test_a_test_run_again_in_one_file_is_one_test(tmp_path: Path) -> None:
    # A retry (e.g. dotnet test with a retry wrapper writing one TRX) lists the test once per execution.
    results = ('<UnitTestResult testId="a" testName="Login" outcome="Failed"><Output><ErrorInfo><Message>timeout'
               '</Message></ErrorInfo></Output></UnitTestResult>'
               '<UnitTestResult testId="a" testName="Login" outcome="Passed"/>'
               '<UnitTestResult testId="b" testName="Logout" outcome="Passed"/>'
               '<UnitTestResult testId="b" testName="Logout" outcome="Passed"/>'
               '<UnitTestResult testId="c" testName="Token" outcome="Failed"/>'
               '<UnitTestResult testId="c" testName="Token" outcome="Error"/>')
    definitions = "".join(f'<UnitTest id="{i}"><TestMethod className="N.Auth" name="{n}"/></UnitTest>'
                          for i, n in (("a", "Login"), ("b", "Logout"), ("c", "Token")))
    parsed = trx.parse(_write(tmp_path, results, definitions))
    facts = parsed.facts
    assert (facts["tests.total"], facts["tests.passed"], facts["tests.failed"], facts["tests.errors"]) == (3, 2, 0, 1)
    assert facts["tests.runs"] == 6 and facts['tests.runs{suite="N.Auth"}'] == 6
    assert [f["name"] for f in parsed.details["failures"]] == ["Token"]
