"""Tests for readiness.adapters.base: the shared time parser every adapter hands raw JSON/YAML values to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from readiness.adapters.base import iso, parse_time


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-05-01T12:00:00Z", datetime(2024, 5, 1, 12, tzinfo=UTC)),
    ("2024-05-01 14:00:00+02:00", datetime(2024, 5, 1, 12, tzinfo=UTC)),
    (" 2024-05-01T12:00:00 ", datetime(2024, 5, 1, 12, tzinfo=UTC)),  # no zone: read as UTC
])
def test_iso_times_are_aware(text: str, expected: datetime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("value", [None, "", "yesterday", "2024-02-30T00:00:00Z", 5, 1.5, {}, [], True])
def test_absent_unreadable_or_non_string_values_are_no_time(value: object) -> None:
    # Adapters pass JSON values straight in (SARIF endTimeUtc: 5, Infracost timeGenerated: {}).
    assert parse_time(value) is None  # type: ignore[arg-type]


def test_iso_renders_utc_with_z() -> None:
    assert iso(datetime(2024, 5, 1, 14, tzinfo=UTC)) == "2024-05-01T14:00:00Z"
