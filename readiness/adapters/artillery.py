"""Artillery JSON reports: v2 `--output` (counters/summaries), legacy v1 aggregate, and v2 worker event logs."""

from __future__ import annotations

import json
from datetime import datetime
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
    timestamp,
)
from readiness.adapters.base import InvalidEvidence, Parsed, iso
from readiness.vocabulary import FactValue

KIND = "artillery"
FAMILY = "load"
DESCRIPTION = "Artillery JSON report (v2 --output counters/summaries, v1 aggregate, v2 worker event log)"
FACTS = (*SUMMARY_FACTS, "load.arrival_rate")  # arrival phases: a rate, no user count
_SUMMARY = {"p50": "load.p50_ms", "median": "load.p50_ms", "p90": "load.p90_ms", "p95": "load.p95_ms",
            "p99": "load.p99_ms", "max": "load.max_ms", "mean": "load.mean_ms"}
_ENDPOINT = "plugins.metrics-by-endpoint."


def sniff(path: Path, head: bytes) -> bool:
    """A JSON report with an "aggregate" block in Artillery's shape, or Artillery worker "done" events."""
    text = json_head(head)
    if text.startswith(b"{"):
        return b'"aggregate"' in text and any(
            key in text for key in (b'"vusers.created"', b'"http.requests"', b'"scenariosCreated"',
                                    b'"requestsCompleted"', b'"firstCounterAt"'))
    if text.startswith(b"["):
        return b'"event"' in text and b'"report"' in text and b"vusers.created" in text
    return False


def _failures(counters: dict[str, Any], prefix: str = "") -> int:
    """Responses with a code >= 400 plus errors.* (requests that got no response: ECONNREFUSED, ...).

    Top level: http.codes.NNN and errors.X; per endpoint: <prefix>codes.NNN and <prefix>errors.X.
    """
    codes = prefix + "codes." if prefix else "http.codes."
    errors = prefix + "errors." if prefix else "errors."
    failed = 0
    for name, value in counters.items():
        code = name[len(codes):] if name.startswith(codes) else ""
        if (code.isdigit() and int(code) >= 400) or name.startswith(errors):
            failed += int(number(value) or 0)
    return failed


def _epoch_ms(value: Any) -> datetime | None:
    found = number(value)
    return from_epoch(found / 1000.0) if found else None


def _latency(summary: Any) -> dict[str, Any]:
    if not isinstance(summary, dict) or not number(summary.get("count")):
        return {}
    return {fact: summary[stat] for stat, fact in _SUMMARY.items() if number(summary.get(stat)) is not None}


