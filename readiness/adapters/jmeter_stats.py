"""JMeter summaries JMeter itself computed: dashboard `statistics.json` and summariser log/console lines."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
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
from readiness.adapters.base import InvalidEvidence, Parsed, iso
from readiness.vocabulary import FactValue

KIND = "jmeter_stats"
FAMILY = "load"
DESCRIPTION = "JMeter HTML-dashboard statistics.json or summariser lines in jmeter.log / console"
FACTS = SUMMARY_FACTS
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
# jmeter.log line times: "2026/11/28 16:45:27" (JMeter 2.x logkit) or "2024-05-01 12:00:00,123" (log4j2).
_LOG_TIME = re.compile(r"^(\d{4})[/-](\d\d)[/-](\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[,.](\d{1,6}))?")
NO_ZONE = "timestamps carry no time zone; read as UTC"


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
    """Summariser elapsed time: 'hh:mm:ss' (JMeter 2.11+) or '217s' / '1' (older); None when malformed."""
    if ":" in text:
        try:
            parts = [int(p) for p in text.split(":")]
        except ValueError:  # "::", or a part over Python's digit limit
            return None
        return number(sum(p * 60 ** i for i, p in enumerate(reversed(parts))))
    return number(text.rstrip("s"))


def _line_time(line: str) -> datetime | None:
    """The log time at the start of a jmeter.log line (no zone there: read as UTC), None when absent or impossible."""
    match = _LOG_TIME.match(line)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        stamp = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=UTC)
    except ValueError:  # 2024-02-30
        return None
    return stamp + timedelta(seconds=float(f"0.{fraction}")) if fraction else stamp


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
    facts: dict[str, FactValue] = {"load.tool": "jmeter"}
    # number() rather than int()/float(): the patterns admit "1.2.3" and counts beyond any float.
    for fact, group in (("load.requests", "count"), ("load.failures", "err")):
        put(facts, fact, pick[group], integer=True)
    for fact, group in (("load.rps", "rps"), ("load.mean_ms", "avg"), ("load.max_ms", "max")):
        put(facts, fact, pick[group])
    duration = _seconds(pick["time"])
    put(facts, "load.duration_s", duration)
    # "Active" is sampled when a line is printed (often 0 at the end); "Started" counts the threads
    # JMeter started, which is the configured user count since JMeter threads do not restart.
    started = [number(m["started"]) for n, m in found if m["started"] and n == name]
    put(facts, "load.concurrency", max((s for s in started if s is not None), default=None), integer=True)
    warnings = [] if totals or len(found) == 1 else [
        "no cumulative summariser line: using the last interval only"]
    # jmeter.log prints the line when the elapsed time ends; console output has no time at all.
    printed = _line_time(pick.string)
    if printed is not None:
        warnings.append(NO_ZONE)
        if duration is not None:
            facts["load.started_at"] = iso(printed - timedelta(seconds=duration))
    return finish(facts, observed_at=printed, warnings=warnings, details={
        "shape": "summariser", "summariser": name, "line": pick.group(0)[:300],
        "note": "summariser lines carry no percentiles; started_at = the line's log time (no zone, read as "
                "UTC) minus the elapsed time"})


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
