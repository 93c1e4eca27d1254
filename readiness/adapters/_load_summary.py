"""Shared helpers for load-test SUMMARY adapters: number hygiene, weak-evidence warnings, JSON loading."""

from __future__ import annotations

import contextlib
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness.adapters.base import InvalidEvidence, Parsed, RunIdentity, fingerprint, labeled, parse_time
from readiness.vocabulary import FactValue

MIN_DURATION_S = 60.0
MIN_REQUESTS = 100
LATENCY_FACTS = ("load.p50_ms", "load.p90_ms", "load.p95_ms", "load.p99_ms", "load.max_ms", "load.mean_ms")
SUMMARY_FACTS = (
    "load.tool", "load.requests", "load.failures", "load.error_rate", "load.rps", *LATENCY_FACTS,
    "load.concurrency", "load.duration_s", "load.started_at",
)
_LABEL_LIMIT = 50


def number(value: Any) -> float | None:
    """A finite number from a JSON/CSV value (numbers or numeric strings), else None.

    Tools write "-", "N/A", null or -1 sentinels for "no data"; callers decide about sentinels.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError:  # a JSON integer of 400+ digits: no float holds it, so no number
            return None
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def without_latency_if_empty(values: dict[str, Any]) -> dict[str, Any]:
    """Tools print 0 (or N/A) latencies for a series with no requests: those are not measurements."""
    if number(values.get("load.requests")) == 0:
        return {k: v for k, v in values.items() if k in {"load.requests", "load.failures"}}
    return values


def put(facts: dict[str, FactValue], name: str, value: Any, *, integer: bool = False) -> None:
    """Set a numeric fact only when the value is a real number: absent evidence stays absent."""
    found = number(value)
    if found is None:
        return
    facts[name] = int(round(found)) if integer else found


def load_json(path: Path, what: str) -> Any:
    """Parse a JSON file or raise InvalidEvidence naming the format and the position (or the size cap
    of readiness.adapters._report_json: load summaries are kilobytes)."""
    from readiness.adapters._report_json import check_size

    check_size(path, f"{what} JSON")
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise InvalidEvidence(f"malformed {what} JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except UnicodeDecodeError as exc:
        raise InvalidEvidence(f"{what} is not UTF-8 text: {exc.reason}") from None
    except ValueError as exc:  # an integer over Python's 4300-digit conversion limit
        raise InvalidEvidence(f"malformed {what} JSON: {' '.join(str(exc).split())[:160]}") from None
    except RecursionError:
        raise InvalidEvidence(f"malformed {what} JSON: nested too deeply to read") from None


def read_text(path: Path, what: str) -> str:
    """A text file's content; undecodable bytes are an InvalidEvidence, not a traceback."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEvidence(f"{what} is not UTF-8 text: {exc.reason}") from None


def obj(value: Any) -> dict[str, Any]:
    """An optional JSON sub-object: the dict itself, or {} when it is missing or of the wrong type."""
    return value if isinstance(value, dict) else {}


def timestamp(value: Any) -> datetime | None:
    """An ISO 8601 timestamp from a JSON value of any type (non-strings are unreadable, not errors)."""
    return parse_time(value) if isinstance(value, str) else None


