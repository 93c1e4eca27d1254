"""Unit tests for readiness.adapters.pip_check: each problem line counts once; foreign text is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import pip_check
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "environment"


def test_problem_lines_in_details() -> None:
    parsed = pip_check.parse(FIXTURES / "pip-check-broken.txt")
    assert parsed.details["packages"] == ["flask", "pydantic"]
    assert parsed.details["problems"][-1]["line"].startswith("pydantic 2.9.2 has requirement pydantic-core==2.23.4")


def test_platform_message_counts(tmp_path: Path) -> None:
    path = tmp_path / "check.txt"
    path.write_text("torch 2.1.0 is not supported on this platform\n")
    assert pip_check.parse(path).facts == {"env.broken_requirements": 1}


def test_foreign_line_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "check.txt"
    path.write_text("a 1.0 requires b, which is not installed.\nTraceback (most recent call last):\n")
    with pytest.raises(InvalidEvidence, match="line 2"):
        pip_check.parse(path)


def test_sniff() -> None:
    assert pip_check.sniff(Path("x"), b"No broken requirements found.\n")
    assert pip_check.sniff(Path("x"), b"a 1.0 requires b, which is not installed.\n")
    assert not pip_check.sniff(Path("x"), b"Requirement already satisfied: b\n")


def test_bytes_beyond_the_utf8_head_are_invalid_evidence(tmp_path: Path) -> None:
    path = tmp_path / "check.txt"
    path.write_bytes(b"a 1.0 requires b, which is not installed.\n" + b"c 2.0 requires d\xff\n")
    assert pip_check.sniff(path, path.read_bytes()[:42])
    with pytest.raises(InvalidEvidence, match="not UTF-8 text at byte 58"):
        pip_check.parse(path)
