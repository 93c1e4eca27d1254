"""Unit tests for readiness.adapters.junit: counting rules, both parse paths, safety, pytest's own summary."""

from __future__ import annotations

import json
import re
from datetime import UTC
from pathlib import Path

import pytest

from readiness.adapters import junit
from readiness.adapters.base import InvalidEvidence, Parsed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tests"
VALID = sorted(p for p in FIXTURES.glob("*.xml")
               if "error" not in json.loads((p.parent / f"{p.name}.facts.json").read_text()))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "report.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}', encoding="utf-8")
    return path


def _streamed(path: Path) -> Parsed:
    tally = junit.Tally()
    junit.stream_file(path, tally)
    return tally.parsed()


def _tree(path: Path) -> Parsed:
    tally = junit.Tally()
    junit.walk_tree(path, tally)
    return tally.parsed()


def test_pytest_xunit2_facts_equal_pytests_own_summary_line() -> None:
    """Acceptance: `1 failed, 2 passed, 1 skipped, 1 xfailed, 1 xpassed, 1 error` as pytest printed it."""
    line = (FIXTURES / "pytest-xunit2.summary.txt").read_text()
    said = {word: int(count) for count, word in re.findall(r"(\d+) (\w+)", line.split(" in ")[0])}
    facts = junit.parse(FIXTURES / "pytest-xunit2.xml").facts
    assert facts["tests.total"] == sum(said.values())
    assert facts["tests.passed"] == said["passed"] + said.get("xpassed", 0)
    assert facts["tests.failed"] == said["failed"]
    assert facts["tests.errors"] == said["error"]
    assert facts["tests.skipped"] == said["skipped"] + said.get("xfailed", 0)


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_small_and_streaming_paths_both_give_the_golden_facts(path: Path) -> None:
    """Each path against the file's complete golden (checked against what the tool printed, README.md),
    not merely against the other path."""
    golden = json.loads((path.parent / f"{path.name}.facts.json").read_text())
    for parsed in (_tree(path), _streamed(path)):
        dumped = parsed.model_dump(mode="json")
        for key in ("facts", "observed_at", "warnings", "details"):
            assert dumped[key] == golden[key], key


def test_big_files_take_the_streaming_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIXTURES / "pytest-xunit1.xml"
    small = junit.parse(path)
    monkeypatch.setattr(junit, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(junit, "walk_tree", lambda *a: pytest.fail("tree path used for a big file"))
    assert junit.parse(path) == small


def test_reruns_of_one_test_count_once_and_a_late_pass_is_flaky(tmp_path: Path) -> None:
    path = _write(tmp_path, """<testsuite name="go">
      <testcase classname="pkg" name="TestRace"><failure message="race"/></testcase>
      <testcase classname="pkg" name="TestRace"/>
      <testcase classname="pkg" name="TestBroken"><failure message="1"/></testcase>
      <testcase classname="pkg" name="TestBroken"><error message="2"/></testcase>
      <testcase classname="pkg" name="TestSame"/>
      <testcase classname="pkg" name="TestSame"/>
    </testsuite>""")
    facts = junit.parse(path).facts
    # TestSame ran twice and passed twice: one test, two runs (go test -count=2), never two tests.
    assert (facts["tests.total"], facts["tests.passed"], facts["tests.flaky"], facts["tests.runs"]) == (3, 2, 1, 6)
    assert (facts["tests.failed"], facts["tests.errors"]) == (0, 1)
    assert [f["name"] for f in junit.parse(path).details["failures"]] == ["TestBroken"]


@pytest.mark.parametrize(("runs", "expected"), [
    ("pass pass pass", {"total": 1, "passed": 1, "runs": 3, "flaky": 0}),
    ("pass fail pass", {"total": 1, "passed": 1, "runs": 3, "flaky": 1}),
    ("fail fail fail", {"total": 1, "failed": 1, "runs": 3}),
    ("fail error", {"total": 1, "errors": 1, "failed": 0, "runs": 2}),
    ("skip skip", {"total": 1, "skipped": 1, "runs": 2}),
    ("skip pass", {"total": 1, "passed": 1, "skipped": 0, "runs": 2}),
    ("skip fail", {"total": 1, "failed": 1, "skipped": 0, "runs": 2}),
])
def test_a_repeated_test_id_is_one_test_run_several_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: str,
                                                         expected: dict[str, int]) -> None:
    body = {"pass": "", "fail": '<failure message="x"/>', "error": '<error message="x"/>', "skip": "<skipped/>"}
    cases = "".join(f'<testcase classname="m" name="t">{body[run]}</testcase>' for run in runs.split())
    path = _write(tmp_path, f'<testsuite name="s"><testcase classname="m" name="other"/>{cases}</testsuite>')
    facts = junit.parse(path).facts
    monkeypatch.setattr(junit, "STREAM_ABOVE_BYTES", 0)
    assert junit.parse(path).facts == facts  # the streaming path agrees
    for key, value in expected.items():
        plus = 1 if key in ("total", "passed", "runs") else 0  # the other test, one passing run
        assert facts[f"tests.{key}"] == value + plus, key
    assert facts['tests.runs{suite="s"}'] == expected["runs"] + 1


