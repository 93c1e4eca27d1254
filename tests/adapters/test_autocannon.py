"""Tests for readiness.adapters.autocannon: status classes, errors, old non2xx-only results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import autocannon
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def _variant(tmp_path: Path, **changes: object) -> Path:
    document = json.loads((FIXTURES / "autocannon-9.0.0.json").read_text())
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    path = tmp_path / "autocannon.json"
    path.write_text(json.dumps(document))
    return path


def test_errors_and_5xx_are_failures(tmp_path: Path) -> None:
    parsed = autocannon.parse(_variant(tmp_path, errors=7, timeouts=7))
    assert parsed.facts["load.failures"] == 60 + 7  # timeouts are already inside errors


def test_old_result_without_status_classes_uses_non2xx(tmp_path: Path) -> None:
    parsed = autocannon.parse(_variant(tmp_path, **{"4xx": None, "5xx": None}))
    assert parsed.facts["load.failures"] == 60


def test_no_p95_in_autocannon() -> None:
    parsed = autocannon.parse(FIXTURES / "autocannon-9.0.0.json")
    assert "load.p95_ms" not in parsed.facts and parsed.details["p97_5_ms"] == 44


def test_missing_latency_object(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="no \"latency\" object"):
        autocannon.parse(_variant(tmp_path, latency="n/a"))
