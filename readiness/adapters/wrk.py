"""wrk console output: latency stats with unit suffixes (us/ms/s/m/h), optional --latency distribution."""

from __future__ import annotations

import math
import re
from pathlib import Path

from readiness.adapters._load_summary import SUMMARY_FACTS, finish, read_text
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

KIND = "wrk"
FAMILY = "load"
DESCRIPTION = "wrk console output (with or without --latency)"
FACTS = tuple(name for name in SUMMARY_FACTS if name not in {"load.p95_ms", "load.started_at"})
# wrk's format_time_us picks the unit per value; everything is converted to ms.
_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"
_LATENCY = re.compile(rf"^[ \t]*Latency[ \t]+{_TIME}[ \t]+{_TIME}[ \t]+{_TIME}", re.M)
_DISTRIBUTION = re.compile(rf"^[ \t]+(50|75|90|99)%[ \t]+{_TIME}[ \t]*$", re.M)
_TOTAL = re.compile(rf"^[ \t]*(\d+) requests in {_TIME}", re.M)
_CONNECTIONS = re.compile(r"^[ \t]*\d+ threads? and (\d+) connections?", re.M)
_NON_2XX_3XX = re.compile(r"^[ \t]*Non-2xx or 3xx responses:[ \t]+(\d+)", re.M)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_RPS = re.compile(r"^Requests/sec:[ \t]+([\d.]+)", re.M)
_PCT_FACTS = {"50": "load.p50_ms", "90": "load.p90_ms", "99": "load.p99_ms"}


def sniff(path: Path, head: bytes) -> bool:
    """wrk's summary block: the Thread Stats table plus 'N requests in T' and Requests/sec."""
    return b"Thread Stats" in head and b"Requests/sec:" in head and b" requests in " in head


def _float(text: str, what: str) -> float:
    try:
        found = float(text)
    except ValueError:  # the pattern admits "1.2.3"
        raise InvalidEvidence(f"wrk output: unreadable {what} {text[:40]!r}") from None
    if not math.isfinite(found):
        raise InvalidEvidence(f"wrk output: {what} {text[:20]!r}... is not a finite number")
    return found


def _ms(value: str, unit: str) -> float:
    return round(_float(value, "time") * _TO_MS[unit], 6)


def _count(text: str, what: str) -> int:
    """A printed count; wrk prints 64-bit counters, so more digits than that is a damaged file."""
    if len(text) > 20:
        raise InvalidEvidence(f"wrk output: {what} {text[:20]}... has {len(text)} digits, more than any counter")
    return int(text)


def parse(path: Path) -> Parsed:
    """Read wrk's printed totals; failures are non-2xx/3xx responses (status > 399) plus socket errors."""
    text = read_text(path, "wrk output")
    total = _TOTAL.search(text)
    if total is None:
        raise InvalidEvidence("wrk output has no 'N requests in T' line")
    requests = _count(total.group(1), "request count")
    facts: dict[str, FactValue] = {"load.tool": "wrk", "load.requests": requests,
                                   "load.duration_s": _ms(total.group(2), total.group(3)) / 1000.0}
    status = _NON_2XX_3XX.search(text)
    socket = _SOCKET.search(text)
    socket_errors = sum(_count(g, "socket error count") for g in socket.groups()) if socket else 0
    facts["load.failures"] = (_count(status.group(1), "non-2xx/3xx count") if status else 0) + socket_errors
    rps = _RPS.search(text)
    if rps:
        facts["load.rps"] = _float(rps.group(1), "Requests/sec")
    connections = _CONNECTIONS.search(text)
    if connections:
        facts["load.concurrency"] = _count(connections.group(1), "connection count")
    latency = _LATENCY.search(text)
    # With no completed request wrk still prints 0.00us latencies: those are not measurements.
    if latency and requests > 0:
        facts["load.mean_ms"] = _ms(latency.group(1), latency.group(2))
        facts["load.max_ms"] = _ms(latency.group(5), latency.group(6))
    for percent, value, unit in _DISTRIBUTION.findall(text):
        if percent in _PCT_FACTS and requests > 0:
            facts[_PCT_FACTS[percent]] = _ms(value, unit)
    return finish(facts, details={
        "socket_errors": dict(zip(("connect", "read", "write", "timeout"), (int(g) for g in socket.groups()),
                                  strict=True))
        if socket else None,
        "latency_distribution": bool(_DISTRIBUTION.search(text)),
        "note": "socket errors are not in wrk's request count; they are added to failures"})
