"""Unit tests for readiness.adapters.coveragepy_json: per-file line lists, absent branches, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import coveragepy_json
from readiness.adapters.base import InvalidEvidence


def test_line_lists_win_over_totals(tmp_path: Path) -> None:
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps({
        "meta": {"format": 3, "timestamp": "2024-05-01T12:00:00.5", "branch_coverage": False},
        "files": {"a.py": {"executed_lines": [1, 2, 3], "missing_lines": [4], "summary": {}}},
        "totals": {"covered_lines": 9, "num_statements": 10},
    }))
    parsed = coveragepy_json.parse(path)
    assert parsed.facts == {"coverage.lines_total": 4, "coverage.lines_covered": 3, "coverage.line_pct": 75.0}
    assert any("disagrees" in w for w in parsed.warnings)
    assert parsed.observed_at is not None and parsed.observed_at.hour == 12


@pytest.mark.parametrize(("text", "reason"), [("{", "malformed JSON"), ('{"files": []}', "not a coverage.py")])
def test_bad_input_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "coverage.json"
    path.write_text(text)
    with pytest.raises(InvalidEvidence, match=reason):
        coveragepy_json.parse(path)


@pytest.mark.parametrize("executed", [[[1]], [{"a": 1}], ["1"]])
def test_line_lists_of_non_numbers_are_invalid(tmp_path: Path, executed: list[object]) -> None:
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps({"files": {"a.py": {"executed_lines": executed, "missing_lines": []}}}))
    with pytest.raises(InvalidEvidence, match="file 'a.py': executed_lines/missing_lines must list line numbers"):
        coveragepy_json.parse(path)
