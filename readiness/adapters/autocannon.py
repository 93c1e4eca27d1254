"""autocannon `--json` results: its own latency percentiles (ms), request totals and status-class counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.adapters._load_summary import SUMMARY_FACTS, finish, json_head, load_json, number, obj, put, timestamp
from readiness.adapters.base import InvalidEvidence, Parsed, iso
from readiness.vocabulary import FactValue

KIND = "autocannon"
FAMILY = "load"
DESCRIPTION = "autocannon --json result (latency percentiles in ms, status classes, errors)"
FACTS = tuple(name for name in SUMMARY_FACTS if name != "load.p95_ms")  # autocannon has p90/p97.5, no p95
_LATENCY = {"p50": "load.p50_ms", "p90": "load.p90_ms", "p99": "load.p99_ms", "max": "load.max_ms",
            "mean": "load.mean_ms"}


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with autocannon's top-level keys (latency/requests/throughput plus its counters)."""
    text = json_head(head)
    return text.startswith(b"{") and all(
        key in text for key in (b'"latency"', b'"requests"', b'"throughput"')) and any(
        key in text for key in (b'"non2xx"', b'"pipelining"', b'"statusCodeStats"'))


def _failures(data: dict[str, Any]) -> int | None:
    """4xx + 5xx responses plus errors (connection errors and timeouts; autocannon counts timeouts in both)."""
    errors = number(data.get("errors"))
    status = [number(data.get(key)) for key in ("4xx", "5xx")]
    if all(value is not None for value in status):
        failed = sum(value or 0 for value in status)
    elif number(data.get("non2xx")) is not None:
        failed = number(data.get("non2xx")) or 0  # older autocannon: 1xx/3xx are counted as failures too
    else:
        return None
    return int(failed + (errors or 0))


def parse(path: Path) -> Parsed:
    """Read autocannon's computed latency stats and totals; rps is its mean of per-second samples."""
    data = load_json(path, "autocannon")
    if not isinstance(data, dict) or not isinstance(data.get("latency"), dict):
        raise InvalidEvidence("not an autocannon result: no \"latency\" object")
    latency, requests = data["latency"], obj(data.get("requests"))
    facts: dict[str, FactValue] = {"load.tool": "autocannon"}
    sent = requests.get("sent") if number(requests.get("sent")) is not None else requests.get("total")
    put(facts, "load.requests", sent, integer=True)
    failures = _failures(data)
    if failures is not None and "load.requests" in facts:
        facts["load.failures"] = failures
    put(facts, "load.rps", requests.get("mean", requests.get("average")))
    if number(latency.get("totalCount", 1)):
        for stat, fact in _LATENCY.items():
            put(facts, fact, latency.get(stat, latency.get("average") if stat == "mean" else None))
    put(facts, "load.concurrency", data.get("connections"), integer=True)
    put(facts, "load.duration_s", data.get("duration"))
    started, finished = timestamp(data.get("start")), timestamp(data.get("finish"))
    if started:
        facts["load.started_at"] = iso(started)
    return finish(facts, observed_at=finished or started, details={
        "url": data.get("url"), "status": {k: data.get(k) for k in ("1xx", "2xx", "3xx", "4xx", "5xx") if k in data},
        "errors": data.get("errors"), "timeouts": data.get("timeouts"), "mismatches": data.get("mismatches"),
        "p97_5_ms": latency.get("p97_5"),
    })
