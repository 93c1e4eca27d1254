"""Tests for readiness.adapters.wrk: unit suffixes, socket errors, runs without responses."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(("old", "new", "error"), [
    ("requests in", "1" * 5000 + " requests in", "request count"),
    ("Requests/sec:   ", "Requests/sec: 1.2.3", "unreadable Requests/sec '1.2.3'"),
    ("61.08ms", "6.1.08ms", "unreadable time '6.1.08'"),
    ("61.08ms", "9" * 400 + "ms", "time '99999999999999999999'... is not a finite number"),
])
def test_malformed_numbers_are_invalid_evidence(tmp_path: Path, old: str, new: str, error: str) -> None:
    text = (FIXTURES / "wrk-4.1.0-plain.txt").read_text()
    if old == "requests in":
        text = re.sub(r"\d+ requests in", new, text, count=1)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(InvalidEvidence) as caught:
        wrk.parse(_write(tmp_path, text))
    assert error in str(caught.value)


def test_more_failures_than_requests_warns(tmp_path: Path) -> None:
    text = re.sub(r"Non-2xx or 3xx responses: +\d+", "Non-2xx or 3xx responses: 999999999",
                  (FIXTURES / "wrk-4.1.0-latency.txt").read_text())
    parsed = wrk.parse(_write(tmp_path, text))
    assert parsed.facts["load.error_rate"] > 1
    assert any(w.startswith("more failures than requests (999999999 > ") for w in parsed.warnings)
