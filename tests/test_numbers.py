"""Shown numbers: significant digits, never rounded up to a whole number the value has not reached."""

from __future__ import annotations

import pytest

from readiness.numbers import significant
from readiness.reporters.templating import show


@pytest.mark.parametrize(
    ("value", "expected"),
    [(99.95, "99.95"), (99.9999999, "99.9999999"), (0.99999999, "0.99999999"), (100.0, "100"),
     (2412.5, "2412.5"), (1234567.8, "1.23457e+06"), (0.25, "0.25"), (1e-9, "1e-09"), (-0.9999999, "-0.9999999")],
)
def test_significant(value: float, expected: str) -> None:
    assert significant(value) == expected


def test_reports_never_show_a_rate_short_of_one_as_one() -> None:
    assert show(0.9999995) == "0.9999995"
