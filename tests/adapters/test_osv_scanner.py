"""Tests for readiness.adapters.osv_scanner: alias groups counted once, CVSS bands from max_severity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import osv_scanner
from readiness.adapters.base import InvalidEvidence


def _report(tmp_path: Path, packages: list[dict[str, object]]) -> Path:
    path = tmp_path / "osv.json"
    path.write_text(json.dumps({"results": [{"source": {"path": "go.mod", "type": "lockfile"},
                                             "packages": packages}]}))
    return path


def _package(name: str, **extra: object) -> dict[str, object]:
    return {"package": {"name": name, "version": "1", "ecosystem": "Go"}, **extra}


def test_group_of_aliases_counts_once(tmp_path: Path) -> None:
    vulns = [{"id": "GHSA-1"}, {"id": "GO-1"}]
    groups = [{"ids": ["GHSA-1", "GO-1"], "max_severity": "9.8"}]
    facts = osv_scanner.parse(_report(tmp_path, [_package("a", vulnerabilities=vulns, groups=groups)])).facts
    assert (facts["deps.vulns"], facts["deps.vulns.critical"]) == (1, 1)


def test_without_groups_each_vulnerability_counts_with_unknown_severity(tmp_path: Path) -> None:
    facts = osv_scanner.parse(_report(tmp_path, [_package("a", vulnerabilities=[{"id": "X"}, {"id": "Y"}])])).facts
    assert facts["deps.vulns.unknown"] == 2 and "deps.vulns.low" not in facts


@pytest.mark.parametrize(("score", "band"), [("", "unknown"), ("n/a", "unknown"), ("4.0", "medium"), ("0", "info")])
def test_max_severity_words(tmp_path: Path, score: str, band: str) -> None:
    groups = [{"ids": ["X"], "max_severity": score}]
    parsed = osv_scanner.parse(_report(tmp_path, [_package("a", groups=groups)]))
    assert parsed.details["by_severity"] == {band: 1}


def test_package_without_vulnerabilities_is_not_vulnerable(tmp_path: Path) -> None:
    facts = osv_scanner.parse(_report(tmp_path, [_package("a", vulnerabilities=[], groups=[])])).facts
    assert facts["deps.vulnerable"] == 0


def test_sniff_needs_packages_and_source() -> None:
    assert osv_scanner.sniff(Path("x"), b'{"results": [{"source": {"path": "a"}, "packages": []}]}')
    assert not osv_scanner.sniff(Path("x"), b'{"results": [{"packages": []}]}')
    sarif_like = b'{"version": "2.1.0", "runs": [{"results": [], "source": 1, "packages": 1}]}'
    assert not osv_scanner.sniff(Path("x"), sarif_like)


def test_results_not_a_list_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "osv.json"
    path.write_text('{"results": {}}')
    with pytest.raises(InvalidEvidence, match="results list"):
        osv_scanner.parse(path)


def test_no_results_key_is_invalid_not_zero_vulnerabilities(tmp_path: Path) -> None:
    path = tmp_path / "osv.json"
    path.write_text('{"experimental_config": {"licenses": {"summary": false}}}')
    with pytest.raises(InvalidEvidence, match="no results key"):
        osv_scanner.parse(path)


def test_empty_results_list_is_zero_vulnerabilities(tmp_path: Path) -> None:
    path = tmp_path / "osv.json"
    path.write_text('{"results": []}')
    assert osv_scanner.parse(path).facts["deps.vulns"] == 0
