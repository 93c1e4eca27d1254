"""Tests for readiness.adapters.sarif: levels, suppressions, security-severity bands and rule lookups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import sarif
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def _log(tmp_path: Path, runs: list[dict[str, Any]], **top: Any) -> Path:
    path = tmp_path / "x.sarif"
    path.write_text(json.dumps({"version": "2.1.0", "runs": runs, **top}))
    return path


def _run(results: list[dict[str, Any]], **tool: Any) -> dict[str, Any]:
    # gosec is a security scanner: every result it writes is a security finding.
    return {"tool": {"driver": {"name": "gosec", **tool}}, "results": results}


@pytest.mark.parametrize("head", [
    b'{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}',
    b'\xef\xbb\xbf\n  {"version": "2.1.0", "runs": []}',
    b'{"runs": [], "version": "2.0.0"}',
])
def test_sniff_accepts_sarif(head: bytes) -> None:
    assert sarif.sniff(Path("a.json"), head)


@pytest.mark.parametrize("head", [
    b'{"runs": [{"id": 1}]}',  # a CI export with runs but no SARIF version or schema
    b'{"version": "2.1.0", "results": []}',
    b'[{"runs": []}]',
])
def test_sniff_rejects_other_json(head: bytes) -> None:
    assert not sarif.sniff(Path("a.sarif"), head)


def test_real_eslint_output_counts_suppressed_apart() -> None:
    parsed = sarif.parse(FIXTURES / "eslint-9.39.5.sarif")
    assert parsed.facts["lint.findings"] == 4  # eslint printed "4 problems (2 errors, 2 warnings)"
    assert parsed.facts["lint.suppressed"] == 1
    # ESLint's core rules carry no security marking: lint, and no security scan at all.
    assert not [name for name in parsed.facts if name.startswith("security.")]


def test_result_without_level_uses_rule_default_then_warning(tmp_path: Path) -> None:
    rules = [{"id": "E", "defaultConfiguration": {"level": "error"}}, {"id": "W"}]
    path = _log(tmp_path, [_run([{"ruleId": "E"}, {"ruleId": "W"}, {"ruleId": "missing"}], rules=rules)])
    facts = sarif.parse(path).facts
    assert (facts["security.findings.error"], facts["security.findings.warning"]) == (1, 2)


def test_non_fail_kinds_and_level_none_are_not_findings(tmp_path: Path) -> None:
    results: list[dict[str, Any]] = [{"kind": "pass", "level": "error"}, {"kind": "informational"},
                                     {"level": "none"}, {"kind": "fail"}]
    parsed = sarif.parse(_log(tmp_path, [_run(results)]))
    assert parsed.facts["security.findings"] == 1
    assert parsed.details["level_none"] == 3


def test_suppression_status_decides(tmp_path: Path) -> None:
    results: list[dict[str, Any]] = [
        {"suppressions": [{"kind": "inSource"}]}, {"suppressions": [{"status": "accepted"}]},
        {"suppressions": [{"status": "underReview"}]}, {"suppressions": [{"status": "rejected"}]},
        {"suppressions": []}]
    facts = sarif.parse(_log(tmp_path, [_run(results)])).facts
    assert (facts["security.suppressed"], facts["security.findings"]) == (2, 3)


def test_extension_rules_found_through_tool_component(tmp_path: Path) -> None:
    run = {"tool": {"driver": {"name": "CodeQL", "rules": []},
                    "extensions": [{"name": "pack", "rules": [{"id": "js/xss",
                                                               "properties": {"security-severity": "6.1"}}]}]},
           "results": [{"rule": {"id": "js/xss", "index": 0, "toolComponent": {"index": 0}}}]}
    facts = sarif.parse(_log(tmp_path, [run])).facts
    assert facts["security.medium"] == 1


def test_hierarchical_rule_id_finds_its_parent(tmp_path: Path) -> None:
    rules = [{"id": "CSCAN0020", "properties": {"security-severity": "9.1"}}]
    facts = sarif.parse(_log(tmp_path, [_run([{"ruleId": "CSCAN0020/0"}], rules=rules)])).facts
    assert facts["security.critical"] == 1


def test_bands_absent_when_no_finding_is_scored(tmp_path: Path) -> None:
    facts = sarif.parse(_log(tmp_path, [_run([{"ruleId": "x"}])])).facts
    assert "security.critical" not in facts and facts["security.findings"] == 1


def test_unparseable_score_is_ignored(tmp_path: Path) -> None:
    rules = [{"id": "x", "properties": {"security-severity": "high"}}]
    facts = sarif.parse(_log(tmp_path, [_run([{"ruleId": "x"}], rules=rules)])).facts
    assert "security.high" not in facts


def test_several_runs_list_each_tool_once(tmp_path: Path) -> None:
    facts = sarif.parse(_log(tmp_path, [_run([{}]), _run([{}]), _run([], name="Bandit")])).facts
    assert facts["security.tools"] == ["gosec", "Bandit"]
    assert facts["security.findings"] == 2


def test_unsuccessful_invocation_is_warned(tmp_path: Path) -> None:
    run = {**_run([]), "invocations": [{"executionSuccessful": False, "startTimeUtc": "2026-01-02T03:04:05Z"}]}
    parsed = sarif.parse(_log(tmp_path, [run]))
    assert any("unsuccessful" in w for w in parsed.warnings)
    assert parsed.observed_at is not None and parsed.observed_at.year == 2026


@pytest.mark.parametrize(("content", "reason"), [
    ('{"version": "2.1.0", "runs": [1]}', "runs[0] is not an object"),
    ('{"version": "2.1.0", "runs": [{"results": {}}]}', "results is not an array"),
    ('{"version": "2.1.0", "runs": [{"results": ["x"]}]}', "results[0] is not an object"),
    ('{"version": "2.1.0"}', "no runs array"),
    ('{"version": "2.1.0", "runs": [', "not valid JSON"),
])
def test_invalid_logs_name_the_problem(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.sarif"
    path.write_text(content)
    with pytest.raises(InvalidEvidence, match=reason.replace("[", r"\[").replace("]", r"\]")):
        sarif.parse(path)


def test_sample_is_bounded(tmp_path: Path) -> None:
    parsed = sarif.parse(_log(tmp_path, [_run([{"message": {"text": "m" * 1000}}] * 50)]))
    assert parsed.facts["security.findings"] == 50
    assert len(parsed.details["findings_sample"]) == 10
    assert len(parsed.details["findings_sample"][0]["message"]) <= 200


@pytest.mark.parametrize("stamp", [5, {}, ["2024-01-01T00:00:00Z"]])
def test_non_string_invocation_time_is_no_time(tmp_path: Path, stamp: object) -> None:
    run = {**_run([]), "invocations": [{"executionSuccessful": True, "endTimeUtc": stamp}]}
    assert sarif.parse(_log(tmp_path, [run])).observed_at is None


def test_a_linters_errors_are_lint_not_security_findings() -> None:
    # ruff 0.17.6 marks every result `error`: a missing copyright notice must not fail a security check.
    parsed = sarif.parse(FIXTURES / "ruff-0.17.6-preview-lint.sarif")
    assert (parsed.facts["lint.findings"], parsed.facts["lint.findings.error"]) == (4, 4)  # ruff: "Found 4 errors."
    assert "security.findings.error" not in parsed.facts
    assert parsed.details["lint_rules"]["missing-copyright-notice"] == 1


@pytest.mark.parametrize(("fixture", "security", "lint"), [
    ("ruff-0.17.6.sarif", 8, 2),  # codes as rule ids: S105 S602 S301 S506 S324 S101 S307 S108 vs F401 E722
    ("ruff-0.17.6-preview-names.sarif", 5, 2),  # names as rule ids: the flake8-bandit names vs two lint rules
    ("bandit-1.9.4.sarif", 9, 0),  # a security scanner: every result
])
def test_ruff_s_rules_and_security_scanners_are_security(fixture: str, security: int, lint: int) -> None:
    facts = sarif.parse(FIXTURES / fixture).facts
    assert (facts["security.findings"], facts["lint.findings"]) == (security, lint)


@pytest.mark.parametrize("rule", [
    {"id": "r", "properties": {"security-severity": "5.0"}},
    {"id": "r", "properties": {"tags": ["correctness", "security"]}},
    {"id": "r", "properties": {"tags": ["external/cwe/cwe-079"]}},
    {"id": "r", "properties": {"cwe": "CWE-755"}},
    {"id": "r", "fullDescription": {"text": "See Common Weakness Enumeration: CWE-259"}},
    {"id": "r", "relationships": [{"target": {"id": "79", "toolComponent": {"name": "CWE"}}}]},
])
def test_security_marks_make_a_linters_result_a_security_finding(tmp_path: Path, rule: dict[str, Any]) -> None:
    run = {"tool": {"driver": {"name": "SomeLinter", "rules": [rule, {"id": "style"}]}},
           "results": [{"ruleId": "r", "level": "error"}, {"ruleId": "style", "level": "error"}]}
    facts = sarif.parse(_log(tmp_path, [run])).facts
    assert (facts["security.findings.error"], facts["lint.findings.error"]) == (1, 1)


def test_a_clean_run_of_security_rules_is_evidence_and_a_clean_linter_run_is_not(tmp_path: Path) -> None:
    scan = {"tool": {"driver": {"name": "CodeQL", "rules": [{"id": "py/sql", "properties": {"tags": ["security"]}}]}},
            "results": []}
    assert sarif.parse(_log(tmp_path, [scan])).facts["security.findings"] == 0
    lint = {"tool": {"driver": {"name": "ESLint", "rules": [{"id": "eqeqeq"}]}}, "results": []}
    assert "security.findings" not in sarif.parse(_log(tmp_path, [lint])).facts


def test_each_rule_is_classified_once_per_run_not_once_per_result(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's descriptions are searched for CWE mentions once, however many results it has; results of
    one rule still split by their own tags, and a malformed `taxa` no longer sinks the file."""
    from readiness.adapters import _security_rules

    rules = [{"id": f"R{n}", "fullDescription": {"text": "style " * 500}} for n in range(5)]
    results = [{"ruleId": f"R{n % 5}", "level": "warning", "message": {"text": "m"}, "taxa": 5,
                "properties": {"tags": ["security"]} if n == 7 else {}} for n in range(400)]
    path = tmp_path / "lint.sarif"
    path.write_text(json.dumps({"version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "somelinter", "rules": rules}}, "results": results}]}))
    calls: list[str | None] = []
    real = _security_rules.is_security_rule
    monkeypatch.setattr(sarif, "is_security_rule", lambda tool, rule: calls.append(rule.get("id")) or real(tool, rule))
    facts = sarif.parse(path).facts
    assert facts["security.findings"] == 1 and facts["lint.findings"] == 399
    assert calls.count(None) == 1 and sorted(c for c in calls if c) == ["R0", "R1", "R2", "R3", "R4"]
