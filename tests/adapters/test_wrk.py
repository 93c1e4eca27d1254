"""Tests for readiness.adapters.wrk: unit suffixes, socket errors, runs without responses."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import wrk
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wrk.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("text", "ms"), [("850.00us", 0.85), ("12.50ms", 12.5), ("1.50s", 1500.0),
                                          ("2.00m", 120000.0), ("1.00h", 3600000.0)])
def test_unit_suffixes(tmp_path: Path, text: str, ms: float) -> None:
    output = (FIXTURES / "wrk-4.1.0-plain.txt").read_text().replace("61.08ms", text)
    assert wrk.parse(_write(tmp_path, output)).facts["load.mean_ms"] == pytest.approx(ms)


def test_socket_errors_are_failures(tmp_path: Path) -> None:
    output = (FIXTURES / "wrk-4.1.0-latency.txt").read_text().replace(
        "  Non-2xx or 3xx responses: 37\n",
        "  Socket errors: connect 0, read 2, write 0, timeout 5\n  Non-2xx or 3xx responses: 37\n")
    parsed = wrk.parse(_write(tmp_path, output))
    assert parsed.facts["load.failures"] == 37 + 7
    assert parsed.details["socket_errors"] == {"connect": 0, "read": 2, "write": 0, "timeout": 5}


def test_truncated_output(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="no 'N requests in T' line"):
        wrk.parse(_write(tmp_path, "Running 10s test @ http://x\n  Thread Stats   Avg\n"))
