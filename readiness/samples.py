"""Sample-size minimums: which load facts a run's traffic can support, applied when checks judge a file."""

from __future__ import annotations

from readiness.selectors import series
from readiness.vocabulary import FactValue, is_number

# Sample-size minimums (docs/evidence.md "Weak load runs"): a percentile needs enough samples to be
# one, a user count or run length needs traffic behind it.
MIN_SAMPLES = {"load.p90_ms": 10, "load.p95_ms": 20, "load.p99_ms": 100}
MIN_REQUESTS_PER_USER = 10
MIN_REQUESTS_PER_SECOND = 1.0


def sample_rules(facts: dict[str, FactValue]) -> list[str]:
    """Drop, in place, the facts a run's traffic cannot support, for the whole run and each labelled
    series: a percentile from fewer samples than it needs (p90 10, p95 20, p99 100 requests), a user
    count with fewer than 10 requests per claimed user, a run length with under 1 request per second.
    A percentile or user count whose request count is unknown is dropped too. Returns one warning per
    dropped fact, naming the minimum it missed, so a check that needs it says why."""
    warnings: list[str] = []
    for selector, values in series(facts).items():  # a key is its bare name + its series' selector
        requests = values.get("load.requests")
        count = float(requests) if is_number(requests) else None
        shown = "unknown" if count is None else f"{count:g}"
        for name, minimum in MIN_SAMPLES.items():
            if name in values and (count is None or count < minimum):
                del facts[name + selector]
                warnings.append(f"{name}{selector} dropped: {shown} requests, a {name[5:8]} needs at least {minimum}")
        users = values.get("load.concurrency")
        if isinstance(users, int | float) and (count is None or count < users * MIN_REQUESTS_PER_USER):
            del facts["load.concurrency" + selector]
            warnings.append(f"load.concurrency{selector} dropped: {shown} requests for {users:g} users, "
                            f"fewer than {MIN_REQUESTS_PER_USER} per user")
        rate = values.get("load.arrival_rate")
        if isinstance(rate, int | float) and (count is None or count < rate * MIN_REQUESTS_PER_USER):
            del facts["load.arrival_rate" + selector]
            warnings.append(f"load.arrival_rate{selector} dropped: {shown} requests at {rate:g}/s, fewer than "
                            f"{MIN_REQUESTS_PER_USER} seconds of that rate")
        duration = values.get("load.duration_s")
        if isinstance(duration, int | float) and duration > 0 and (
                count is None or count < duration * MIN_REQUESTS_PER_SECOND):
            del facts["load.duration_s" + selector]
            warnings.append(f"load.duration_s{selector} dropped: {shown} requests in {duration:g} s, "
                            f"fewer than {MIN_REQUESTS_PER_SECOND:g} per second")
    return warnings