def _endpoints(counters: dict[str, Any], summaries: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Per-endpoint rows from the metrics-by-endpoint plugin (on by default in Artillery 2)."""
    names = {key[len(_ENDPOINT + "response_time."):] for key in summaries
             if key.startswith(_ENDPOINT + "response_time.")}
    for key in counters:
        rest = key[len(_ENDPOINT):] if key.startswith(_ENDPOINT) else ""
        for marker in (".codes.", ".errors."):
            if marker in rest and not rest.startswith("response_time."):
                names.add(rest.rpartition(marker)[0])
                break
    rows = []
    for name in sorted(names):
        prefix = f"{_ENDPOINT}{name}."
        responses = sum(int(number(v) or 0) for k, v in counters.items()
                        if k.startswith(prefix + "codes."))
        errors = sum(int(number(v) or 0) for k, v in counters.items() if k.startswith(prefix + "errors."))
        values: dict[str, Any] = {"load.requests": responses + errors, "load.failures": _failures(counters, prefix)}
        values.update(_latency(summaries.get(f"{_ENDPOINT}response_time.{name}")))
        rows.append((name, values))
    return rows


def _parse_v2(aggregate: dict[str, Any]) -> Parsed:
    counters, summaries = obj(aggregate.get("counters")), obj(aggregate.get("summaries"))
    facts: dict[str, FactValue] = {"load.tool": "artillery"}
    put(facts, "load.requests", counters.get("http.requests"), integer=True)
    if "load.requests" in facts:
        facts["load.failures"] = _failures(counters)
    put(facts, "load.rps", obj(aggregate.get("rates")).get("http.request_rate"))
    for name, value in _latency(summaries.get("http.response_time")).items():
        put(facts, name, value)
    first, last = _epoch_ms(aggregate.get("firstMetricAt")), _epoch_ms(aggregate.get("lastMetricAt"))
    if first:
        facts["load.started_at"] = iso(first)
    if first and last:
        facts["load.duration_s"] = round((last - first).total_seconds(), 3)
    rows = _endpoints(counters, summaries)
    warnings = add_labels(facts, rows)
    errors = {k: v for k, v in counters.items() if k.startswith("errors.")}
    return finish(facts, open_model=True, observed_at=last, warnings=warnings, details={
        "shape": "v2", "errors": errors, "vusers_failed": counters.get("vusers.failed"),
        "labels": label_table(rows)})


def _parse_v1(aggregate: dict[str, Any]) -> Parsed:
    """Artillery 1.x: latency in ms (median/p95/p99/min/max, no mean); rps.count counts requests sent."""
    facts: dict[str, FactValue] = {"load.tool": "artillery"}
    rps, codes, errors = obj(aggregate.get("rps")), obj(aggregate.get("codes")), obj(aggregate.get("errors"))
    error_count = sum(int(number(v) or 0) for v in errors.values())
    requests = number(rps.get("count"))
    if requests is None and number(aggregate.get("requestsCompleted")) is not None:
        requests = float(aggregate["requestsCompleted"]) + error_count
    put(facts, "load.requests", requests, integer=True)
    failed = sum(int(number(v) or 0) for code, v in codes.items() if (number(code) or 0) >= 400)
    if "load.requests" in facts:
        facts["load.failures"] = failed + error_count
    put(facts, "load.rps", rps.get("mean"))
    latency = obj(aggregate.get("latency"))
    for stat, fact in _SUMMARY.items():
        put(facts, fact, latency.get(stat))
    observed = timestamp(aggregate.get("timestamp"))
    return finish(facts, open_model=True, observed_at=observed, details={
        "shape": "v1", "errors": errors, "codes": codes,
        "note": "aggregate.timestamp is when the report was written, not when the run started"})


def _parse_worker_events(events: list[Any]) -> Parsed:
    """Artillery 2 internal worker events: sum the per-period counters; latencies cannot be merged."""
    counters: dict[str, float] = {}
    firsts, lasts = [], []
    for event in events:
        report = event.get("report") if isinstance(event, dict) else None
        if isinstance(report, str):
            try:
                report = json.loads(report)
            except json.JSONDecodeError:
                raise InvalidEvidence("Artillery worker event has a malformed report string") from None
        if not isinstance(report, dict):
            continue
        for name, value in obj(report.get("counters")).items():
            counters[name] = counters.get(name, 0) + (number(value) or 0)
        firsts.append(number(report.get("firstMetricAt")))
        lasts.append(number(report.get("lastMetricAt")))
    facts: dict[str, FactValue] = {"load.tool": "artillery"}
    put(facts, "load.requests", counters.get("http.requests"), integer=True)
    if "load.requests" in facts:
        facts["load.failures"] = _failures(counters)
    starts = [f for f in firsts if f]
    ends = [f for f in lasts if f]
    first = _epoch_ms(min(starts)) if starts else None
    last = _epoch_ms(max(ends)) if ends else None
    if first:
        facts["load.started_at"] = iso(first)
    if first and last:
        facts["load.duration_s"] = round((last - first).total_seconds(), 3)
    return finish(facts, open_model=True, observed_at=last, details={
        "shape": "worker-events", "events": len(events),
        "note": "internal per-period worker events; counters summed, latency summaries not mergeable"})


def parse(path: Path) -> Parsed:
    """Dispatch on the report shape and read Artillery's own aggregate values."""
    data = load_json(path, "Artillery")
    if isinstance(data, list):
        return _parse_worker_events(data)
    aggregate = data.get("aggregate") if isinstance(data, dict) else None
    if not isinstance(aggregate, dict):
        raise InvalidEvidence("not an Artillery report: no \"aggregate\" object")
    if "counters" in aggregate or "summaries" in aggregate:
        return _parse_v2(aggregate)
    if any(key in aggregate for key in ("requestsCompleted", "latency", "scenariosCreated")):
        return _parse_v1(aggregate)
    raise InvalidEvidence("Artillery aggregate has neither v2 counters/summaries nor v1 latency fields")
