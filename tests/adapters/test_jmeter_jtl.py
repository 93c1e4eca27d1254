"""JMeter JTL adapter: sniffing, both engines giving identical facts, layouts, and refusals."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.adapters import _loadraw, jmeter_jtl
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from tests.adapters import load_oracle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load-raw"
JTLS = sorted(p for p in FIXTURES.glob("jmeter-*.jtl"))
HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,allThreads\n"


def head(path: Path) -> bytes:
    return path.read_bytes()[:HEAD_BYTES]


def both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, object], dict[str, object]]:
    plain = jmeter_jtl.parse(path).facts
    monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", 0)
    engine = jmeter_jtl.parse(path).facts
    return plain, engine


# How the standard library reads each fixture (see tests/fixtures/load-raw/README.md for how JMeter wrote it).
ORACLES: dict[str, Callable[[Path], load_oracle.Stream]] = {
    "jmeter-csv-default.jtl": load_oracle.jmeter_csv,
    "jmeter-csv-noheader.jtl": lambda p: load_oracle.jmeter_csv(p, header=False),
    "jmeter-csv-custom.jtl": lambda p: load_oracle.jmeter_csv(p, time_format="%Y/%m/%d %H:%M:%S.%f"),
    "jmeter-csv-tab.jtl": lambda p: load_oracle.jmeter_csv(p, delimiter="\t"),
    "jmeter-xml-default.jtl": load_oracle.jmeter_xml,
}


def test_every_fixture_has_an_oracle() -> None:
    assert sorted(ORACLES) == [p.name for p in JTLS]


@pytest.mark.parametrize("path", JTLS, ids=lambda p: p.name)
def test_plain_and_engine_paths_give_the_oracle_facts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both paths against facts computed from the file with csv/ElementTree and a sorted-list quantile."""
    expected = load_oracle.expected_facts(ORACLES[path.name](path))
    plain, engine = both(path, monkeypatch)
    assert plain == expected
    assert engine == expected


# JMeter's own summariser line for each run (tests/fixtures/load-raw/README.md): count, Min, Max, Avg, Err.
SUMMARISER = [("jmeter-csv-default.jtl", 90, 0, 56, 18, 30), ("jmeter-xml-default.jtl", 90, 0, 63, 19, 30),
              ("jmeter-csv-noheader.jtl", 60, 0, 54, 18, 20), ("jmeter-csv-custom.jtl", 120, 0, 55, 18, 40),
              ("jmeter-csv-tab.jtl", 30, 1, 55, 19, 10)]


@pytest.mark.parametrize(("name", "count", "low", "high", "avg", "errors"), SUMMARISER)
def test_counts_match_what_jmeter_printed(name: str, count: int, low: int, high: int, avg: int, errors: int) -> None:
    facts = jmeter_jtl.parse(FIXTURES / name).facts
    assert (facts["load.requests"], facts["load.failures"], facts["load.max_ms"]) == (count, errors, high)
    assert int(facts["load.mean_ms"]) == avg  # the summariser truncates its mean
    assert min(r.elapsed_ms for r in ORACLES[name](FIXTURES / name).requests) == low


def test_sniff_accepts_jtl_and_refuses_others(tmp_path: Path) -> None:
    for path in JTLS:
        assert jmeter_jtl.sniff(path, head(path)), path.name
    assert not jmeter_jtl.sniff(tmp_path, b'<?xml version="1.0"?>\n<testsuites><testsuite/></testsuites>')
    assert not jmeter_jtl.sniff(tmp_path, b"Type,Name,# requests,# failures\nGET,/,10,0\n")
    assert not jmeter_jtl.sniff(tmp_path, b'{"type":"Point"}\n')


def test_multiline_and_quoted_labels_survive(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = jmeter_jtl.parse(FIXTURES / "jmeter-csv-default.jtl").facts
    assert facts['load.requests{label="GET /fail\nsecond line"}'] == 30
    assert facts['load.failures{label="GET /fail\nsecond line"}'] == 30
    assert facts['load.failures{label="GET /slow, \\"quoted\\""}'] == 0


def test_headerless_with_non_default_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.jtl"
    path.write_text("1795884003701,24,GET /home,200,OK,users 1-1,text,maybe,1\n")
    with pytest.raises(InvalidEvidence, match="print_field_names=true"):
        jmeter_jtl.parse(path)


def test_nested_sub_samples_count_once(tmp_path: Path) -> None:
    path = tmp_path / "nested.jtl"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n'
        '<httpSample t="100" ts="1000" s="true" lb="page" na="2">\n'
        '  <httpSample t="40" ts="1000" s="false" lb="page-0"/>\n'
        '  <httpSample t="60" ts="1040" s="true" lb="page-1"/>\n</httpSample>\n'
        '<sample t="20" ts="1200" s="false" lb="tx" na="3"/>\n</testResults>\n')
    parsed = jmeter_jtl.parse(path)
    assert parsed.facts["load.requests"] == 2 and parsed.facts["load.failures"] == 1
    assert parsed.facts["load.concurrency"] == 3 and parsed.facts["load.duration_s"] == 0.22
    assert 'load.requests{label="page-0"}' not in parsed.facts