def test_the_same_test_id_in_two_suites_is_two_tests(tmp_path: Path) -> None:
    path = _write(tmp_path, """<testsuites>
      <testsuite name="a.test.js"><testcase classname="login" name="works"/></testsuite>
      <testsuite name="b.test.js"><testcase classname="login" name="works"/></testsuite>
    </testsuites>""")
    facts = junit.parse(path).facts
    assert (facts["tests.total"], facts["tests.runs"]) == (2, 2)


def test_surefire_flaky_failure_is_passed_and_flaky_rerun_failure_is_failed(tmp_path: Path) -> None:
    path = _write(tmp_path, """<testsuite name="s" tests="2">
      <testcase classname="A" name="flaky"><flakyFailure message="first try"/></testcase>
      <testcase classname="A" name="broken"><failure message="x"/><rerunFailure message="y"/></testcase>
    </testsuite>""")
    facts = junit.parse(path).facts
    assert (facts["tests.passed"], facts["tests.flaky"], facts["tests.failed"]) == (1, 1, 1)


def test_nearest_suite_owns_a_case_and_wrappers_are_not_suites(tmp_path: Path) -> None:
    path = _write(tmp_path, """<testsuites><testsuite name="all" tests="3">
      <testsuite name="integration-db"><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>
      <testsuite name="unit"><testcase name="c" time="1.5"><failure>boom</failure></testcase></testsuite>
    </testsuite></testsuites>""")
    facts = junit.parse(path).facts
    assert facts['tests.total{suite="integration-db"}'] == 2
    assert facts['tests.skipped{suite="integration-db"}'] == 1
    assert facts['tests.failed{suite="unit"}'] == 1
    assert facts['tests.duration_s{suite="unit"}'] == 1.5
    assert 'tests.total{suite="all"}' not in facts
    assert facts["tests.suites"] == 2


def test_counts_come_from_cases_and_disagreeing_summaries_warn(tmp_path: Path) -> None:
    path = _write(tmp_path, '<testsuite name="s" tests="9" failures="0" disabled="1">'
                            '<testcase name="a" status="disabled"/><testcase name="b"/></testsuite>')
    parsed = junit.parse(path)
    assert (parsed.facts["tests.total"], parsed.facts["tests.skipped"]) == (2, 1)
    assert any("declares total=9 but has 2" in w for w in parsed.warnings)


def test_zero_executed_tests_is_no_pass_rate(tmp_path: Path) -> None:
    path = _write(tmp_path, '<testsuite name="s"><testcase name="a"><skipped/></testcase></testsuite>')
    parsed = junit.parse(path)
    assert "tests.pass_rate" not in parsed.facts
    assert any("0 tests ran" in w for w in parsed.warnings)


def test_suite_level_error_is_one_errored_test_and_failure_messages_are_one_short_line(tmp_path: Path) -> None:
    long = "x" * 1000
    path = _write(tmp_path, f"""<testsuite name="init" timestamp="2024-05-01T10:00:00+02:00">
      <error message="NoClassDefFoundError">trace</error>
      <testcase classname="C" name="t"><failure><![CDATA[{long}
second line]]></failure></testcase></testsuite>""")
    parsed = junit.parse(path)
    assert (parsed.facts["tests.errors"], parsed.facts["tests.failed"]) == (1, 1)
    messages = [f["message"] for f in parsed.details["failures"]]
    assert messages == ["NoClassDefFoundError", "x" * 300]
    assert parsed.facts["tests.started_at"] == "2024-05-01T08:00:00Z"
    assert parsed.observed_at is not None and parsed.observed_at.astimezone(UTC).hour == 8


