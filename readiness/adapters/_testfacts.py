"""The tests.* facts every test-result adapter derives from its counts, built one way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from readiness.adapters.base import RunIdentity, iso, labeled


def count_facts(names: Sequence[str], totals: Sequence[int], per_suite: Mapping[str, Sequence[int]], *,
                seconds: float | None, suite_seconds: Mapping[str, float],
                started: datetime | None) -> tuple[dict[str, Any], list[str]]:
    """Facts and warnings from outcome counts (`names` order, which includes total, passed and
    skipped). A duration is given only where some test recorded a time (seconds None, or a suite
    missing from suite_seconds, means absent); a file in which no test ran has no pass rate."""
    counts = dict(zip(names, totals, strict=True))
    facts: dict[str, Any] = {f"tests.{key}": value for key, value in counts.items()}
    facts["tests.suites"] = len(per_suite)
    if seconds is not None:
        facts["tests.duration_s"] = round(seconds, 3)
    warnings = []
    executed = counts["total"] - counts["skipped"]
    if executed > 0:
        facts["tests.pass_rate"] = round(counts["passed"] / executed, 6)
    else:
        skipped = f" ({counts['skipped']} skipped)" if counts["skipped"] else ""
        warnings.append(f"0 tests ran{skipped}: no evidence of passing tests")
    if started is not None:
        facts["tests.started_at"] = iso(started)
    for name, row in per_suite.items():
        for key, value in zip(names, row, strict=True):
            facts[labeled(f"tests.{key}", "suite", name)] = value
        if name in suite_seconds:
            facts[labeled("tests.duration_s", "suite", name)] = round(suite_seconds[name], 3)
    return facts, warnings


def tests_run(facts: Mapping[str, Any], started: datetime | None) -> RunIdentity | None:
    """Which test run a file records: its outcome counts and start time. Formats of one run (TRX and
    JUnit from one `dotnet test`) agree on both; without a start time a file is never matched to another."""
    if started is None:
        return None
    totals = {key: facts[f"tests.{key}"] for key in ("total", "passed", "failed", "errors", "skipped")
              if f"tests.{key}" in facts}
    return RunIdentity(totals=totals, started_at=started)
