"""Locust results: `--csv` stats / stats_history / failures / exceptions CSVs (1.x+ and pre-1.0) and `--json`."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from readiness.adapters._load_summary import (
    SUMMARY_FACTS,
    add_labels,
    finish,
    from_epoch,
    json_head,
    label_table,
    load_json,
    number,
    obj,
    put,
    read_text,
    weak_evidence,
    without_latency_if_empty,
)
from readiness.adapters.base import InvalidEvidence, Parsed, RunIdentity, fingerprint, iso
from readiness.vocabulary import FactValue

KIND = "locust"
FAMILY = "load"
DESCRIPTION = "Locust --csv stats/stats_history/failures/exceptions CSV (incl. pre-1.0) and --json stats"
FACTS = SUMMARY_FACTS
_TOTAL_NAMES = {"aggregated", "total"}  # "Total" before Locust 1.0, "Aggregated" since
# normalised CSV header -> fact; several spellings across Locust versions.
_STATS_COLUMNS = {
    "request count": "load.requests", "# requests": "load.requests",
    "failure count": "load.failures", "# failures": "load.failures",
    "average response time": "load.mean_ms", "max response time": "load.max_ms",
    "requests/s": "load.rps", "50%": "load.p50_ms", "median response time": "load.p50_ms",
    "90%": "load.p90_ms", "95%": "load.p95_ms", "99%": "load.p99_ms",
}
# stats_history: only the "Total ..." columns are cumulative; its percentile columns cover a recent window.
_HISTORY_COLUMNS = {
    "total request count": "load.requests", "total failure count": "load.failures",
    "total average response time": "load.mean_ms", "total max response time": "load.max_ms",
    "total median response time": "load.p50_ms",
}
# pre-1.0 _distribution.csv: counts and percentiles only.
_DISTRIBUTION_COLUMNS = {"# requests": "load.requests", "50%": "load.p50_ms", "90%": "load.p90_ms",
                         "95%": "load.p95_ms", "99%": "load.p99_ms", "100%": "load.max_ms"}
_PERCENTILES = {"load.p50_ms": 0.5, "load.p90_ms": 0.9, "load.p95_ms": 0.95, "load.p99_ms": 0.99}


def _header(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return text.replace('"', "").strip().lower()


def _csv_shape(header: str) -> str | None:
    if header.startswith("timestamp,user count,") and "total request count" in header:
        return "stats_history"
    if header.startswith(("method,name,error,occurrences", "method,name,error,occurences")):
        return "failures"
    if header.startswith(("type,name,", "method,name,")) and "response time" in header and (
        "request count" in header or "# requests" in header
    ):
        return "stats"
    if header.startswith("name,# requests,50%"):
        return "distribution"
    if header.startswith("count,message,traceback"):  # written by every --csv run, often header only
        return "exceptions"
    return None


def sniff(path: Path, head: bytes) -> bool:
    """Locust CSVs by their exact header line; --json by a list of entries with response_times dicts."""
    text = json_head(head)
    if text.startswith(b"["):
        return b'"num_requests"' in text and b'"response_times"' in text and b'"num_failures"' in text
    return _csv_shape(_header(head)) is not None


def _rows(path: Path) -> list[dict[str, str]]:
    text = read_text(path, "Locust CSV")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise InvalidEvidence("empty Locust CSV")
    keys = [h.strip().lower() for h in header]
    # Old Locust wrote blank lines between rows; skip them instead of reading empty records.
    return [dict(zip(keys, row, strict=False)) for row in reader if any(cell.strip() for cell in row)]


def _is_total(row: dict[str, str]) -> bool:
    kind = (row.get("type") or row.get("method") or "").strip().lower()
    return row.get("name", "").strip().lower() in _TOTAL_NAMES and kind in {"", "none"}


def _map(row: dict[str, str], columns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, fact in columns.items():
        value = number(row.get(column))
        if value is not None and fact not in out:
            out[fact] = value
    return without_latency_if_empty(out)


def _label(row: dict[str, str]) -> str:
    kind = (row.get("type") or row.get("method") or "").strip()
    return f"{kind} {row.get('name', '').strip()}".strip()


def _parse_stats(rows: list[dict[str, str]], columns: dict[str, str]) -> Parsed:
    total = next((row for row in rows if _is_total(row)), None)
    if total is None:
        raise InvalidEvidence("Locust stats CSV has no Aggregated (or pre-1.0 Total) row")
    facts: dict[str, FactValue] = {"load.tool": "locust"}
    for name, value in _map(total, columns).items():
        put(facts, name, value, integer=name in {"load.requests", "load.failures"})
    per_label = [(_label(row), _map(row, columns)) for row in rows if not _is_total(row)]
    warnings = add_labels(facts, per_label)
    return finish(facts, warnings=warnings, details={"shape": "stats", "labels": label_table(per_label)},
                  run=_run(facts, per_label, "csv"))


def _whole(value: Any) -> Any:
    """A count as an integer however the format wrote it (85 in JSON, 85.0 read from CSV)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _run(facts: dict[str, FactValue], per_label: list[tuple[str, dict[str, Any]]], form: str) -> RunIdentity:
    """The run a stats CSV or --json file records: its request and failure counts, per endpoint."""
    counts = ("load.requests", "load.failures")
    totals = {k.removeprefix("load."): v for k, v in facts.items() if k in counts and isinstance(v, int | float)}
    rows = [(label, *(_whole(values.get(k)) for k in counts)) for label, values in per_label]
    return RunIdentity(tool="locust", form=form, totals=totals, fingerprint=fingerprint(rows))


