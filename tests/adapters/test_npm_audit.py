"""Tests for readiness.adapters.npm_audit: v1 and v2 reports, npm's severity words, error reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import npm_audit
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(document))
    return path


def test_v2_counts_packages_like_npm_summary() -> None:
    parsed = npm_audit.parse(FIXTURES / "npm-audit-v2.json")
    # metadata says info 1, moderate 1, high 1, critical 2 (total 5); info is in no band.
    assert parsed.facts["deps.vulns"] == 5
    assert parsed.details["by_severity"]["info"] == 1
    assert parsed.warnings == []


def test_v2_metadata_disagreement_is_warned(tmp_path: Path) -> None:
    report = {"auditReportVersion": 2, "vulnerabilities": {"a": {"severity": "low", "via": []}},
              "metadata": {"vulnerabilities": {"total": 3}}}
    parsed = npm_audit.parse(_write(tmp_path, report))
    assert any("says 3" in w for w in parsed.warnings)


def test_real_npm11_endpoint_error_is_invalid() -> None:
    with pytest.raises(InvalidEvidence, match="405 Method Not Allowed"):
        npm_audit.parse(FIXTURES / "npm-audit-11-endpoint-error.json")


def test_enoaudit_error_names_the_code(tmp_path: Path) -> None:
    path = _write(tmp_path, {"error": {"code": "ENOAUDIT", "summary": "no audit endpoint"}})
    assert npm_audit.sniff(path, path.read_bytes())
    with pytest.raises(InvalidEvidence, match="npm audit report contains errors: ENOAUDIT no audit endpoint"):
        npm_audit.parse(path)


@pytest.mark.parametrize(("head", "claimed"), [
    (b'{"auditReportVersion": 2, "vulnerabilities": {}}', True),
    (b'{"actions": [], "advisories": {}, "muted": [], "metadata": {}}', True),
    (b'{"error": {"code": "E500", "summary": "boom"}}', False),
    (b'{"advisories": {}}', False),
])
def test_sniff(head: bytes, claimed: bool) -> None:
    assert npm_audit.sniff(Path("x.json"), head) is claimed


def test_newer_report_version_is_read_and_warned(tmp_path: Path) -> None:
    parsed = npm_audit.parse(_write(tmp_path, {"auditReportVersion": 3, "vulnerabilities": {}}))
    assert parsed.facts["deps.vulns"] == 0
    assert any("newer than 2" in w for w in parsed.warnings)


def test_unknown_severity_is_not_guessed(tmp_path: Path) -> None:
    report = {"auditReportVersion": 2, "vulnerabilities": {"a": {"severity": "severe", "via": []}}}
    facts = npm_audit.parse(_write(tmp_path, report)).facts
    assert facts["deps.vulns.unknown"] == 1 and "deps.vulns.high" not in facts


def test_v2_without_vulnerabilities_object_is_invalid(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="no vulnerabilities object"):
        npm_audit.parse(_write(tmp_path, {"auditReportVersion": 2}))
