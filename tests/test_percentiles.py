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
    summarize,
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
def test_summaries_from_samples_and_from_counts_are_identical(values: list[float]) -> None:
    assert summarize(values, failures=1) == summarize_counts(Counter(values), failures=1)


@given(latencies)
def test_percentiles_are_ordered_and_bounded(values: list[float]) -> None:
    series = summarize(values)
    points = [series.percentiles_ms[p] for p in PERCENTILES]
    assert points == sorted(points)
    assert round(min(values), 3) <= points[0] and points[-1] <= series.max_ms


def test_numpy_linear_agrees() -> None:
    numpy = pytest.importorskip("numpy")
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    for q in (0.0, 0.5, 0.9, 0.95, 0.99, 1.0):
        assert quantile(sorted(values), q) == pytest.approx(float(numpy.quantile(values, q)))


def test_small_known_values() -> None:
    assert quantile([1.0, 2.0, 3.0], 0.95) == pytest.approx(2.9)
    assert quantile([7.0], 0.99) == 7.0
    assert summarize([]).requests == 0 and summarize([]).percentiles_ms == {}


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