def from_epoch(seconds: Any) -> datetime | None:
    """An aware UTC datetime from epoch seconds, or None for a missing or absurd value."""
    found = number(seconds)
    if found is None or found <= 0:
        return None
    try:
        return datetime.fromtimestamp(found, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def add_error_rate(facts: dict[str, FactValue]) -> None:
    """load.error_rate = failures / requests, only when both are known and requests > 0."""
    requests, failures = facts.get("load.requests"), facts.get("load.failures")
    if isinstance(requests, int | float) and isinstance(failures, int | float) and requests > 0:
        with contextlib.suppress(OverflowError):  # counts beyond any float: no rate can be stated
            facts["load.error_rate"] = round(float(failures) / float(requests), 6)


def weak_evidence(facts: dict[str, FactValue]) -> list[str]:
    """Warnings for runs too short or too small to judge a service by, or whose counts contradict each other."""
    warnings = []
    requests, failures = facts.get("load.requests"), facts.get("load.failures")
    if isinstance(requests, int | float) and isinstance(failures, int | float) and failures > requests:
        # Kept as read: the file says so; the error_rate above 1 is explained by this warning.
        warnings.append(f"more failures than requests ({_shown(failures)} > {_shown(requests)}): "
                        "the file is inconsistent")
    duration = facts.get("load.duration_s")
    if isinstance(duration, int | float) and duration < MIN_DURATION_S:
        warnings.append(f"run shorter than 60 s ({duration:g} s): weak evidence")
    requests = facts.get("load.requests")
    if isinstance(requests, int | float) and requests < MIN_REQUESTS:
        warnings.append(f"fewer than 100 requests ({requests:g}): weak evidence")
    return warnings


def _shown(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)  # :g on a huge int overflows


def add_labels(facts: dict[str, FactValue], per_label: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Copy per-endpoint values (bare fact name -> value) as labeled facts; cap the label count.

    Returns a warning when labels were dropped, so a huge label set cannot flood the facts.
    """
    for label, values in per_label[:_LABEL_LIMIT]:
        for name, value in values.items():
            put(facts, labeled(name, "label", label), value, integer=name in {"load.requests", "load.failures"})
    if len(per_label) > _LABEL_LIMIT:
        return [f"only the first {_LABEL_LIMIT} of {len(per_label)} labels kept as labeled facts"]
    return []


def finish(
    facts: dict[str, FactValue],
    *,
    observed_at: datetime | None = None,
    warnings: list[str] | None = None,
    details: dict[str, Any] | None = None,
    open_model: bool = False,
    run: RunIdentity | None = None,
) -> Parsed:
    """Add the error rate and weak-evidence warnings, then build the Parsed record. An open-model
    tool (it sends requests at a rate and records no user count) also states its rate as
    load.arrival_rate, the load the Performance and Scalability checks accept instead of users. `run` is
    the file's run identity when the format knows better than load_run(facts)."""
    add_error_rate(facts)
    if open_model and "load.rps" in facts:
        facts["load.arrival_rate"] = facts["load.rps"]
    notes = weak_evidence(facts) + list(warnings or [])
    return Parsed(facts=facts, observed_at=observed_at, warnings=notes, details=details or {},
                  run=run if run is not None else load_run(facts))


def load_run(facts: dict[str, FactValue]) -> RunIdentity | None:
    """Which run a load-test file records, for telling two formats of one run (a k6 summary and its
    NDJSON stream, JMeter's dashboard statistics and its JTL) apart from two runs: the tool, the request
    and failure counts, and as fingerprint the request count with the slowest request (to the µs)."""
    totals = {key.removeprefix("load."): value for key in ("load.requests", "load.failures")
              if isinstance(value := facts.get(key), int | float) and not isinstance(value, bool)}
    if "requests" not in totals:
        return None
    slowest = facts.get("load.max_ms")
    digest = None
    if isinstance(slowest, int | float) and not isinstance(slowest, bool):
        digest = fingerprint([("requests", int(totals["requests"])), ("max_ms", f"{float(slowest):.3f}")])
    tool = facts.get("load.tool")
    return RunIdentity(tool=str(tool) if tool else None, totals=totals, fingerprint=digest,
                       started_at=parse_time(str(facts.get("load.started_at") or "")))


def label_table(per_label: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per-label rows for details, truncated so details stay small."""
    return [{"label": label, **values} for label, values in per_label[:_LABEL_LIMIT]]


def json_head(head: bytes) -> bytes:
    """The head without a BOM and leading whitespace, for cheap JSON sniffing."""
    return head.lstrip(b"\xef\xbb\xbf").lstrip()
