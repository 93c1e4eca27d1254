"""Conformance of the security/deps/secrets adapters with the shared corpus: every file read, oracles compared.

Each MANIFEST oracle is mapped to our facts according to its `_semantics` (see `_observed`). A
disagreement must be listed in KNOWN with our value (mirrored in tests/conformance/KNOWN.md, section
"security"); an entry that no longer disagrees, or whose value changed, fails too, so KNOWN stays exact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from tests.conftest import CORPUS, MANIFEST

ENTRIES = [e for e in MANIFEST if e["path"].startswith(("security/", "invalid/sarif/", "invalid/security/"))]

# Which adapter must own each corpus format.
KIND_OF_FORMAT = {"sarif": "sarif", "trivy-json": "trivy", "npm-audit-json": "npm_audit",
                  "pip-audit-json": "pip_audit", "gitleaks-json": "gitleaks", "bandit-json": "bandit_json",
                  "semgrep-json": "semgrep_json"}

# path -> ({oracle key: our value}, reason). Mirrored in KNOWN.md, section "security".
KNOWN: dict[str, tuple[dict[str, Any], str]] = {
    "security/sarif/defectdojo-sarif-njsscan.sarif": (
        {"findings": 2}, "DefectDojo makes one finding per location; SARIF has 2 results, one with 2 locations"),
    "security/gitleaks/defectdojo-gitleaks-gitleaks8_many.json": (
        {"findings": 4}, "DefectDojo merges the same rule/file/line seen in two commits; gitleaks lists 4 leaks"),
    "security/gitleaks/defectdojo-gitleaks-version_7.5.0.json": (
        {"findings": 8}, "DefectDojo merges the same rule/file/line seen in two commits; gitleaks lists 8 leaks"),
    "security/trivy/defectdojo-trivy-all_statuses.json": (
        {"findings": 7}, "one vulnerability has Status not_affected, which we do not count"),
    "security/trivy/defectdojo-trivy-license_scheme.json": (
        {"findings": 0}, "the 19 DefectDojo findings are licences, not vulnerabilities (kept in details)"),
    "security/trivy/defectdojo-trivy-misconfigurations_and_secrets.json": (
        {"findings": 2}, "DefectDojo adds 1 misconfiguration and 2 secrets; we count 2 vulnerabilities in "
                         "deps.vulns and the 2 secrets in secrets.found"),
    "security/semgrep/defectdojo-semgrep-repeated_findings.json": (
        {"findings": 2}, "the file repeats one result (same rule, file and line); DefectDojo de-duplicates, "
                         "we count what Semgrep wrote"),
    "invalid/sarif/sarif-sdk-JSON1002.DeserializationError.sarif": (
        {"parse_error": False}, "structural checks only: a stack without frames breaks sarif-sdk's "
                                "deserialiser, not our counting; the result is counted"),
    "security/npm-audit/defectdojo-npm_audit-many_vuln_npm7.json": (
        {"defectdojo_v1_parser_rejects": False}, "DefectDojo's v1 parser rejects npm 7 reports; we read v2"),
    # Mirrored in KNOWN.md, section "security: empty pip-audit reports".
    "security/pip-audit/defectdojo-pip_audit-empty.json": (
        {"findings": None}, "an empty dependency list audited nothing: no deps.* facts (evidence or zero)"),
    "security/pip-audit/defectdojo-pip_audit-empty_new.json": (
        {"findings": None}, "an empty dependency list audited nothing: no deps.* facts (evidence or zero)"),
}

# Oracle keys deliberately not compared (mirrored in KNOWN.md).
NOT_COMPARED = {
    "validator_rule_violated": "a sarif-sdk validator finding about the log itself, not a result count",
    "validator_rule": "the sarif-sdk validator rule id of an invalid file",
    "by_rule": "per-rule counts include the suppressed result; details.top_rules excludes it",
    "uri_ends_with_test_key.pem_or_test_rsa_privkey.pem": "a location filter of sarif-sdk's query tests",
    "rule.properties.cwe == CWE-755": "a property query of sarif-sdk's query tests",
    "properties.packageManager == nuget": "a property query of sarif-sdk's query tests",
    "properties.packageManager == npm && properties.severity > 3.0": "a property query of sarif-sdk's query tests",
    "summary_line": "the human summary line; its numbers are compared through total/low/moderate/high/critical",
    "npm_exit_code_default_audit_level": "npm's exit code is not a fact",
    "error_contains": "compared in test_invalid_files_name_the_problem",
}


def _format_kind(entry: dict[str, Any]) -> str | None:
    return next((kind for prefix, kind in KIND_OF_FORMAT.items() if entry["format"].startswith(prefix)), None)


def _read(entry: dict[str, Any]) -> tuple[str | None, Parsed | InvalidEvidence | None]:
    path = CORPUS / entry["path"]
    adapter = sniff(path, path.open("rb").read(HEAD_BYTES))
    if adapter is None:
        return None, None
    try:
        return adapter.KIND, adapter.parse(path)
    except InvalidEvidence as exc:
        return adapter.KIND, exc


def _observed(entry: dict[str, Any], kind: str | None, result: Parsed | InvalidEvidence | None) -> dict[str, Any]:
    """Our values under the oracle's own key names and semantics."""
    if not isinstance(result, Parsed):
        return {"parse_error": isinstance(result, InvalidEvidence)}
    facts: dict[str, Any] = dict(result.facts)
    ours: dict[str, Any] = {"parse_error": False, "defectdojo_v1_parser_rejects": False}
    if kind in {"bandit_json", "semgrep_json"}:
        ours["findings"] = facts.get("security.findings", 0) + facts.get("lint.findings", 0)
    elif kind == "sarif":
        # The oracles count every result, security and lint alike (readiness splits them: docs/evidence.md).
        every = sum(facts.get(f"{family}.{name}", 0) for family in ("security", "lint")
                    for name in ("findings", "suppressed"))
        # DefectDojo keeps suppressed results as (inactive) findings; sarif-sdk's query counts all results.
        ours |= {"findings": every, "results": every,
                 "suppressed": facts.get("security.suppressed", 0) + facts["lint.suppressed"],
                 "level_not_error": sum(facts.get(f"{family}.findings.{level}", 0) for family in ("security", "lint")
                                        for level in ("warning", "note")),
                 "rule.properties.security-severity > 7.0": facts.get("security.high", 0)
                 + facts.get("security.critical", 0)}
    elif kind in {"trivy", "npm_audit", "pip_audit"}:
        ours |= {"findings": facts.get("deps.vulns"), "total": facts.get("deps.vulns")}
        ours |= {word: facts.get(f"deps.vulns.{band}") for word, band in
                 (("low", "low"), ("moderate", "medium"), ("high", "high"), ("critical", "critical"))}
    elif kind == "gitleaks":
        ours["findings"] = facts["secrets.found"]
    return ours