def _parse_history(rows: list[dict[str, str]]) -> Parsed:
    totals = [row for row in rows if _is_total(row)]
    if not totals:
        raise InvalidEvidence("Locust stats_history CSV has no Aggregated rows")
    last = totals[-1]
    facts: dict[str, FactValue] = {"load.tool": "locust"}
    for name, value in _map(last, _HISTORY_COLUMNS).items():
        put(facts, name, value, integer=name in {"load.requests", "load.failures"})
    stamps = [s for s in (number(row.get("timestamp")) for row in totals) if s]
    users = [u for u in (number(row.get("user count")) for row in totals) if u is not None]
    observed = from_epoch(max(stamps)) if stamps else None
    if stamps:
        facts["load.duration_s"] = max(stamps) - min(stamps)
        started = from_epoch(min(stamps))
        if started:
            facts["load.started_at"] = iso(started)
    if users:
        facts["load.concurrency"] = int(max(users))
    return finish(facts, observed_at=observed, details={
        "shape": "stats_history", "rows": len(totals),
        "note": "duration is first to last history row (1 s resolution); window percentiles not used"})


def _parse_failures(rows: list[dict[str, str]]) -> Parsed:
    errors: list[dict[str, Any]] = [{"label": _label(row), "error": row.get("error", "")[:300],
               "occurrences": number(row.get("occurrences") or row.get("occurences"))} for row in rows]
    facts: dict[str, FactValue] = {"load.tool": "locust"}
    counts: list[float] = [e["occurrences"] for e in errors if e["occurrences"] is not None]
    if counts or not rows:
        facts["load.failures"] = int(sum(counts))
    return finish(facts, details={"shape": "failures", "errors": errors[:20]})


def _parse_exceptions(path: Path, rows: list[dict[str, str]]) -> Parsed:
    """Exceptions raised in user code (not request failures): a companion of the run's stats file,
    always, so it is listed with the run and never judged on its own."""
    counts = [number(row.get("count")) or 0.0 for row in rows]
    found = [{"count": count, "message": row.get("message", "")[:300], "nodes": row.get("nodes", "")[:100]}
             for count, row in zip(counts, rows, strict=True)]
    total = int(sum(counts))
    stats = _sibling_name(path, "exceptions", "stats")
    warnings = [f"{total} exceptions raised in the locustfile's tasks (not counted as request failures)"] \
        if total else []
    if stats is None or not path.with_name(stats).is_file():
        warnings.append("the run's _stats.csv is not beside this file: exceptions alone say nothing about load")
    details = {"shape": "exceptions", "exceptions": total, "messages": found[:20]}
    return Parsed(facts={}, warnings=warnings, details=details, part_of=stats or path.name)


def _locust_percentile(times: dict[float, int], count: int, percent: float) -> float:
    """Locust's own calculate_response_time_percentile over its rounded response-time buckets."""
    wanted = int(count * percent)
    processed = 0
    for value in sorted(times, reverse=True):
        processed += times[value]
        if count - processed <= wanted:
            return value
    return 0.0


def _count_sum(entries: list[dict[str, Any]], key: str) -> int | None:
    """The sum of a count over the entries, or None when any entry lacks a readable number for it."""
    values = [number(e.get(key)) for e in entries]
    return None if None in values else sum(int(v) for v in values if v is not None)


