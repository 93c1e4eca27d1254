"""Tests for readiness.adapters.trivy: schema 2 and legacy reports, statuses, secrets, empty null reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import trivy
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def _write(tmp_path: Path, document: object, name: str = "trivy.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_schema2_reads_created_at_and_keeps_other_classes_in_details() -> None:
    parsed = trivy.parse(FIXTURES / "trivy-schema2.json")
    assert parsed.observed_at is not None and parsed.observed_at.isoformat().startswith("2026-11-20T09:30:00")
    assert parsed.details["other"]["misconfig:FAIL"] == 1
    assert parsed.details["artifact"] == "registry.example/shop/api:1.4.2"
    assert "****" not in json.dumps(parsed.details)  # the secret Match is never copied


def test_secrets_found_only_with_secret_results(tmp_path: Path) -> None:
    report = {"SchemaVersion": 2, "Results": [{"Target": "a", "Class": "secret", "Secrets": []}]}
    assert trivy.parse(_write(tmp_path, report)).facts["secrets.found"] == 0
    report = {"SchemaVersion": 2, "Results": [{"Target": "a", "Class": "os-pkgs", "Vulnerabilities": []}]}
    assert "secrets.found" not in trivy.parse(_write(tmp_path, report)).facts


def test_same_package_in_two_targets_counts_twice(tmp_path: Path) -> None:
    vuln = {"VulnerabilityID": "CVE-1", "PkgName": "p", "InstalledVersion": "1", "Severity": "HIGH"}
    report = {"SchemaVersion": 2, "Results": [{"Target": "a", "Vulnerabilities": [vuln]},
                                              {"Target": "b", "Vulnerabilities": [vuln]}]}
    facts = trivy.parse(_write(tmp_path, report)).facts
    assert (facts["deps.vulnerable"], facts["deps.vulns.high"]) == (2, 2)


@pytest.mark.parametrize(("name", "head", "claimed"), [
    ("trivy-report.json", b"null\n", True),
    ("report.json", b"null", False),
    ("x.json", b'{"SchemaVersion": 2, "ArtifactName": "a"}', True),
    ("x.json", b'[{"Target": "a", "Type": "alpine"}]', True),
    ("x.json", b'{"SchemaVersion": 2, "tool": "other"}', False),
])
def test_sniff(name: str, head: bytes, claimed: bool) -> None:
    assert trivy.sniff(Path(name), head) is claimed


@pytest.mark.parametrize(("document", "reason"), [
    ({"SchemaVersion": 2, "Results": {}}, "Results is not a list"),
    ({"Results": []}, "not a Trivy report"),
    ([1], "Results\\[0\\] is not an object"),
])
def test_invalid(tmp_path: Path, document: object, reason: str) -> None:
    with pytest.raises(InvalidEvidence, match=reason):
        trivy.parse(_write(tmp_path, document))


def test_non_string_status_and_created_at_are_read_not_crashed_on(tmp_path: Path) -> None:
    document = {"SchemaVersion": 2, "CreatedAt": 1, "Results": [{"Target": "t", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-1", "PkgName": "p", "Severity": "HIGH", "Status": ["x"]}]}]}
    parsed = trivy.parse(_write(tmp_path, document))
    assert parsed.observed_at is None
    assert parsed.facts["deps.vulns.high"] == 1  # a list is no not_affected statement: counted
