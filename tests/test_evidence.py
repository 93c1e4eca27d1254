"""The evidence stage: discovery, hashing, sniffing, and containment of anything an adapter trips on."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from readiness.evidence import discover, read_evidence, sane_facts, walk
from readiness.vocabulary import impossible

FIXTURES = Path(__file__).resolve().parent / "fixtures"

JUNIT = '<testsuite name="s" timestamp="2026-11-20T10:00:00Z"><testcase name="a" time="0.5"/></testsuite>'


def test_walk_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("b.xml", "a/c.xml", ".git/config", "a/.hidden.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)] == ["a/c.xml", "b.xml"]


def test_record_has_hash_time_from_content_and_display_path(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT)
    [record] = discover(tmp_path, "ev")
    assert record.path == "ev/junit.xml"
    assert record.sha256 == hashlib.sha256(JUNIT.encode()).hexdigest()
    assert record.time_source == "content" and record.evidence_time.isoformat() == "2026-11-20T10:00:00+00:00"
    assert record.facts["tests.total"] == 1


def test_without_a_time_in_the_content_the_mtime_is_the_weaker_source(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT.replace(' timestamp="2026-11-20T10:00:00Z"', ""))
    os.utime(tmp_path / "junit.xml", (1_700_000_000, 1_700_000_000))
    record = read_evidence(tmp_path / "junit.xml", "junit.xml")
    assert record.time_source == "mtime" and int(record.evidence_time.timestamp()) == 1_700_000_000


def test_odd_bytes_are_ignored_never_fatal(tmp_path: Path) -> None:
    (tmp_path / "old-mac.txt").write_bytes(b"notes\rline two\r")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.xml").write_bytes(b"")
    records = {r.path: r for r in discover(tmp_path, "ev")}
    assert records["ev/old-mac.txt"].status == "ignored"
    assert records["ev/binary.bin"].status == "ignored"
    assert records["ev/empty.xml"].status in ("ignored", "invalid")


def test_malformed_file_of_a_known_kind_is_invalid_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text("<testsuite name='s'><testcase name='a'>")
    record = read_evidence(tmp_path / "junit.xml", "junit.xml")
    assert record.status == "invalid" and record.kind == "junit"
    assert record.reason and "\n" not in record.reason and record.facts == {}


def test_nan_infinite_and_unknown_negative_values_are_dropped_with_a_warning() -> None:
    facts, dropped = sane_facts({"load.p95_ms": float("nan"), "load.p99_ms": float("inf"), "custom.count": -3,
                                 "load.p50_ms": 2.0, "metrics.temperature_celsius": -4.5, "api.valid": False})
    assert facts == {"load.p50_ms": 2.0, "metrics.temperature_celsius": -4.5, "api.valid": False}
    assert dropped == ["load.p95_ms dropped: not a finite number (nan)",
                       "load.p99_ms dropped: not a finite number (inf)",
                       "custom.count dropped: negative (-3)"]


COVERAGE_JSON = ('{"meta": {"version": "7.17.5", "timestamp": "2026-11-30T10:00:00"}, "files": {"a.py": '
                 '{"summary": {"covered_lines": %d, "num_statements": 10}}}}')
LOCUST = (FIXTURES / "load" / "locust-2.47_stats.csv").read_text()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("coverage.json", COVERAGE_JSON % 12, "coverage.lines_covered = 12 is more than coverage.lines_total = 10"),
    ("coverage.json", COVERAGE_JSON % -2, "coverage.lines_covered = -2 is below 0"),
    ("run_stats.csv", LOCUST.replace(",160,60,", ",160,-60,"), "load.failures = -60 is below 0"),
    ("run_stats.csv", LOCUST.replace(",160,60,", ",160,600,"), "load.failures = 600 is more than load.requests"),
    ("junit.xml", JUNIT.replace('time="0.5"', 'time="-5"').replace("<testsuite ", '<testsuite time="x" '), None),
])
def test_impossible_counts_make_the_file_invalid(tmp_path: Path, name: str, content: str, reason: str | None) -> None:
    (tmp_path / name).write_text(content)
    record = read_evidence(tmp_path / name, name)
    if reason is None:  # a negative test time is read as no time, which is possible
        assert record.status == "parsed"
        return
    assert record.status == "invalid" and record.facts == {}
    assert record.reason is not None and record.reason.startswith("impossible values: ") and reason in record.reason


@pytest.mark.parametrize(("facts", "problems"), [
    ({"coverage.line_pct": 100.01}, ["coverage.line_pct = 100.01 is above 100"]),
    ({"tests.pass_rate": 1.5}, ["tests.pass_rate = 1.5 is above 1"]),
    ({"load.error_rate": -0.1}, ["load.error_rate = -0.1 is below 0"]),
    ({"tests.total": 3, "tests.passed": 4}, ["tests.passed = 4 is more than tests.total = 3"]),
    ({"metrics.temperature_celsius": -4.5, "coverage.line_pct": 100.0, "tests.total": 3, "tests.passed": 3}, []),
])
def test_each_fact_knows_its_valid_range(facts: dict[str, float], problems: list[str]) -> None:
    assert impossible(facts) == problems


def test_a_labelled_series_is_checked_on_its_own(tmp_path: Path) -> None:
    (tmp_path / "run_stats.csv").write_text(LOCUST.replace("POST,/chat,85,19,", "POST,/chat,85,90,"))
    record = read_evidence(tmp_path / "run_stats.csv", "run_stats.csv")
    assert record.status == "invalid" and record.reason is not None
    assert 'load.failures{label="POST /chat"} = 90 is more than load.requests{label="POST /chat"} = 85' \
        in record.reason


def junit_at(when: datetime) -> str:
    return JUNIT.replace("2026-11-20T10:00:00Z", when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def test_content_dated_in_the_future_is_invalid(tmp_path: Path) -> None:
    clock = datetime.now(tz=UTC)
    (tmp_path / "junit.xml").write_text(junit_at(clock + timedelta(days=2)))
    record = read_evidence(tmp_path / "junit.xml", "junit.xml", now=clock)
    assert record.status == "invalid" and record.reason is not None
    assert record.reason.startswith("dated in the future: the content says ")


def test_future_means_after_the_later_of_now_and_the_clock_plus_skew(tmp_path: Path) -> None:
    clock = datetime.now(tz=UTC)
    # SOURCE_DATE_EPOCH at the commit time, hours before the CI job wrote its fresh results: still valid.
    (tmp_path / "fresh.xml").write_text(junit_at(clock - timedelta(minutes=1)))
    assert read_evidence(tmp_path / "fresh.xml", "fresh.xml", now=clock - timedelta(hours=3)).status == "parsed"
    (tmp_path / "skewed.xml").write_text(junit_at(clock + timedelta(minutes=4)))
    assert read_evidence(tmp_path / "skewed.xml", "skewed.xml", now=clock).status == "parsed"
    # --now in the future (a planned audit) moves the moment later too.
    (tmp_path / "later.xml").write_text(junit_at(clock + timedelta(days=3)))
    assert read_evidence(tmp_path / "later.xml", "later.xml", now=clock + timedelta(days=4)).status == "parsed"


def test_a_future_mtime_is_not_content(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT.replace(' timestamp="2026-11-20T10:00:00Z"', ""))
    future = (datetime.now(tz=UTC) + timedelta(days=30)).timestamp()
    os.utime(tmp_path / "junit.xml", (future, future))
    assert read_evidence(tmp_path / "junit.xml", "junit.xml", now=datetime.now(tz=UTC)).status == "parsed"


def test_a_jtl_with_nan_latencies_never_yields_nan_facts(tmp_path: Path) -> None:
    (tmp_path / "nan.jtl").write_text(
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n"
        "1700000000000,NaN,home,200,OK,t1,text,true\n1700000000100,inf,home,200,OK,t1,text,true\n")
    record = read_evidence(tmp_path / "nan.jtl", "nan.jtl")
    numbers = [v for v in record.facts.values() if isinstance(v, float)]
    assert all(v == v and v not in (float("inf"), float("-inf")) for v in numbers)
