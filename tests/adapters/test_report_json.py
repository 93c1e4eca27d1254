"""Tests for readiness.adapters._report_json: sniffing helpers, loading, and no format stealing another's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import (
    _report_json,
    bandit_json,
    gitleaks,
    infracost,
    npm_audit,
    openapi,
    osv_scanner,
    pip_audit,
    sarif,
    semgrep_json,
    sniff,
    trivy,
)
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MODULES = (sarif, npm_audit, trivy, osv_scanner, pip_audit, gitleaks, infracost, openapi, bandit_json, semgrep_json)
CASES = [case for folder in ("security", "cost", "docs") for case in sorted((FIXTURES / folder).glob("*.facts.json"))]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_only_the_owning_adapter_claims_each_fixture(case: Path) -> None:
    evidence = case.with_name(case.name.removesuffix(".facts.json"))
    kind = json.loads(case.read_text())["kind"]
    head = evidence.read_bytes()[:HEAD_BYTES]
    claimed = [m.KIND for m in MODULES if m.sniff(evidence, head)]
    assert claimed == [kind]
    owner = sniff(evidence, head)
    owned = owner.KIND if owner else None
    assert owned == kind


def test_body_strips_bom_and_whitespace() -> None:
    assert _report_json.body(b"\xef\xbb\xbf \n\t{\"a\": 1}") == b'{"a": 1}'
    assert _report_json.is_object(b"\xef\xbb\xbf  {}")
    assert _report_json.is_array(b"\n [1]")


def test_has_key_needs_a_key_not_a_value() -> None:
    assert _report_json.has_key(b'{"runs" : []}', "runs")
    assert not _report_json.has_key(b'{"text": "runs"}', "runs")


@pytest.mark.parametrize("content", [b"[]", b" null\n", b"[\n]"])
def test_empty_report_is_claimed_only_by_name(tmp_path: Path, content: bytes) -> None:
    named = tmp_path / "gitleaks-report.json"
    anonymous = tmp_path / "report.json"
    assert _report_json.is_empty_named(named, content, "gitleaks")
    assert not _report_json.is_empty_named(anonymous, content, "gitleaks")
    assert not _report_json.is_empty_named(named, b'[{"a": 1}]', "gitleaks")


def test_load_reports_bad_json_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_bytes(b'{"runs": [\n')
    with pytest.raises(InvalidEvidence, match="SARIF log is not valid JSON") as caught:
        _report_json.load(bad, "SARIF log")
    assert "\n" not in str(caught.value)


def test_load_accepts_a_bom(tmp_path: Path) -> None:
    doc = tmp_path / "x.json"
    doc.write_bytes(b'\xef\xbb\xbf{"a": [1]}')
    assert _report_json.load(doc, "x") == {"a": [1]}


def test_truncate_flattens_and_bounds() -> None:
    assert _report_json.truncate("a\n  b") == "a b"
    assert len(_report_json.truncate("x" * 500, 50)) == 50


@pytest.mark.parametrize("number", [b"1" + b"0" * 400, b"1" + b"0" * 5000, b"1e400"])
def test_load_refuses_numbers_beyond_a_float_in_one_line(tmp_path: Path, number: bytes) -> None:
    doc = tmp_path / "x.json"
    doc.write_bytes(b'{"results": [' + number + b"]}")
    with pytest.raises(InvalidEvidence, match="Trivy report is not valid JSON: number is infinity"):
        _report_json.load(doc, "Trivy report")


def test_a_streamed_file_of_binary_garbage_says_why_in_words(tmp_path: Path) -> None:
    """yajl reports errors as bytes; the reason shows its words, not a b'...' repr with the garbage in it."""
    bad = tmp_path / "x.sarif"
    bad.write_bytes(b"\x90\x1c\x8e{garbage \xff\xfe" * 100)
    with pytest.raises(InvalidEvidence) as caught:
        _report_json.load_streaming(bad, "SARIF log", {})
    assert str(caught.value) == "SARIF log is not valid JSON: lexical error: invalid char in json text."


def test_a_streamed_file_nested_past_the_depth_limit_is_refused_early(tmp_path: Path) -> None:
    """ijson's memory grows with the square of the depth (100,000 levels took 24 GB): past MAX_DEPTH,
    as orjson's whole-file path does, the file is not JSON readiness reads."""
    deep = tmp_path / "x.sarif"
    depth = _report_json.MAX_DEPTH * 5
    deep.write_text('{"runs": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(InvalidEvidence) as caught:
        _report_json.load_streaming(deep, "SARIF log", {})
    assert str(caught.value) == f"SARIF log is not valid JSON: nested more than {_report_json.MAX_DEPTH:,} levels deep"
    fine = tmp_path / "y.json"  # 1 object + 1,000 arrays: within the limit, read whole
    fine.write_text('{"a": ' + "[" * 1000 + "]" * 1000 + "}")
    value, levels = _report_json.load_streaming(fine, "x", {})["a"], 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == 1000
