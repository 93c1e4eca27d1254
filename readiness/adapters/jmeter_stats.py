"""JMeter summaries JMeter itself computed: dashboard `statistics.json` and summariser log/console lines."""

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
    read_text,
)
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

KIND = "jmeter_stats"
FAMILY = "load"
DESCRIPTION = "JMeter HTML-dashboard statistics.json or summariser lines in jmeter.log / console"
FACTS = tuple(name for name in SUMMARY_FACTS if name != "load.started_at")
# pct1/2/3 are JMeter's aggregate_rpt_pct1..3, 90/95/99 unless the user changed jmeter.properties.
_DASHBOARD = {"sampleCount": "load.requests", "errorCount": "load.failures", "throughput": "load.rps",
              "medianResTime": "load.p50_ms", "pct1ResTime": "load.p90_ms", "pct2ResTime": "load.p95_ms",
              "pct3ResTime": "load.p99_ms", "maxResTime": "load.max_ms", "meanResTime": "load.mean_ms"}
# Anchored on the "+"/"=" sign, not on the summariser name: a leading lazy name group made the
# search quadratic on long lines. The name is whatever precedes the sign after the logger's ": ".
_SUMMARY = re.compile(
    r"(?P<kind>[+=])\s+(?P<count>\d+) in\s+(?P<time>[\d:]+|[\d.]+s?)\s*=\s*"
    r"(?P<rps>[\d.]+)/s Avg:\s+(?P<avg>\d+) Min:\s+(?P<min>\d+) Max:\s+(?P<max>\d+) "
    r"Err:\s+(?P<err>\d+) \((?P<pct>[\d.]+)%\)(?: Active: (?P<active>\d+) Started: (?P<started>\d+))?")
_MARKER = "/s Avg:"


def sniff(path: Path, head: bytes) -> bool:
    """statistics.json by its Total transaction keys; a log by JMeter summariser result lines."""
    text = json_head(head)
    if text.startswith(b"{"):
        return b'"sampleCount"' in text and b'"pct1ResTime"' in text and b'"transaction"' in text
    return any(_line(line) for line in head.decode("utf-8", "replace").splitlines() if _MARKER in line)


def _line(line: str) -> tuple[str, re.Match[str]] | None:
    """(summariser name, match) for a summariser result line, else None."""
    match = _SUMMARY.search(line) if _MARKER in line else None
    if match is None:
        return None
    return line[:match.start()].rstrip().rsplit(": ", 1)[-1].strip(), match


def _seconds(text: str) -> float | None:
    """Summariser elapsed time: 'hh:mm:ss' (JMeter 2.11+) or '217s' / '1' (older)."""
    if ":" in text:
        parts = [int(p) for p in text.split(":")]
        return float(sum(p * 60 ** i for i, p in enumerate(reversed(parts))))
    return number(text.rstrip("s"))


def _parse_dashboard(data: dict[str, Any]) -> Parsed:
    total = data.get("Total")
    if not isinstance(total, dict):
        raise InvalidEvidence("JMeter statistics.json has no \"Total\" transaction")
    facts: dict[str, FactValue] = {"load.tool": "jmeter"}
    for key, fact in _DASHBOARD.items():
        put(facts, fact, total.get(key), integer=fact in {"load.requests", "load.failures"})
    rows = [(name, {fact: row.get(key) for key, fact in _DASHBOARD.items()})
            for name, row in data.items() if name != "Total" and isinstance(row, dict)]
    warnings = add_labels(facts, rows)
    return finish(facts, warnings=warnings, details={
        "shape": "dashboard statistics.json", "percentiles_assumed": "pct1/2/3 = 90/95/99 (JMeter defaults)",
        "labels": label_table(rows)})


def _parse_log(text: str) -> Parsed:
    """The last cumulative '=' line is the whole run; with none, the '+' deltas of a single interval."""
    found = [hit for hit in (_line(line) for line in text.splitlines()) if hit]
    if not found:
        raise InvalidEvidence("no JMeter summariser result line ('summary = N in ...') found")
    totals = [hit for hit in found if hit[1]["kind"] == "="]
    name, pick = totals[-1] if totals else found[-1]
    facts: dict[str, FactValue] = {"load.tool": "jmeter", "load.requests": int(pick["count"]),
                                   "load.failures": int(pick["err"]), "load.rps": float(pick["rps"]),
                                   "load.mean_ms": float(pick["avg"]), "load.max_ms": float(pick["max"])}
    put(facts, "load.duration_s", _seconds(pick["time"]))
    # "Active" is sampled when a line is printed (often 0 at the end); "Started" counts the threads
    # JMeter started, which is the configured user count since JMeter threads do not restart.
    started = [int(m["started"]) for n, m in found if m["started"] and n == name]
    if started:
        facts["load.concurrency"] = max(started)
    warnings = [] if totals or len(found) == 1 else [
        "no cumulative summariser line: using the last interval only"]
    return finish(facts, warnings=warnings, details={
        "shape": "summariser", "summariser": name, "line": pick.group(0)[:300],
        "note": "summariser lines carry no percentiles; log timestamps have no zone, so no started_at"})


def parse(path: Path) -> Parsed:
    """Dispatch on JSON (dashboard) versus text (summariser lines)."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if json_head(head).startswith(b"{"):
        data = load_json(path, "JMeter statistics")
        if not isinstance(data, dict):
            raise InvalidEvidence("not a JMeter statistics.json object")
        return _parse_dashboard(data)
    return _parse_log(read_text(path, "JMeter log"))
