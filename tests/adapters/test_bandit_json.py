"""Tests for readiness.adapters.bandit_json: Bandit's native JSON counted like its SARIF output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import bandit_json, sarif
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def test_json_and_sarif_of_one_run_agree() -> None:
    native = bandit_json.parse(FIXTURES / "bandit-1.9.4.json").facts
    converted = sarif.parse(FIXTURES / "bandit-1.9.4.sarif").facts
    for name in ("security.findings", "security.findings.error", "security.findings.warning",
                 "security.findings.note", "security.tools"):
        assert native[name] == converted[name]
    # Bandit's SARIF omits the `# nosec B108` skip; its JSON metrics count it.
    assert (native["security.suppressed"], converted["security.suppressed"]) == (1, 0)


def test_sniff_does_not_need_results_in_the_head() -> None:
    head = b'{"errors": [], "generated_at": "2026-01-01T00:00:00Z", "metrics": {"_totals": {"SEVERITY.HIGH": 0'
    assert bandit_json.sniff(Path("b.json"), head)
    assert not bandit_json.sniff(Path("b.json"), b'{"generated_at": "x", "metrics": {}}')


def test_scan_errors_are_warned_and_metrics_optional(tmp_path: Path) -> None:
    path = tmp_path / "bandit.json"
    path.write_text(json.dumps({"errors": [{"filename": "a.py", "reason": "syntax error"}], "results": [
        {"test_id": "B101", "issue_severity": "LOW", "filename": "a.py", "line_number": 1}]}))
    parsed = bandit_json.parse(path)
    assert parsed.facts["security.findings.note"] == 1
    assert "security.suppressed" not in parsed.facts
    assert "could not scan 1 files" in parsed.warnings[0]


def test_results_must_be_objects(tmp_path: Path) -> None:
    path = tmp_path / "bandit.json"
    path.write_text('{"results": [1], "metrics": {}}')
    with pytest.raises(InvalidEvidence, match=r"results\[0\]"):
        bandit_json.parse(path)


def test_unrecognised_severity_is_counted_in_no_level(tmp_path: Path) -> None:
    path = tmp_path / "bandit.json"
    path.write_text(json.dumps({"results": [
        {"test_id": "B101", "issue_severity": "UNDEFINED"},
        {"test_id": "B102", "issue_severity": "MEDIUM"}]}))
    parsed = bandit_json.parse(path)
    levels = [parsed.facts[f"security.findings.{level}"] for level in ("error", "warning", "note")]
    assert parsed.facts["security.findings"] == 2 and levels == [0, 1, 0]
    assert parsed.warnings == ["1 finding(s) with an unknown severity ('UNDEFINED'; expected HIGH/MEDIUM/LOW): "
                               "counted in security.findings but in no level"]


@pytest.mark.parametrize("generated_at", [1, {}, ["2026-01-01T00:00:00Z"]])
def test_a_non_string_generated_at_is_no_time(tmp_path: Path, generated_at: object) -> None:
    path = tmp_path / "bandit.json"
    path.write_text(json.dumps({"generated_at": generated_at, "results": []}))
    assert bandit_json.parse(path).observed_at is None


def test_suppressed_totals_beyond_a_float_are_no_count(tmp_path: Path) -> None:
    path = tmp_path / "bandit.json"
    path.write_text('{"results": [], "metrics": {"_totals": {"nosec": 1e308, "skipped_tests": 1e308}}}')
    assert "security.suppressed" not in bandit_json.parse(path).facts