def test_missing_columns_leave_facts_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "min.jtl"
    path.write_text("elapsed,label\n10,a\n20,b\n")
    plain, engine = both(path, monkeypatch)
    assert plain == engine == load_oracle.expected_facts(load_oracle.jmeter_csv(path))
    for absent in ("load.failures", "load.error_rate", "load.duration_s", "load.rps", "load.started_at",
                   "load.concurrency"):
        assert absent not in plain
    assert plain["load.p50_ms"] == 15.0


def test_formatted_timestamps_are_read_as_utc_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    plain, engine = both(FIXTURES / "jmeter-csv-custom.jtl", monkeypatch)
    assert plain == engine
    # The earliest row is "2026/11/28 16:40:21.740" (JMeter's local time, no zone): read as UTC.
    assert "load.duration_s" in plain and plain["load.started_at"] == "2026-11-28T16:40:21Z"
    parsed = jmeter_jtl.parse(FIXTURES / "jmeter-csv-custom.jtl")
    assert jmeter_jtl.NO_ZONE in parsed.warnings
    assert jmeter_jtl.NO_ZONE not in jmeter_jtl.parse(FIXTURES / "jmeter-csv-default.jtl").warnings


def test_header_only_file_reports_zero_requests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty.jtl"
    path.write_text(HEADER)
    parsed = jmeter_jtl.parse(path)
    assert parsed.facts["load.requests"] == 0 and "load.p95_ms" not in parsed.facts
    assert any("0 requests" in w for w in parsed.warnings)


def test_labels_beyond_the_cap_are_summarised_not_listed(tmp_path: Path) -> None:
    rows = "".join(f"{1795884003701 + i},{i % 50},GET /item/{i},200,OK,t 1-1,text,true,1\n" for i in range(250))
    path = tmp_path / "many.jtl"
    path.write_text(HEADER + rows)
    parsed = jmeter_jtl.parse(path)
    assert sum(k.startswith("load.requests{") for k in parsed.facts) == _loadraw.MAX_LABELS
    assert any("250 labels" in w for w in parsed.warnings)
    assert parsed.details["label_count"] == 250


def test_bad_success_value_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jtl"
    path.write_text(HEADER + "1795884003701,12,GET /,200,OK,t 1-1,text,perhaps,1\n")
    with pytest.raises(InvalidEvidence, match="success is 'perhaps'"):
        jmeter_jtl.parse(path)


def test_engine_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad.jtl"
    path.write_text(HEADER + "1795884003701,twelve,GET /,200,OK,t 1-1,text,true,1\n")
    monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", 0)
    with pytest.raises(InvalidEvidence) as caught:
        jmeter_jtl.parse(path)
    assert "\n" not in str(caught.value) and "unreadable CSV JTL" in str(caught.value)


def test_import_stays_cheap() -> None:
    code = ("import sys, readiness.adapters.jmeter_jtl, readiness.adapters.k6_ndjson, "
            "readiness.adapters.gatling_log; assert 'duckdb' not in sys.modules, 'duckdb imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_fractional_elapsed_past_the_head_is_read_exactly(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"{1795884003701 + i},{i % 90},GET /{i % 3},200,OK,t 1-1,text,true,2\n" for i in range(3000))
    path = tmp_path / "frac.jtl"
    path.write_text(HEADER + rows + "1795884009999,12.5,GET /0,200,OK,t 1-1,text,false,2\n")
    plain, engine = both(path, monkeypatch)
    assert plain == engine == load_oracle.expected_facts(load_oracle.jmeter_csv(path))
    assert plain["load.requests"] == 3001 and plain["load.failures"] == 1 and plain["load.max_ms"] == 89.0


@pytest.mark.parametrize(("ts", "warning"), [
    ("99999999999999999999", "beyond any calendar date: started_at left out"),
    ("9" * 400, "run length unknown: no readable timestamps"),  # float("9" * 400) is inf
])
def test_sample_times_beyond_any_date_leave_the_start_absent(tmp_path: Path, ts: str, warning: str) -> None:
    path = tmp_path / "far.jtl"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n'
                    f'<httpSample t="100" ts="{ts}" s="true" lb="page"/>\n</testResults>\n')
    parsed = jmeter_jtl.parse(path)
    assert parsed.facts["load.requests"] == 1 and "load.started_at" not in parsed.facts
    assert parsed.observed_at is None and any(warning in w for w in parsed.warnings)


@pytest.mark.parametrize("engine", [False, True])
@pytest.mark.parametrize("elapsed", ["NaN", "inf", "-5"])
def test_non_finite_or_negative_elapsed_is_refused_on_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   engine: bool, elapsed: str) -> None:
    path = tmp_path / "bad.jtl"
    path.write_text("timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n"
                    f"1700000000000,12,home,200,OK,t1,text,true\n1700000000100,{elapsed},home,200,OK,t1,text,true\n")
    if engine:
        monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", 0)
    with pytest.raises(InvalidEvidence, match="not a finite, non-negative time"):
        jmeter_jtl.parse(path)


def test_carriage_return_line_endings_are_read_on_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cr.jtl"
    path.write_bytes(b"timeStamp,elapsed,label,success\r1700000000000,12,home,true\r1700000000100,15,home,true\r")
    plain, engine = both(path, monkeypatch)
    assert plain == engine == load_oracle.expected_facts(load_oracle.jmeter_csv(path))
    assert plain["load.requests"] == 2 and plain["load.max_ms"] == 15.0
