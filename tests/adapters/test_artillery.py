"""Tests for readiness.adapters.artillery: v2 counters/summaries, per-endpoint rows, v1 and worker events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import artillery
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document))
    return path


def test_connection_errors_count_as_failures_without_inventing_latency() -> None:
    parsed = artillery.parse(FIXTURES / "artillery-2.0.21-refused.json")
    assert parsed.details["errors"] == {"errors.ECONNREFUSED": 5}
    assert not any(name.startswith(("load.p", "load.mean", "load.max")) for name in parsed.facts)


def test_endpoint_names_with_dots_and_codes(tmp_path: Path) -> None:
    counters = {"http.requests": 4, "http.codes.200": 3, "http.codes.404": 1,
                "plugins.metrics-by-endpoint./v1.0/x.codes.200": 3, "plugins.metrics-by-endpoint./v1.0/x.codes.404": 1}
    parsed = artillery.parse(_write(tmp_path, {"aggregate": {"counters": counters, "summaries": {}}}))
    assert parsed.facts["load.failures"] == 1
    assert parsed.facts['load.requests{label="/v1.0/x"}'] == 4
    assert parsed.facts['load.failures{label="/v1.0/x"}'] == 1


def test_v1_latency_and_codes(tmp_path: Path) -> None:
    aggregate = {"timestamp": "2019-01-01T00:00:00.000Z", "requestsCompleted": 98, "rps": {"count": 100, "mean": 9.5},
                 "latency": {"min": 3.1, "max": 80.2, "median": 10.4, "p95": 40.0, "p99": 70.5},
                 "codes": {"200": 90, "503": 8}, "errors": {"ETIMEDOUT": 2}}
    parsed = artillery.parse(_write(tmp_path, {"aggregate": aggregate}))
    assert parsed.facts["load.requests"] == 100 and parsed.facts["load.failures"] == 10
    assert parsed.facts["load.p50_ms"] == 10.4 and "load.mean_ms" not in parsed.facts
    assert parsed.observed_at is not None and parsed.observed_at.year == 2019


def test_unknown_aggregate_shape(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="neither v2 counters"):
        artillery.parse(_write(tmp_path, {"aggregate": {"foo": 1}}))


def test_worker_event_with_broken_report_string(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="malformed report string"):
        artillery.parse(_write(tmp_path, [{"event": "done", "report": "{not json"}]))
