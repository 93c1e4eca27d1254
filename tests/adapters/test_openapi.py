"""Tests for readiness.adapters.openapi: sniffing YAML/JSON specs, structural checks, documented operations."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import openapi
from readiness.adapters.base import InvalidEvidence


def _spec(tmp_path: Path, text: str, name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


HEADER = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n"


@pytest.mark.parametrize(("head", "claimed"), [
    (b"openapi: 3.0.3\ninfo: {}\n", True),
    (b"\xef\xbb\xbf# comment\nopenapi: '3.1.0'\n", True),
    (b'swagger: "2.0"\n', True),
    (b"swagger: 2.0\n", True),
    (b'{"openapi": "3.0.0", "info": {}}', True),
    (b"components:\n  openapi: 3.0.0\n", False),  # nested key
    (b"openapi: 2.0\n", False),
    (b'{"swagger": "1.2"}', False),
])
def test_sniff(head: bytes, claimed: bool) -> None:
    assert openapi.sniff(Path("x.yaml"), head) is claimed


def test_default_response_is_not_a_documented_error(tmp_path: Path) -> None:
    text = HEADER + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n" \
        "        default: {description: error}\n"
    facts = openapi.parse(_spec(tmp_path, text)).facts
    assert (facts["api.operations"], facts["api.operations_with_errors"]) == (1, 0)


def test_extensions_and_non_methods_are_not_operations(tmp_path: Path) -> None:
    text = HEADER + "paths:\n  x-internal: {}\n  /a:\n    summary: path summary\n    parameters: []\n" \
        "    x-foo: {}\n    post:\n      summary: s\n      responses:\n        '404': {description: n}\n" \
        "        x-bar: 1\n"
    parsed = openapi.parse(_spec(tmp_path, text))
    assert parsed.facts == {"api.valid": True, "api.operations": 1, "api.operations_documented": 1,
                            "api.operations_with_errors": 1}


def test_openapi_31_may_omit_paths_and_responses(tmp_path: Path) -> None:
    text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: {}\n"
    parsed = openapi.parse(_spec(tmp_path, text))
    assert parsed.facts["api.valid"] is True and parsed.facts["api.operations"] == 0
    assert any("no operations" in w for w in parsed.warnings)


def test_missing_paths_in_30_is_invalid(tmp_path: Path) -> None:
    parsed = openapi.parse(_spec(tmp_path, HEADER))
    assert parsed.facts["api.valid"] is False
    assert parsed.details["reasons"] == ["paths object is missing"]


def test_blank_summary_is_not_documentation(tmp_path: Path) -> None:
    text = HEADER + "paths:\n  /a:\n    get:\n      summary: '  '\n      responses: {'200': {description: ok}}\n"
    assert openapi.parse(_spec(tmp_path, text)).facts["api.operations_documented"] == 0


@pytest.mark.parametrize(("text", "reason"), [
    ("openapi: 3.0.0\n- a list\n", "not valid YAML/JSON"),
    ("openapi: [3\n", "not valid YAML/JSON"),
    # PyYAML raises a bare ValueError for a well-formed but impossible date.
    ("openapi: 3.0.0\ninfo:\n  title: T\n  version: 2024-13-01\npaths: {}\n", "unreadable value '2024-13-01'"),
])
def test_unparseable_specs_are_invalid_evidence(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(InvalidEvidence, match=reason):
        openapi.parse(_spec(tmp_path, text))


def test_top_level_list_is_invalid_evidence(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="not a mapping"):
        openapi.parse(_spec(tmp_path, "- openapi: 3.0.0\n"))


def test_many_problems_are_capped_in_warnings(tmp_path: Path) -> None:
    paths = "".join(f"  p{i}: {{}}\n" for i in range(15))
    parsed = openapi.parse(_spec(tmp_path, HEADER + "paths:\n" + paths))
    assert len(parsed.warnings) == 12  # 10 reasons, the overflow note, "no operations"
    assert "5 more problems" in parsed.warnings[10]
