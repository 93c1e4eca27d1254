"""Tests for readiness.adapters.jmeter_stats: summariser line selection and dashboard labels."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness.adapters import jmeter_stats
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"
PLUS = ("summary +    100 in 00:00:30 =    3.3/s Avg:    40 Min:     2 Max:    90 Err:     1 (1.00%)"
        " Active: 5 Started: 5 Finished: 0\n")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "jmeter.log"
    path.write_text(text)
    return path


def test_single_interval_run_uses_its_plus_line(tmp_path: Path) -> None:
    parsed = jmeter_stats.parse(_write(tmp_path, PLUS))
    assert parsed.facts["load.requests"] == 100 and parsed.facts["load.duration_s"] == 30.0
    assert parsed.facts["load.concurrency"] == 5 and parsed.warnings == ["run shorter than 60 s (30 s): weak evidence"]


def test_several_plus_lines_without_total_warn(tmp_path: Path) -> None:
    parsed = jmeter_stats.parse(_write(tmp_path, PLUS + PLUS))
    assert "no cumulative summariser line: using the last interval only" in parsed.warnings


def test_old_seconds_format_and_console_equals_log() -> None:
    console = jmeter_stats.parse(FIXTURES / "jmeter-2.13-summariser-console.txt")
    log = jmeter_stats.parse(FIXTURES / "jmeter-2.13-summariser.log")
    # Only the log has line times: "2026/11/28 16:45:27" (no zone, read as UTC) minus the 5.4 s elapsed.
    assert log.facts.pop("load.started_at") == "2026-11-28T16:45:21Z"
    assert console.facts == log.facts and console.facts["load.duration_s"] == 5.4
    assert log.observed_at == datetime(2026, 11, 28, 16, 45, 27, tzinfo=UTC) and console.observed_at is None
    assert jmeter_stats.NO_ZONE in log.warnings and jmeter_stats.NO_ZONE not in console.warnings


def test_log4j2_line_time_with_milliseconds(tmp_path: Path) -> None:
    line = "2024-05-01 12:00:30,500 INFO o.a.j.r.Summariser: " + PLUS.replace("+", "=", 1)
    parsed = jmeter_stats.parse(_write(tmp_path, line))
    assert parsed.facts["load.started_at"] == "2024-05-01T12:00:00Z"
    assert parsed.observed_at == datetime(2024, 5, 1, 12, 0, 30, 500000, tzinfo=UTC)


@pytest.mark.parametrize("stamp", ["2024-02-30 12:00:00", "2024-13-01 12:00:00"])
def test_impossible_line_time_is_no_time(tmp_path: Path, stamp: str) -> None:
    parsed = jmeter_stats.parse(_write(tmp_path, f"{stamp} INFO Summariser: {PLUS}"))
    assert parsed.observed_at is None and "load.started_at" not in parsed.facts


@pytest.mark.parametrize("elapsed", ["::", "1:" + "9" * 5000])
def test_malformed_elapsed_time_leaves_duration_absent(tmp_path: Path, elapsed: str) -> None:
    parsed = jmeter_stats.parse(_write(tmp_path, PLUS.replace("00:00:30", elapsed)))
    assert parsed.facts["load.requests"] == 100 and "load.duration_s" not in parsed.facts


def test_unreadable_numbers_are_absent_not_errors(tmp_path: Path) -> None:
    text = PLUS.replace("=    3.3/s", "=    3.3.3/s").replace("100 in", "9" * 400 + " in")
    parsed = jmeter_stats.parse(_write(tmp_path, text))
    assert "load.rps" not in parsed.facts and "load.requests" not in parsed.facts


def test_log_without_summariser(tmp_path: Path) -> None:
    assert not jmeter_stats.sniff(Path("x.log"), b"2017-08-18 INFO o.a.j.JMeter: summary of nothing\n")
    with pytest.raises(InvalidEvidence, match="no JMeter summariser result line"):
        jmeter_stats.parse(_write(tmp_path, "INFO nothing here\n"))
