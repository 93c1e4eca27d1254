"""Shared by the raw load-stream adapters (JTL, k6 NDJSON, Gatling log): per-series summaries to load.* facts."""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness import progress
from readiness.adapters._load_summary import load_run
from readiness.adapters.base import InvalidEvidence, Parsed, iso, labeled
from readiness.percentiles import PERCENTILES, Series, summarize_counts
from readiness.vocabulary import FactValue

# Files at least this big go through DuckDB; smaller ones through a plain Python path that starts
# faster (importing DuckDB costs ~0.3 s). Both paths produce identical facts (tested).
ENGINE_THRESHOLD_BYTES = int(os.environ.get("READINESS_ENGINE_THRESHOLD", 4 * 1024 * 1024))
# Per-label facts for at most this many labels (the busiest); a JTL with an id in every label would
# otherwise flood the facts.
MAX_LABELS = 200
DETAIL_LABELS = 50
SHORT_RUN_S = 60
FEW_REQUESTS = 100


def use_engine(path: Path) -> bool:
    """True when the file is big enough that DuckDB's start-up cost pays off."""
    return path.stat().st_size >= ENGINE_THRESHOLD_BYTES


def duckdb_connection(track_progress: bool = False) -> Any:
    """A DuckDB connection whose memory stays well under 1 GB (beyond the limit it spills to temp files),
    in UTC (a time without a zone is read as UTC, as the plain Python paths read it).

    DuckDB's own progress bar would print to the terminal: it is only computed, never printed, and only
    when readiness draws its own bar.
    """
    import tempfile

    import duckdb

    con = duckdb.connect(config={"memory_limit": "700MB", "temp_directory": tempfile.gettempdir()})
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET TimeZone = 'UTC'")  # project policy: a time without a zone is UTC, on every machine
    con.execute(f"SET enable_progress_bar = {str(track_progress).lower()}")
    con.execute("SET enable_progress_bar_print = false")
    return con


def engine_rows(path: Path, sql: str, what: str) -> list[tuple[Any, ...]]:
    """Run one DuckDB query over `path` with the memory limit, the progress bar on a terminal, and
    DuckDB's errors turned into one-line InvalidEvidence naming `what` the file was read as."""
    import duckdb

    bar = progress.for_file(path)
    con = duckdb_connection(bar.enabled)
    try:
        with progress.polling(bar, progress.duckdb_fraction(con)):
            return list(con.execute(sql).fetchall())
    except duckdb.Error as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InvalidEvidence(f"unreadable {what}: {reason[:300]}") from None
    finally:
        con.close()


@dataclass
class Run:
    """What a raw stream says about one load-test run, before it becomes facts."""

    tool: str
    total: Series
    labels: dict[str, Series] = field(default_factory=dict)
    concurrency: int | None = None
    # False when the wall-clock times cannot be read (durations may still be right). A time without
    # a zone is read as UTC (project policy); the adapter notes it.
    zoned: bool = True
    notes: list[str] = field(default_factory=list)  # shown in details
    warnings: list[str] = field(default_factory=list)  # weak-evidence notes shown as warnings


def _series_facts(series: Series, key: Any) -> dict[str, FactValue]:
    facts: dict[str, FactValue] = {key("load.requests"): series.requests}
    if series.failures is not None:
        facts[key("load.failures")] = series.failures
        if series.requests:
            facts[key("load.error_rate")] = round(series.failures / series.requests, 6)
    if series.requests:
        for p in PERCENTILES:
            facts[key(f"load.p{p}_ms")] = series.percentiles_ms[p]
        if series.max_ms is not None:
            facts[key("load.max_ms")] = series.max_ms
        if series.mean_ms is not None:
            facts[key("load.mean_ms")] = series.mean_ms
    return facts


def _busiest(labels: dict[str, Series]) -> list[tuple[str, Series]]:
    return sorted(labels.items(), key=lambda item: (-item[1].requests, item[0]))