def _entry_facts(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge entries the way Locust builds its Aggregated row, then read the stats off it."""
    requests = _count_sum(entries, "num_requests")
    none_requests = sum(int(number(e.get("num_none_requests")) or 0) for e in entries)  # older Locust: absent
    times: dict[float, int] = {}
    for entry in entries:
        for key, count in obj(entry.get("response_times")).items():
            bucket, amount = number(key), number(count)
            if bucket is not None and amount is not None:
                times[bucket] = times.get(bucket, 0) + int(amount)
    # Evidence or zero: a count missing from any entry leaves the total unknown (absent), not 0.
    out: dict[str, Any] = {"load.requests": requests, "load.failures": _count_sum(entries, "num_failures")}
    if requests is None:
        return out
    timed = requests - none_requests
    if timed > 0 and times:
        out["load.mean_ms"] = sum(number(e.get("total_response_time")) or 0.0 for e in entries) / timed
        out["load.max_ms"] = max(number(e.get("max_response_time")) or 0.0 for e in entries)
        for fact, percent in _PERCENTILES.items():
            out[fact] = _locust_percentile(times, timed, percent)
    starts = [s for s in (number(e.get("start_time")) for e in entries) if s]
    ends = [s for s in (number(e.get("last_request_timestamp")) for e in entries) if s]
    if starts and ends and max(ends) > min(starts):
        out["load.rps"] = requests / (max(ends) - min(starts))  # Locust's total_rps
    return out


def _parse_json(path: Path) -> Parsed:
    data = load_json(path, "Locust")
    if not isinstance(data, list) or not all(isinstance(e, dict) and "num_requests" in e for e in data):
        raise InvalidEvidence("not Locust --json output: expected a list of stats entries")
    facts: dict[str, FactValue] = {"load.tool": "locust"}
    for name, value in _entry_facts(data).items():
        put(facts, name, value, integer=name in {"load.requests", "load.failures"})
    starts = [s for s in (number(e.get("start_time")) for e in data) if s]
    ends = [s for s in (number(e.get("last_request_timestamp")) for e in data) if s]
    started, ended = (from_epoch(min(starts)) if starts else None), (from_epoch(max(ends)) if ends else None)
    if started:
        facts["load.started_at"] = iso(started)
    if started and ended:
        facts["load.duration_s"] = round((ended - started).total_seconds(), 3)
    per_label = [(f"{e.get('method', '')} {e.get('name', '')}".strip(), _entry_facts([e])) for e in data]
    for _, values in per_label:
        values.pop("load.rps", None)  # per-entry rps would use the entry's own span, not the run's
    warnings = add_labels(facts, per_label)
    return finish(facts, observed_at=ended, warnings=warnings, details={
        "shape": "json", "percentiles": "Locust's algorithm over its rounded response_times buckets",
        "labels": label_table(per_label)}, run=_run(facts, per_label, "json"))


_SUFFIXES = {"stats": "_stats.csv", "stats_history": "_stats_history.csv", "failures": "_failures.csv",
             "exceptions": "_exceptions.csv"}


def _sibling_name(path: Path, shape: str, wanted: str) -> str | None:
    """The name the same `--csv PREFIX` run gives its file of another shape."""
    own = _SUFFIXES.get(shape)
    if own is None or not path.name.endswith(own):
        return None
    return path.name[: -len(own)] + _SUFFIXES[wanted]


def _sibling(path: Path, shape: str, wanted: str) -> Path | None:
    """The file of the same `--csv PREFIX` run with another shape, when it exists."""
    name = _sibling_name(path, shape, wanted)
    return path.with_name(name) if name is not None and path.with_name(name).is_file() else None


def _with_history(stats: Parsed, path: Path) -> Parsed:
    """One run: the stats file takes run length, users and time from its stats_history companion."""
    history_path = _sibling(path, "stats", "stats_history")
    if history_path is None:
        return stats
    try:
        history = _parse_history(_rows(history_path))
    except InvalidEvidence:
        return stats
    facts = dict(stats.facts)
    for name in ("load.duration_s", "load.started_at", "load.concurrency"):
        if name in history.facts and name not in facts:
            facts[name] = history.facts[name]
    details = {**stats.details, "history": history_path.name}
    # finish() recomputes the weak-evidence warnings from the completed facts; keep the others.
    others = [w for w in stats.warnings if w not in weak_evidence(stats.facts)]
    return finish(facts, observed_at=history.observed_at or stats.observed_at, warnings=others, details=details,
                  run=stats.run)


def parse(path: Path) -> Parsed:
    """Read the Aggregated row (CSV) or aggregate the --json entries the way Locust does.

    Locust's --csv writes one run as several files; stats_history and failures files beside a
    stats file are its companions (part_of), read with it, so the run is counted once."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if json_head(head).startswith(b"["):
        return _parse_json(path)
    shape = _csv_shape(_header(head))
    rows = _rows(path)
    if shape == "exceptions":
        return _parse_exceptions(path, rows)
    if shape in ("stats_history", "failures"):
        parsed = _parse_history(rows) if shape == "stats_history" else _parse_failures(rows)
        primary = _sibling(path, shape, "stats")
        return parsed.model_copy(update={"part_of": primary.name}) if primary else parsed
    if shape == "distribution":
        return _parse_stats(rows, _DISTRIBUTION_COLUMNS)
    if shape == "stats":
        return _with_history(_parse_stats(rows, _STATS_COLUMNS), path)
    raise InvalidEvidence("not a Locust CSV: unrecognised header line")
