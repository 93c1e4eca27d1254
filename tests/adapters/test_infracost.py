"""Tests for readiness.adapters.infracost: monthly cost and currency, always flagged as an estimate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import infracost
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cost"


def _write(tmp_path: Path, **report: object) -> Path:
    path = tmp_path / "infracost.json"
    path.write_text(json.dumps({"version": "0.2", "projects": [], **report}))
    return path


def test_estimate_is_labelled() -> None:
    parsed = infracost.parse(FIXTURES / "infracost-breakdown.json")
    assert parsed.details["estimate"] is True
    assert parsed.warnings[0] == infracost.ESTIMATE_WARNING
    assert [p["monthly"] for p in parsed.details["projects"]] == [156.0, 0.5]


def test_numbers_as_well_as_strings(tmp_path: Path) -> None:
    facts = infracost.parse(_write(tmp_path, totalMonthlyCost=12.25, currency="USD")).facts
    assert facts == {"cost.monthly": 12.25, "cost.currency": "USD"}


def test_missing_currency_is_not_guessed(tmp_path: Path) -> None:
    parsed = infracost.parse(_write(tmp_path, totalMonthlyCost="3"))
    assert parsed.facts == {"cost.monthly": 3.0}
    assert any("no currency" in w for w in parsed.warnings)


@pytest.mark.parametrize("value", ["abc", "NaN", [1]])
def test_non_numeric_cost_is_invalid(tmp_path: Path, value: object) -> None:
    with pytest.raises(InvalidEvidence, match="cost"):
        infracost.parse(_write(tmp_path, totalMonthlyCost=value))


def test_no_projects_list_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "infracost.json"
    path.write_text('{"totalMonthlyCost": "1", "projects": null}')
    with pytest.raises(InvalidEvidence, match="projects list"):
        infracost.parse(path)


def test_sniff() -> None:
    assert infracost.sniff(Path("x"), b'\xef\xbb\xbf{"version": "0.2", "projects": [], "totalMonthlyCost": "1"}')
    assert not infracost.sniff(Path("x"), b'{"totalMonthlyCost": "1"}')


@pytest.mark.parametrize("stamp", [{}, 1, ["2024-01-01T00:00:00Z"]])
def test_non_string_time_generated_is_no_time(tmp_path: Path, stamp: object) -> None:
    assert infracost.parse(_write(tmp_path, timeGenerated=stamp)).observed_at is None