def _start_time(first_ms: float) -> datetime | None:
    """The first sample's time; None (no start time, the durations still stand) when no date can hold it."""
    try:
        return datetime.fromtimestamp(first_ms / 1000.0, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def to_parsed(run: Run) -> Parsed:
    """Facts, warnings and details of a run; facts the stream cannot support are left out."""
    total = run.total
    facts = _series_facts(total, lambda name: name)
    facts["load.tool"] = run.tool
    observed_at = None
    duration = None
    extra: list[str] = []
    first, last = total.first_ms, total.last_ms
    if first is not None and last is not None and math.isfinite(first) and math.isfinite(last):
        duration = max(0.0, (last - first) / 1000.0)
        facts["load.duration_s"] = round(duration, 3)
        if duration > 0:
            facts["load.rps"] = round(total.requests / duration, 3)
        if run.zoned:
            observed_at = _start_time(first)
            if observed_at is not None:
                facts["load.started_at"] = iso(observed_at)
            else:
                extra.append(f"first sample time {first:g} ms is beyond any calendar date: started_at left out")
    if run.concurrency is not None:
        facts["load.concurrency"] = run.concurrency
    busiest = _busiest(run.labels)
    for name, series in busiest[:MAX_LABELS]:
        facts.update(_series_facts(series, lambda fact, name=name: labeled(fact, "label", name)))
    return Parsed(facts=facts, observed_at=observed_at, warnings=_warnings(run, duration, len(busiest)) + extra,
                  details=_details(run, busiest), run=load_run(facts))


def _warnings(run: Run, duration: float | None, label_count: int) -> list[str]:
    warnings = []
    if run.total.requests == 0:
        warnings.append("0 requests in the file")
    elif run.total.requests < FEW_REQUESTS:
        warnings.append(f"fewer than {FEW_REQUESTS} requests ({run.total.requests}): weak evidence")
    if duration is None:
        warnings.append("run length unknown: no readable timestamps")
    elif duration < SHORT_RUN_S:
        warnings.append(f"run shorter than {SHORT_RUN_S} s ({duration:.1f} s): weak evidence")
    if label_count > MAX_LABELS:
        warnings.append(f"{label_count} labels: per-label facts kept for the {MAX_LABELS} busiest only")
    return warnings + run.warnings


def _details(run: Run, busiest: list[tuple[str, Series]]) -> dict[str, Any]:
    table = [
        {"label": name, "requests": s.requests, "failures": s.failures,
         "p95_ms": s.percentiles_ms.get(95), "max_ms": s.max_ms}
        for name, s in busiest[:DETAIL_LABELS]
    ]
    details: dict[str, Any] = {"percentiles": "exact, linear interpolation between closest ranks",
                               "labels": table, "label_count": len(busiest)}
    if run.notes:
        details["notes"] = run.notes[:10]
    return details


class Samples:
    """Accumulates requests one at a time (the plain Python path) as value counts per label.

    Counting distinct latencies instead of keeping every sample keeps memory small for tools that
    report whole milliseconds, and percentiles stay exact.
    """

    def __init__(self) -> None:
        self.counts: dict[str, Counter[float]] = {}
        self.failures: Counter[str] = Counter()
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.failures_known = True
        self.times_known = True
        self.concurrency: int | None = None

    def add(self, label: str, elapsed_ms: float, ok: bool | None, start_ms: float | None) -> None:
        """One request: its label, latency, outcome (None when the file does not say) and start."""
        failed = None if ok is None else int(not ok)
        end = None if start_ms is None else start_ms + elapsed_ms
        self.add_counts(label, elapsed_ms, 1, failed, start_ms, end)

    def add_counts(self, label: str, elapsed_ms: float, count: int, failures: int | None,
                   first_ms: float | None, last_ms: float | None) -> None:
        """`count` requests of one label and latency at once (an engine's GROUP BY label, elapsed);
        failures None when unknown for any of them, first/last None when any lacks a time."""
        counts = self.counts.get(label)
        if counts is None:
            counts = self.counts[label] = Counter()
        counts[elapsed_ms] += count
        if failures is None:
            self.failures_known = False
        elif failures:
            self.failures[label] += failures
        if first_ms is None or last_ms is None:
            self.times_known = False
            return
        if label not in self.first or first_ms < self.first[label]:
            self.first[label] = first_ms
        if label not in self.last or last_ms > self.last[label]:
            self.last[label] = last_ms

    def threads(self, value: int) -> None:
        """A concurrency reading (active threads or users); the run's concurrency is the highest."""
        if self.concurrency is None or value > self.concurrency:
            self.concurrency = value

    def run(self, tool: str, zoned: bool = True) -> Run:
        """The accumulated requests as a Run."""
        labels = {}
        total: Counter[float] = Counter()
        for label, counts in self.counts.items():
            total.update(counts)
            labels[label] = summarize_counts(
                counts, self.failures[label] if self.failures_known else None,
                self.first.get(label) if self.times_known else None,
                self.last.get(label) if self.times_known else None)
        first = min(self.first.values()) if self.times_known and self.first else None
        last = max(self.last.values()) if self.times_known and self.last else None
        failures = sum(self.failures.values()) if self.failures_known else None
        return Run(tool, summarize_counts(total, failures, first, last), labels, self.concurrency, zoned)
