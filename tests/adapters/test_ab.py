"""Tests for readiness.adapters.ab: failure definition (Length mismatches ignored) and the -e CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import ab
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def test_length_failures_are_not_request_failures() -> None:
    parsed = ab.parse(FIXTURES / "ab-2.3-console.txt")
    # ab printed "Failed requests: 80 (Length: 80)" and "Non-2xx responses: 80": the same 80 responses.
    assert parsed.facts["load.failures"] == 80 and parsed.details["length_failures_ignored"] == 80


def test_connection_failures_count(tmp_path: Path) -> None:
    text = (FIXTURES / "ab-2.3-console.txt").read_text()
    text = text.replace("Failed requests:        80\n   (Connect: 0, Receive: 0, Length: 80, Exceptions: 0)\n",
                        "Failed requests:        3\n   (Connect: 0, Receive: 2, Length: 0, Exceptions: 1)\n")
    path = tmp_path / "ab.txt"
    path.write_text(text)
    assert ab.parse(path).facts["load.failures"] == 80 + 3


def test_percentile_csv_has_only_latencies() -> None:
    parsed = ab.parse(FIXTURES / "ab-2.3-percentiles.csv")
    assert set(parsed.facts) == {"load.tool", "load.p50_ms", "load.p90_ms", "load.p95_ms", "load.p99_ms", "load.max_ms"}


def test_empty_percentile_csv(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Percentage served,Time in ms\n")
    with pytest.raises(InvalidEvidence, match="no percentile rows"):
        ab.parse(path)