@pytest.mark.parametrize("stamp", ["2024-01-03", "1970-01-01T00:00:00", "garbage"])
def test_placeholder_or_dateless_timestamps_are_ignored(tmp_path: Path, stamp: str) -> None:
    path = _write(tmp_path, f'<testsuite name="s" timestamp="{stamp}"><testcase name="a"/></testsuite>')
    assert "tests.started_at" not in junit.parse(path).facts


def test_external_entities_are_never_resolved_by_either_path(tmp_path: Path) -> None:
    body = ('<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<testsuite name="s"><testcase name="t"><failure>&xxe;</failure></testcase></testsuite>')
    path = _write(tmp_path, body)
    with pytest.raises(InvalidEvidence, match="unsafe XML refused"):
        junit.parse(path)
    streamed = _streamed(path)  # bypasses the refusal on purpose: lxml must leave the entity unexpanded
    assert streamed.facts["tests.failed"] == 1
    assert "root:" not in str(streamed.details)
    in_attribute = _write(tmp_path, body.replace("<failure>&xxe;", '<failure message="&xxe;">'))
    with pytest.raises(InvalidEvidence, match="external entity"):
        _streamed(in_attribute)
    with pytest.raises(InvalidEvidence, match="unsafe XML refused"):
        _tree(path)


@pytest.mark.parametrize(("body", "reason"), [
    ("", "empty file"),
    ('<test-results name="nunit"/>', "not JUnit XML"),
    ("<testsuite><testcase name='a'>", "malformed XML"),
])
def test_bad_input_is_one_clear_reason(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(body)
    with pytest.raises(InvalidEvidence, match=reason):
        junit.parse(path)


@pytest.mark.parametrize(("head", "expected"), [
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><testsuites>', True),
    (b"<testsuite name='x'>", True),
    (b'<?xml version="1.0"?><test-run><test-suite>', False),
    (b"<coverage line-rate='1'><testsuite", False),
])
def test_sniff_looks_at_the_root_element(head: bytes, expected: bool) -> None:
    assert junit.sniff(Path("x.xml"), head) is expected


def test_streaming_shows_progress_on_a_terminal_and_counts_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Over the size limit on a terminal, the streamed parse draws a bar and gives the same facts."""
    from readiness import progress

    cases = "".join(f'<testcase classname="c" name="t{n}" time="0.1"/>' for n in range(300))
    path = tmp_path / "big.xml"
    path.write_text(f'<testsuites><testsuite name="s">{cases}<testcase name="bad"><failure message="m"/>'
                    f"</testcase></testsuite></testsuites>")
    quiet = junit.parse(path)
    monkeypatch.setattr(progress, "wanted", lambda *_args, **_kw: True)
    monkeypatch.setattr(junit, "STREAM_ABOVE_BYTES", 0)
    drawn = junit.parse(path)
    assert drawn.facts == quiet.facts
    assert drawn.facts["tests.total"] == 301 and drawn.facts["tests.failed"] == 1
    assert "reading big.xml [" in capsys.readouterr().err


def test_duration_is_absent_when_no_case_has_a_time(tmp_path: Path) -> None:
    path = _write(tmp_path, """<testsuites><testsuite name="untimed" time="9"><testcase name="a"/></testsuite>
      <testsuite name="timed"><testcase name="b" time="0"/><testcase name="c" time="soon"/></testsuite>
    </testsuites>""")
    for parsed in (junit.parse(path), _streamed(path), _tree(path)):
        facts = parsed.facts
        assert facts["tests.duration_s"] == 0.0  # "0" is a measured time: evidence of zero
        assert facts['tests.duration_s{suite="timed"}'] == 0.0
        assert 'tests.duration_s{suite="untimed"}' not in facts  # the suite's own time is not summed
    path = _write(tmp_path, '<testsuite name="s"><testcase name="a"/><testcase name="b" time="x"/></testsuite>')
    assert "tests.duration_s" not in junit.parse(path).facts


def test_infinite_declared_counts_and_huge_years_are_ignored(tmp_path: Path) -> None:
    year = "9" * 30
    path = _write(tmp_path, f'<testsuite name="s" tests="1e400" failures="-1e400" timestamp="{year}-01-01T00:00:00">'
                            '<testcase name="a"/></testsuite>')
    parsed = junit.parse(path)
    assert parsed.facts["tests.total"] == 1 and "tests.started_at" not in parsed.facts
    assert junit.suite_timestamp("Mon, 01 Jan " + "9" * 30 + " 00:00:00 +0000") is None
