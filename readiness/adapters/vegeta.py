"""Vegeta `report -type=json` metrics: latencies in nanoseconds, success ratio, status codes."""

from __future__ import annotations

from pathlib import Path

from readiness.adapters._load_summary import SUMMARY_FACTS, finish, json_head, load_json, number, put, timestamp
from readiness.adapters.base import InvalidEvidence, Parsed, iso
from readiness.vocabulary import FactValue

KIND = "vegeta"
FAMILY = "load"
DESCRIPTION = "Vegeta report -type=json (latencies in ns)"
FACTS = (*(name for name in SUMMARY_FACTS if name != "load.concurrency"), "load.arrival_rate")  # rate, no users
_LATENCY = {"50th": "load.p50_ms", "90th": "load.p90_ms", "95th": "load.p95_ms", "99th": "load.p99_ms",
            "max": "load.max_ms", "mean": "load.mean_ms"}
_NS_PER_MS = 1_000_000.0


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with Vegeta's latencies, status_codes and bytes_in blocks."""
    text = json_head(head)
    return text.startswith(b"{") and all(
        key in text for key in (b'"latencies"', b'"status_codes"', b'"bytes_in"'))


def _failures(data: dict, requests: float) -> tuple[int | None, str]:
    """Vegeta's own mark: success = share of responses with 200 <= code < 400 and no error."""
    success = number(data.get("success"))
    if success is not None and 0.0 <= success <= 1.0:
        return int(round(requests * (1.0 - success))), "1 - success ratio"
    codes = data.get("status_codes")
    if isinstance(codes, dict):
        bad = sum(int(number(n) or 0) for code, n in codes.items()
                  if (number(code) or 0) >= 400 or number(code) == 0)
        return bad, "status codes >= 400 or 0 (no response)"
    return None, ""


def parse(path: Path) -> Parsed:
    """Convert Vegeta's nanosecond latencies to ms and read its request count, rate and success."""
    data = load_json(path, "Vegeta")
    if not isinstance(data, dict) or not isinstance(data.get("latencies"), dict):
        raise InvalidEvidence("not a Vegeta JSON report: no \"latencies\" object")
    facts: dict[str, FactValue] = {"load.tool": "vegeta"}
    put(facts, "load.requests", data.get("requests"), integer=True)
    requests = number(data.get("requests"))
    source = ""
    if requests is not None:
        failures, source = _failures(data, requests)
        if failures is not None:
            facts["load.failures"] = failures
    put(facts, "load.rps", data.get("rate"))
    if requests:
        for stat, fact in _LATENCY.items():
            value = number(data["latencies"].get(stat))
            if value is not None:
                facts[fact] = value / _NS_PER_MS
    duration = number(data.get("duration"))
    if duration is not None:
        facts["load.duration_s"] = duration / 1e9
    started, ended = timestamp(data.get("earliest")), timestamp(data.get("end") or data.get("latest"))
    if started:
        facts["load.started_at"] = iso(started)
    errors = data["errors"] if isinstance(data.get("errors"), list) else []
    return finish(facts, open_model=True, observed_at=ended, details={
        "failures_from": source, "status_codes": data.get("status_codes"), "errors": errors[:10],
        "throughput": data.get("throughput"), "success": data.get("success")})
