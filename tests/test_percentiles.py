"""Exact percentiles: the type-7 definition against a straightforward reference, and the tools' variants."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.percentiles import (
    PERCENTILES,
    nearest_rank,
    quantile,
    quantile_counts,
    summarize_counts,
    weibull,
)

latencies = st.lists(st.integers(min_value=0, max_value=10**7).map(lambda v: v / 1000), min_size=1,
                     max_size=300)
quantiles = st.fractions(min_value=0, max_value=1, max_denominator=1000)


def reference(values: list[float], q: Fraction) -> Fraction:
    """Sorted list, then exact rational interpolation between the closest ranks."""
    ordered = [Fraction(v) for v in sorted(values)]
    h = (len(ordered) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


@given(latencies, quantiles)
def test_quantile_matches_the_exact_reference(values: list[float], q: Fraction) -> None:
    expected = float(reference(values, q))
    assert quantile(sorted(values), float(q)) == pytest.approx(expected, rel=1e-12, abs=1e-9)


@given(latencies, quantiles)
def test_quantile_counts_equals_quantile(values: list[float], q: Fraction) -> None:
    counts = Counter(values)
    distinct = sorted(counts)
    cumulative = []
    running = 0
    for value in distinct:
        running += counts[value]
        cumulative.append(running)
    assert quantile_counts(distinct, cumulative, float(q)) == quantile(sorted(values), float(q))


@given(latencies)
def test_summary_from_counts_equals_one_computed_from_the_raw_samples(values: list[float]) -> None:
    series = summarize_counts(Counter(values), failures=1)
    ordered = sorted(values)
    assert series.requests == len(values) and series.failures == 1
    assert series.max_ms == round(ordered[-1], 3)
    assert series.mean_ms == round(float(sum(Fraction(v) for v in values) / len(values)), 3)
    for p in PERCENTILES:
        # Interpolation in floats may land a half-way value (2526.2255) on the other side of the
        # 3-decimal rounding: at most one step (1 microsecond) from the exact answer.
        exact = float(reference(values, Fraction(p, 100)))
        assert series.percentiles_ms[p] == pytest.approx(exact, abs=0.0010001)


@given(latencies)
def test_percentiles_are_ordered_and_bounded(values: list[float]) -> None:
    series = summarize_counts(Counter(values))
    points = [series.percentiles_ms[p] for p in PERCENTILES]
    assert points == sorted(points)
    assert round(min(values), 3) <= points[0] and points[-1] <= series.max_ms


def test_numpy_linear_agrees() -> None:
    import numpy  # a test dependency: never skipped for want of it
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    for q in (0.0, 0.5, 0.9, 0.95, 0.99, 1.0):
        assert quantile(sorted(values), q) == pytest.approx(float(numpy.quantile(values, q)))


def test_small_known_values() -> None:
    assert quantile([1.0, 2.0, 3.0], 0.95) == pytest.approx(2.9)
    assert quantile([7.0], 0.99) == 7.0
    assert summarize_counts({}).requests == 0 and summarize_counts({}).percentiles_ms == {}


def test_tool_definitions_on_known_cases() -> None:
    ten = [float(v) for v in range(1, 11)]
    assert nearest_rank(ten, 0.9) == 9.0 and nearest_rank(ten, 0.95) == 10.0
    # Commons Math type 6: position q(n+1) = 9.9 -> 9 + 0.9 * (10 - 9)
    assert weibull(ten, 0.9) == pytest.approx(9.9)
    assert weibull(ten, 0.01) == 1.0 and weibull(ten, 0.999) == 10.0


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_out_of_range_quantile_is_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        quantile([1.0], bad)
    with pytest.raises(ValueError):
        quantile([], 0.5)
