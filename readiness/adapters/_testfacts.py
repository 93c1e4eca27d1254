"""The tests.* facts every test-result adapter derives from its counts, built one way."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from readiness.adapters.base import RunIdentity, iso, labeled

# Above this many distinct test paths in one file, no path series are kept (a warning says so):
# selecting from a partial set would undercount.
PATH_LIMIT = 500
PATH_SEPARATOR = " :: "
_DOTTED = re.compile(r"^[\w$.\-/\\:]+$")


def test_path(suite: str, classname: str, file: str | None) -> str:
    """The `path` label of a test: its suite, then where it lives: the `file` attribute, else the
    classname's module or package (trailing class names dropped: `tests.integration.test_api.TestCart`
    -> `tests.integration.test_api`, `com.shop.it.CartIT` -> `com.shop.it`). A classname that is not
    a dotted name (jest writes the test's title there) names no place."""
    location = file or ""
    if not location and _DOTTED.match(classname):
        parts = classname.split(".")
        while len(parts) > 1 and parts[-1][:1].isupper():
            parts.pop()
        location = ".".join(parts)
    return f"{suite}{PATH_SEPARATOR}{location}" if location else suite


def count_facts(names: Sequence[str], totals: Sequence[int], per_suite: Mapping[str, Sequence[int]], *,
                seconds: float | None, suite_seconds: Mapping[str, float],
                started: datetime | None,
                per_path: Mapping[str, Sequence[int]] | None = None) -> tuple[dict[str, Any], list[str]]:
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
        selector = labeled("", "suite", name)  # escaped once per series, not once per fact
        for key, value in zip(names, row, strict=True):
            facts[f"tests.{key}{selector}"] = value
        if name in suite_seconds:
            facts[f"tests.duration_s{selector}"] = round(suite_seconds[name], 3)
    if per_path and len(per_path) > PATH_LIMIT:
        warnings.append(f"more than {PATH_LIMIT} test paths: no tests.*{{path=...}} series (select by suite)")
    elif per_path:
        for where, row in per_path.items():
            selector = labeled("", "path", where)
            for key, value in zip(names, row, strict=True):
                facts[f"tests.{key}{selector}"] = value
    return facts, warnings


def tests_run(facts: Mapping[str, Any], started: datetime | None) -> RunIdentity | None:
    """Which test run a file records: its outcome counts and start time. Formats of one run (TRX and
    JUnit from one `dotnet test`) agree on both; without a start time a file is never matched to another."""
    if started is None:
        return None
    totals = {key: facts[f"tests.{key}"] for key in ("total", "passed", "failed", "errors", "skipped")
              if f"tests.{key}" in facts}
    return RunIdentity(totals=totals, started_at=started)
