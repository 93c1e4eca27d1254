"""Gatling HTML report statistics: `js/stats.json` (global + per request) and `js/global_stats.json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.adapters._load_summary import (
    SUMMARY_FACTS,
    add_labels,
    finish,
    json_head,
    label_table,
    load_json,
    number,
)
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

KIND = "gatling_stats"
FAMILY = "load"
DESCRIPTION = "Gatling report js/stats.json or js/global_stats.json"
_NOT_STATED = {"load.p90_ms", "load.concurrency", "load.duration_s", "load.started_at"}
FACTS = (*(name for name in SUMMARY_FACTS if name not in _NOT_STATED), "load.arrival_rate")
# The file does not say which percentiles percentilesN are: Gatling's default configuration
# (charting.indicators.percentile1..4) is 50/75/95/99 since 2.1; Gatling 2.0 wrote two, 95/99.
_FOUR = {"percentiles1": "load.p50_ms", "percentiles3": "load.p95_ms", "percentiles4": "load.p99_ms"}
_TWO = {"percentiles1": "load.p95_ms", "percentiles2": "load.p99_ms"}


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with Gatling's numberOfRequests and meanNumberOfRequestsPerSecond blocks."""
    text = json_head(head)
    return text.startswith(b"{") and b'"numberOfRequests"' in text and b'"meanNumberOfRequestsPerSecond"' in text


def _total(stats: dict[str, Any], key: str) -> float | None:
    """The "total" column; "-" (report mode) and -1 (Gatling's no-data value) mean absent."""
    block = stats.get(key)
    value = number(block.get("total")) if isinstance(block, dict) else None
    return None if value is None or value < 0 else value


def _facts(stats: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    requests = _total(stats, "numberOfRequests")
    if requests is None:
        return out
    out["load.requests"] = int(requests)
    ko = stats.get("numberOfRequests", {}).get("ko")
    if number(ko) is not None and number(ko) >= 0:  # type: ignore[operator]
        out["load.failures"] = int(number(ko) or 0)
    rps = _total(stats, "meanNumberOfRequestsPerSecond")
    if rps is not None:
        out["load.rps"] = rps
    if requests == 0:
        return out  # raw mode prints 0 for every time stat of an empty series
    mapping = _FOUR if "percentiles4" in stats else _TWO
    for key, fact in {**mapping, "maxResponseTime": "load.max_ms", "meanResponseTime": "load.mean_ms"}.items():
        value = _total(stats, key)
        if value is not None:
            out[fact] = value
    return out


def parse(path: Path) -> Parsed:
    """Read the global "total" columns (OK + KO), and per-request rows from stats.json contents."""
    data = load_json(path, "Gatling stats")
    if not isinstance(data, dict):
        raise InvalidEvidence("not Gatling stats: expected a JSON object")
    shape = "stats.json" if isinstance(data.get("stats"), dict) else "global_stats.json"
    stats = data["stats"] if shape == "stats.json" else data
    if not isinstance(stats.get("numberOfRequests"), dict):
        raise InvalidEvidence("Gatling stats without a numberOfRequests block")
    facts: dict[str, FactValue] = {"load.tool": "gatling"}
    facts.update(_facts(stats))
    per_label: list[tuple[str, dict[str, Any]]] = []
    _requests(data.get("contents"), "", per_label)
    warnings = add_labels(facts, per_label)
    percentiles = "50/75/95/99" if "percentiles4" in stats else "95/99"
    return finish(facts, open_model=True, warnings=warnings, details={
        "shape": shape, "percentiles_assumed": f"{percentiles} (Gatling defaults; the file does not name them)",
        "labels": label_table(per_label)})


def _requests(contents: Any, prefix: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Walk groups recursively; requests inside groups are labeled 'group / request'."""
    if not isinstance(contents, dict):
        return
    for node in contents.values():
        if not isinstance(node, dict):
            continue
        name = f"{prefix}{node.get('name', '?')}"
        if node.get("type") == "REQUEST" and isinstance(node.get("stats"), dict):
            rows.append((name, _facts(node["stats"])))
        elif node.get("type") == "GROUP":
            _requests(node.get("contents"), f"{name} / ", rows)
