"""Exact percentiles by linear interpolation between closest ranks (numpy 'linear', k6's definition)."""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

# The percentiles readiness reports as load.pNN_ms facts.
PERCENTILES: tuple[int, ...] = (50, 90, 95, 99)
# Facts carry milliseconds rounded to the microsecond: enough for any load tool, and it makes results
# from different engines (DuckDB, plain Python) byte-identical despite float summation order.
DECIMALS = 3


def _ranks(n: int, q: float) -> tuple[int, int, float]:
    """The two closest ranks (0-based) of the type-7 q-quantile of n samples, and h = (n-1)q."""
    if n == 0:
        raise ValueError("quantile of an empty sequence")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"quantile {q} outside [0, 1]")
    h = (n - 1) * q
    lo = math.floor(h)
    return lo, min(lo + 1, n - 1), h


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The q-quantile (0 <= q <= 1) of already-sorted values: h = (n-1)q, then x[floor h] + frac * step.

    This is Hyndman & Fan type 7, numpy's default 'linear', k6's Trend percentile and DuckDB's
    quantile_cont. Raises ValueError for an empty sequence or q outside [0, 1].
    """
    lo, hi, h = _ranks(len(sorted_values), q)
    low, high = float(sorted_values[lo]), float(sorted_values[hi])
    # Same expression as DuckDB's interpolator, so both paths agree to the last bit in most cases.
    return low + (high - low) * (h - lo)


def nearest_rank(sorted_values: Sequence[float], q: float) -> float:
    """The smallest value whose rank covers q of the data (ceil(q n)-th value): Gatling's and JMeter's
    Aggregate Report family. Used to check a tool's own report, never for facts."""
    n = len(sorted_values)
    if n == 0:
        raise ValueError("quantile of an empty sequence")
    return float(sorted_values[max(1, math.ceil(q * n)) - 1])


def weibull(sorted_values: Sequence[float], q: float) -> float:
    """Hyndman & Fan type 6, Apache Commons Math's default Percentile, which JMeter's HTML dashboard
    uses: position q(n+1), clamped to the first and last value. Used to check JMeter's statistics.json."""
    n = len(sorted_values)
    if n == 0:
        raise ValueError("quantile of an empty sequence")
    pos = q * (n + 1)
    if pos < 1:
        return float(sorted_values[0])
    if pos >= n:
        return float(sorted_values[-1])
    lo = math.floor(pos)
    low, high = float(sorted_values[lo - 1]), float(sorted_values[lo])
    return low + (high - low) * (pos - lo)


@dataclass
class Series:
    """Latency summary of one series of requests (the whole run, or one label)."""

    requests: int
    failures: int | None
    mean_ms: float | None
    max_ms: float | None
    percentiles_ms: dict[int, float] = field(default_factory=dict)
    # Epoch milliseconds of the first request start and the last request end, when known.
    first_ms: float | None = None
    last_ms: float | None = None


def rounded(value: float) -> float:
    """A millisecond value as facts carry it."""
    return round(float(value), DECIMALS)


def exact_mean(values: Sequence[float], counts: Mapping[float, int], n: int) -> float:
    """The mean of samples given as distinct values and occurrences, summed exactly (no float
    rounding on v * count), so it does not depend on how the samples were grouped."""
    if not all(math.isfinite(v) for v in values):  # NaN/inf have no exact ratio; the stage drops them
        return math.fsum(v * counts[v] for v in values) / n
    return float(sum((Fraction(v) * counts[v] for v in values), Fraction(0)) / n)


def _value_at(values: Sequence[float], cumulative: Sequence[int], rank: int) -> float:
    """The rank-th (0-based) smallest sample, given distinct sorted values and cumulative counts."""
    return float(values[bisect.bisect_right(cumulative, rank)])


def quantile_counts(values: Sequence[float], cumulative: Sequence[int], q: float) -> float:
    """`quantile` over samples given as distinct sorted values with cumulative counts: exact, and
    memory in distinct values rather than samples (latencies in whole milliseconds repeat a lot)."""
    lo, hi, h = _ranks(cumulative[-1] if cumulative else 0, q)
    low, high = _value_at(values, cumulative, lo), _value_at(values, cumulative, hi)
    return low + (high - low) * (h - lo)


def summarize_counts(counts: Mapping[float, int], failures: int | None = None,
                     first_ms: float | None = None, last_ms: float | None = None) -> Series:
    """Exact count, mean, max and PERCENTILES of samples given as value -> occurrences."""
    values = sorted(v for v, c in counts.items() if c > 0)
    if not values:
        return Series(0, failures, None, None, {}, first_ms, last_ms)
    cumulative = list(itertools.accumulate(counts[v] for v in values))
    n = cumulative[-1]
    return Series(
        requests=n,
        failures=failures,
        mean_ms=rounded(exact_mean(values, counts, n)),
        max_ms=rounded(values[-1]),
        percentiles_ms={p: rounded(quantile_counts(values, cumulative, p / 100)) for p in PERCENTILES},
        first_ms=first_ms,
        last_ms=last_ms,
    )
