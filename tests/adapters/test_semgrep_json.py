"""Tests for readiness.adapters.semgrep_json: Semgrep's native JSON counted like its SARIF output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import sarif, semgrep_json
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def test_json_and_sarif_of_one_run_agree_on_findings() -> None:
    native = semgrep_json.parse(FIXTURES / "semgrep-1.185.0.json").facts
    converted = sarif.parse(FIXTURES / "semgrep-1.185.0.sarif").facts
    # The fixture's local rules have no security metadata: lint in both formats.
    for name in ("lint.findings", "lint.findings.error", "lint.findings.warning", "lint.findings.note"):
        assert native[name] == converted[name]
    assert "security.findings" not in native and "security.findings" not in converted
    # `# nosemgrep` results are left out of --json but kept as suppressed in --sarif.
    assert (native["lint.suppressed"], converted["lint.suppressed"]) == (0, 1)


def test_ignored_results_and_new_severity_words(tmp_path: Path) -> None:
    security = {"metadata": {"category": "security"}}
    results = [{"check_id": "a", "extra": {"severity": "CRITICAL", **security}},
               {"check_id": "b", "extra": {"severity": "LOW", "is_ignored": True, **security}},
               {"check_id": "c", "extra": security}]
    path = tmp_path / "semgrep.json"
    path.write_text(json.dumps({"results": results, "errors": [{"message": "timeout"}]}))
    parsed = semgrep_json.parse(path)
    assert parsed.facts["security.findings"] == 2 and parsed.facts["security.suppressed"] == 1
    # The result without a severity is a finding in no level bucket: a level would be a guess.
    assert (parsed.facts["security.findings.error"], parsed.facts["security.findings.warning"]) == (1, 0)
    assert "1 errors" in parsed.warnings[0]
    assert "1 finding(s) with an unknown severity ('(none)'" in parsed.warnings[1]


def test_unrecognised_severity_is_counted_in_no_level(tmp_path: Path) -> None:
    cwe = {"metadata": {"cwe": ["CWE-89: SQL Injection"]}}
    results = [{"check_id": "a", "extra": {"severity": "BLOCKER", **cwe}},
               {"check_id": "b", "extra": {"severity": "BLOCKER", **cwe}},
               {"check_id": "c", "extra": {"severity": "INFO", **cwe}}]
    path = tmp_path / "semgrep.json"
    path.write_text(json.dumps({"results": results, "errors": []}))
    parsed = semgrep_json.parse(path)
    levels = [parsed.facts[f"security.findings.{level}"] for level in ("error", "warning", "note")]
    assert parsed.facts["security.findings"] == 3 and levels == [0, 0, 1]
    assert parsed.warnings == ["2 finding(s) with an unknown severity ('BLOCKER'; expected ERROR/WARNING/INFO "
                               "or CRITICAL/HIGH/MEDIUM/LOW): counted in security.findings but in no level"]
    assert parsed.details["findings_sample"][0]["level"] == "unknown"


@pytest.mark.parametrize(("head", "claimed"), [
    (b'{"results": [], "errors": []}', True),
    (b'{"version": "1.0", "results": [{"check_id": "x"}], "errors": []}', True),
    (b'{"results": [{"source": {}, "packages": []}], "errors": []}', False),
    (b'{"results": []}', False),
])
def test_sniff(head: bytes, claimed: bool) -> None:
    assert semgrep_json.sniff(Path("s.json"), head) is claimed


def test_result_without_check_id_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "semgrep.json"
    path.write_text('{"results": [{"path": "a"}], "errors": []}')
    with pytest.raises(InvalidEvidence, match="check_id"):
        semgrep_json.parse(path)
