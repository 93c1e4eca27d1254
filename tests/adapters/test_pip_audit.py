"""Tests for readiness.adapters.pip_audit: both report shapes, skipped dependencies, no invented severity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import pip_audit
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def _write(tmp_path: Path, document: object, name: str = "audit.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_real_all_skipped_report_is_no_evidence() -> None:
    # pip-audit 2.10.1 printed "No known vulnerabilities found" and exited 0 for this file.
    parsed = pip_audit.parse(FIXTURES / "pip-audit-2.10.1-all-skipped.json")
    assert parsed.facts == {}
    assert len(parsed.details["skipped"]) == 4


def test_old_and_new_shapes_agree(tmp_path: Path) -> None:
    deps = [{"name": "a", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2"]}]},
            {"name": "b", "version": "1", "vulns": []}]
    old = pip_audit.parse(_write(tmp_path, deps, "old.json"))
    new = pip_audit.parse(_write(tmp_path, {"dependencies": deps, "fixes": []}, "new.json"))
    assert old.facts == new.facts == {"deps.vulnerable": 1, "deps.vulns": 1, "deps.vulns.unknown": 1}


@pytest.mark.parametrize(("head", "claimed"), [
    (b'{"dependencies": [{"name": "a", "version": "1", "vulns": []}], "fixes": []}', True),
    (b'\xef\xbb\xbf {"dependencies": []}', True),
    (b'[{"name": "a", "version": "1", "vulns": []}]', True),
    (b'{"dependencies": [{"ref": "pkg:pypi/a", "dependsOn": []}]}', False),  # CycloneDX-like
    (b'{"auditReportVersion": 2, "dependencies": []}', False),
    (b'[{"name": "a", "version": "1"}]', False),
])
def test_sniff(head: bytes, claimed: bool) -> None:
    assert pip_audit.sniff(Path("x.json"), head) is claimed


@pytest.mark.parametrize(("document", "reason"), [
    ({"deps": []}, "expected a dependencies list"),
    ([{"version": "1"}], "dependencies\\[0\\] has no name"),
    ("text", "expected a dependencies list"),
])
def test_invalid(tmp_path: Path, document: object, reason: str) -> None:
    with pytest.raises(InvalidEvidence, match=reason):
        pip_audit.parse(_write(tmp_path, document))


def test_fix_versions_in_details(tmp_path: Path) -> None:
    deps = [{"name": "a", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2", "3"]}]}]
    parsed = pip_audit.parse(_write(tmp_path, deps))
    assert parsed.details["vulns_sample"][0]["fix_versions"] == ["2", "3"]
    assert parsed.details["vulns_sample"][0]["severity"] == "unknown"


@pytest.mark.parametrize("document", [[], None, {"dependencies": [], "fixes": []}])
def test_a_report_listing_no_dependency_has_no_facts(tmp_path: Path, document: object) -> None:
    parsed = pip_audit.parse(_write(tmp_path, document))
    assert parsed.facts == {}  # nothing was audited: zero vulnerabilities would be invented
    assert parsed.warnings == ["the report lists no dependencies: nothing was audited"]