def _disagreements(entry: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    kind, result = _read(entry)
    ours = _observed(entry, kind, result)
    expected = {k: v for k, v in (entry["expected"] or {}).items() if not k.startswith("_")}
    if "defectdojo_v1_parser_rejects" in expected:
        expected["defectdojo_v1_parser_rejects"] = True
    found = {}
    for key, value in expected.items():
        if key in NOT_COMPARED:
            continue
        assert key in ours, f"{entry['path']}: oracle key {key!r} is neither mapped nor in NOT_COMPARED"
        if ours[key] != value:
            found[key] = (value, ours[key])
    return found


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["path"] for e in entries]


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_file_is_read_without_traceback(corpus: Path, entry: dict[str, Any]) -> None:
    kind, result = _read(entry)
    expected_kind = _format_kind(entry)
    assert expected_kind is not None, f"unexpected format {entry['format']}"
    assert kind == expected_kind
    if isinstance(result, InvalidEvidence):
        assert str(result) and "\n" not in str(result)


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_oracle_agrees_or_is_known(corpus: Path, entry: dict[str, Any]) -> None:
    found = _disagreements(entry)
    known_values, _reason = KNOWN.get(entry["path"], ({}, ""))
    assert {key: ours for key, (_, ours) in found.items()} == known_values, (
        f"{entry['path']}: disagreements {found} must equal KNOWN {known_values}")


@pytest.mark.parametrize("entry", [e for e in ENTRIES if (e["expected"] or {}).get("error_contains")],
                         ids=lambda e: e["path"])
def test_invalid_files_name_the_problem(corpus: Path, entry: dict[str, Any]) -> None:
    _, result = _read(entry)
    assert isinstance(result, InvalidEvidence)
    for text in entry["expected"]["error_contains"]:
        assert text in str(result)


def test_known_entries_are_corpus_files() -> None:
    paths = {e["path"] for e in ENTRIES}
    assert set(KNOWN) <= paths
