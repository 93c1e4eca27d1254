"""Tests for readiness.adapters.jmeter_stats: summariser line selection and dashboard labels."""

from __future__ import annotations

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
    console = jmeter_stats.parse(FIXTURES / "jmeter-2.13-summariser-console.txt").facts
    log = jmeter_stats.parse(FIXTURES / "jmeter-2.13-summariser.log").facts
    assert console == log and console["load.duration_s"] == 5.4


def test_log_without_summariser(tmp_path: Path) -> None:
    assert not jmeter_stats.sniff(Path("x.log"), b"2017-08-18 INFO o.a.j.JMeter: summary of nothing\n")
    with pytest.raises(InvalidEvidence, match="no JMeter summariser result line"):
        jmeter_stats.parse(_write(tmp_path, "INFO nothing here\n"))
