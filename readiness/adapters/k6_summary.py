"""k6 end-of-test summaries: `--summary-export` JSON and `handleSummary(data)` JSON, using k6's own numbers."""

from __future__ import annotations

import re
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
    put,
)
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

KIND = "k6_summary"
FAMILY = "load"
DESCRIPTION = "k6 end-of-test summary JSON (--summary-export or handleSummary data)"
FACTS = SUMMARY_FACTS
# k6 trend stat -> fact; only the stats listed in summaryTrendStats are present in a file.
_TREND = {"med": "load.p50_ms", "p(50)": "load.p50_ms", "p(90)": "load.p90_ms", "p(95)": "load.p95_ms",
          "p(99)": "load.p99_ms", "max": "load.max_ms", "avg": "load.mean_ms"}
# Request metrics by protocol: (request counter, duration trend, failed-rate or None when k6 marks none).
_PROTOCOLS = (("http", "http_reqs", "http_req_duration", "http_req_failed"),
              ("grpc", "grpc_reqs", "grpc_req_duration", None))
_SUBMETRIC = re.compile(r"^(?P<metric>[A-Za-z0-9_]+)\{(?P<tags>.*)\}$")


def sniff(path: Path, head: bytes) -> bool:
    """A JSON object with k6's summary keys: root_group, or handleSummary's state/options blocks."""
    text = json_head(head)
    if not text.startswith(b"{"):
        return False
    return any(key in text for key in (b'"root_group"', b'"testRunDurationMs"', b'"summaryTrendStats"'))


def _values(metric: Any) -> dict[str, Any] | None:
    """The stat dict of a metric in either shape (handleSummary nests it under "values")."""
    if not isinstance(metric, dict):
        return None
    inner = metric.get("values")
    return inner if isinstance(inner, dict) else metric


def _failed_thresholds(metrics: dict[str, Any]) -> list[str]:
    """Thresholds k6 marked failed. handleSummary: {"ok": false}; summary-export: true means FAILED."""
    failed = []
    for name, metric in metrics.items():
        thresholds = metric.get("thresholds") if isinstance(metric, dict) else None
        if not isinstance(thresholds, dict):
            continue
        for expression, result in thresholds.items():
            broke = result.get("ok") is False if isinstance(result, dict) else result is True
            if broke:
                failed.append(f"{name}: {expression}")
    return failed


def _request_facts(metrics: dict[str, Any], counter: str, trend: str, failed_rate: str | None,
                   selector: str = "") -> dict[str, Any]:
    """Bare fact name -> k6 value for one protocol, optionally for one submetric selector."""
    out: dict[str, Any] = {}
    counts = _values(metrics.get(counter + selector))
    if counts is not None:
        out["load.requests"] = counts.get("count")
        out["load.rps"] = counts.get("rate")
    if failed_rate is not None:
        failed = _values(metrics.get(failed_rate + selector))
        # A rate metric counts non-zero samples as "passes": for http_req_failed those are failures.
        if failed is not None and number(failed.get("passes")) is not None:
            out["load.failures"] = failed.get("passes")
    durations = _values(metrics.get(trend + selector)) or {}
    for stat, fact in _TREND.items():
        if stat in durations and fact not in out:
            out[fact] = durations[stat]
    return {name: value for name, value in out.items() if number(value) is not None}


def _label(tags: str) -> str:
    """A readable label from a submetric selector: the value of a lone name/url tag, else the selector."""
    key, _, value = tags.partition(":")
    if "," not in tags and key.strip() in {"name", "url", "group", "scenario"}:
        return value.strip()
    return tags


def _per_label(metrics: dict[str, Any], protocol: tuple[str, str, str, str | None]) -> list[tuple[str, dict[str, Any]]]:
    """Labeled facts from submetrics such as http_req_duration{name:POST /chat} (thresholds create them)."""
    _, counter, trend, failed_rate = protocol
    rows = []
    for key in metrics:
        match = _SUBMETRIC.match(key)
        if not match or match["metric"] != trend or match["tags"].replace(" ", "") == "expected_response:true":
            continue
        selector = "{" + match["tags"] + "}"
        rows.append((_label(match["tags"]), _request_facts(metrics, counter, trend, failed_rate, selector)))
    return rows


def _duration_s(data: dict[str, Any]) -> float | None:
    """The run length handleSummary states. summary-export drops it; count / rate would give it back,
    but a rate is only a claim there, so the length stays unknown (docs/evidence.md, weak load runs)."""
    state = data.get("state")
    if isinstance(state, dict) and number(state.get("testRunDurationMs")) is not None:
        return float(state["testRunDurationMs"]) / 1000.0
    return None


def _concurrency(metrics: dict[str, Any]) -> float | None:
    """Peak active VUs (vus.max), else the configured maximum (vus_max)."""
    for name, stat in (("vus", "max"), ("vus_max", "value"), ("vus_max", "max")):
        found = number((_values(metrics.get(name)) or {}).get(stat))
        if found is not None:
            return found
    return None


def parse(path: Path) -> Parsed:
    """Read k6's own summary values: request count and rate, failed-rate passes, duration trend stats."""
    data = load_json(path, "k6 summary")
    metrics = data.get("metrics") if isinstance(data, dict) else None
    if not isinstance(metrics, dict):
        raise InvalidEvidence("not a k6 summary: no \"metrics\" object")
    nested = any(isinstance(m, dict) and "values" in m for m in metrics.values())
    shape = "handleSummary" if nested else "summary-export"
    facts: dict[str, FactValue] = {"load.tool": "k6"}
    protocol = next((p for p in _PROTOCOLS if p[1] in metrics or p[2] in metrics), None)
    per_label: list[tuple[str, dict[str, Any]]] = []
    if protocol is not None:
        for name, value in _request_facts(metrics, *protocol[1:]).items():
            put(facts, name, value, integer=name in {"load.requests", "load.failures"})
        per_label = _per_label(metrics, protocol)
    put(facts, "load.duration_s", _duration_s(data))
    put(facts, "load.concurrency", _concurrency(metrics), integer=True)
    failed = _failed_thresholds(metrics)
    warnings = [f"k6 threshold failed: {item}" for item in failed] + add_labels(facts, per_label)
    if protocol is None:
        warnings.append("no http or grpc request metrics in the k6 summary")
    checks = _values(metrics.get("checks")) or {}
    details: dict[str, Any] = {
        "shape": shape,
        "protocol": protocol[0] if protocol else None,
        "thresholds_failed": failed,
        "checks": {"passes": checks.get("passes"), "fails": checks.get("fails")} if checks else None,
        "labels": label_table(per_label),
    }
    if "load.duration_s" not in facts:
        warnings.append("no run length: k6 --summary-export does not record it (handleSummary JSON and "
                        "--out json do), and count / rate would only repeat the file's own claim")
    return finish(facts, warnings=warnings, details=details)
