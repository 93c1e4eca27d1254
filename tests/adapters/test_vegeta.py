"""Tests for readiness.adapters.vegeta: nanosecond conversion and the two failure sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import vegeta
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def _variant(tmp_path: Path, **changes: object) -> Path:
    document = json.loads((FIXTURES / "vegeta-report.json").read_text())
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    path = tmp_path / "vegeta.json"
    path.write_text(json.dumps(document))
    return path


def test_latencies_are_converted_from_nanoseconds() -> None:
    parsed = vegeta.parse(FIXTURES / "vegeta-report.json")
    assert parsed.facts["load.p99_ms"] == pytest.approx(880.125)
    assert parsed.facts["load.duration_s"] == pytest.approx(59.95)
    assert parsed.details["failures_from"] == "1 - success ratio"


def test_status_codes_when_success_is_missing(tmp_path: Path) -> None:
    parsed = vegeta.parse(_variant(tmp_path, success=None))
    assert parsed.facts["load.failures"] == 51  # 45 x 500 + 6 x code 0 (no response)
    assert parsed.details["failures_from"].startswith("status codes")


def test_zero_requests_has_no_latency(tmp_path: Path) -> None:
    parsed = vegeta.parse(_variant(tmp_path, requests=0))
    assert not any(name.endswith("_ms") for name in parsed.facts)


def test_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="no \"latencies\" object"):
        vegeta.parse(_variant(tmp_path, latencies=[1, 2]))
