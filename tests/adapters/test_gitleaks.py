"""Tests for readiness.adapters.gitleaks: counts leaks and never lets a secret value into the parsed result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import gitleaks
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "security"


def _secret_values(entries: list[dict[str, object]]) -> list[str]:
    """Every secret-bearing value in a report, and each line of a multi-line one."""
    values = []
    for entry in entries:
        for key in ("Secret", "Match", "offender", "line"):
            text = entry.get(key)
            if isinstance(text, str) and text:
                values.append(text)
                values += [line for line in text.splitlines() if len(line) >= 8]
    return values


def _everything(parsed: object) -> str:
    return parsed.model_dump_json() + repr(parsed)  # type: ignore[attr-defined]


def test_no_secret_value_reaches_facts_details_or_warnings() -> None:
    path = FIXTURES / "gitleaks-v8.json"
    secrets = _secret_values(json.loads(path.read_text()))
    assert "FAKEfakeFAKE0readiness0fixture0not0a0real0key" in secrets  # the check can fail
    parsed = gitleaks.parse(path)
    dumped = _everything(parsed)
    assert parsed.facts == {"secrets.found": 2}
    for secret in secrets:
        assert secret not in dumped
    assert parsed.details["leaks"][0] == {"rule": "generic-api-key", "file": "config/settings.py", "line": 4}


def test_v7_offender_and_line_are_dropped(tmp_path: Path) -> None:
    entries = [{"line": "password = 'FAKE-v7-secret-value-0001'", "lineNumber": 3,
                "offender": "FAKE-v7-secret-value-0001", "commit": "abc", "rule": "Generic Credential",
                "commitMessage": "add FAKE-v7-secret-value-0001", "file": "app.cfg"}]
    path = tmp_path / "leaks.json"
    path.write_text(json.dumps(entries))
    assert gitleaks.sniff(path, path.read_bytes())
    parsed = gitleaks.parse(path)
    assert "FAKE-v7-secret-value-0001" not in _everything(parsed)
    assert parsed.details["leaks"] == [{"rule": "Generic Credential", "file": "app.cfg", "line": 3}]


def test_error_messages_carry_no_secret(tmp_path: Path) -> None:
    path = tmp_path / "gitleaks.json"
    path.write_text(json.dumps([{"Secret": "FAKE-secret-in-a-bad-entry", "File": "x"}]))
    with pytest.raises(InvalidEvidence) as caught:
        gitleaks.parse(path)
    assert "FAKE-secret" not in str(caught.value)


@pytest.mark.parametrize(("name", "content", "claimed"), [
    ("gitleaks-report.json", b"[]", True),
    ("report.json", b"[]", False),
    ("gitleaks.json", b"null", True),
    ("x.json", b'[{"RuleID": "aws", "File": "a", "StartLine": 1}]', True),
    ("x.json", b'[{"rule": "aws", "name": "not gitleaks"}]', False),
    ("x.json", b'{"RuleID": "aws"}', False),
])
def test_sniff(tmp_path: Path, name: str, content: bytes, claimed: bool) -> None:
    assert gitleaks.sniff(tmp_path / name, content) is claimed


def test_null_report_is_zero(tmp_path: Path) -> None:
    path = tmp_path / "gitleaks.json"
    path.write_text("null")
    assert gitleaks.parse(path).facts == {"secrets.found": 0}


def test_object_report_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "gitleaks.json"
    path.write_text('{"leaks": []}')
    with pytest.raises(InvalidEvidence, match="not a list"):
        gitleaks.parse(path)
