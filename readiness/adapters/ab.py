"""ApacheBench (ab) console output and its `-e` percentile CSV; times in ms as ab prints them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from readiness.adapters._load_summary import SUMMARY_FACTS, finish, number, put, read_text
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

KIND = "ab"
FAMILY = "load"
DESCRIPTION = "ApacheBench console output or -e percentile CSV"
FACTS = tuple(name for name in SUMMARY_FACTS if name != "load.started_at")
_CSV_HEADER = b"Percentage served,Time in ms"
_FIELDS = {
    "complete": re.compile(r"^Complete requests:[ \t]+(\d+)", re.M),
    "failed": re.compile(r"^Failed requests:[ \t]+(\d+)", re.M),
    "breakdown": re.compile(r"\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)"),
    "non2xx": re.compile(r"^Non-2xx responses:[ \t]+(\d+)", re.M),
    "concurrency": re.compile(r"^Concurrency Level:[ \t]+(\d+)", re.M),
    "taken": re.compile(r"^Time taken for tests:[ \t]+([\d.]+) seconds", re.M),
    "rps": re.compile(r"^Requests per second:[ \t]+([\d.]+)", re.M),
    "total": re.compile(r"^Total:[ \t]+([\d.]+)[ \t]+([\d.]+)[ \t]+([\d.]+)[ \t]+([\d.]+)[ \t]+([\d.]+)", re.M),
}
_PERCENT = re.compile(r"^[ \t]+(\d+)%[ \t]+(\d+)", re.M)
_PCT_FACTS = {50: "load.p50_ms", 90: "load.p90_ms", 95: "load.p95_ms", 99: "load.p99_ms", 100: "load.max_ms"}


def sniff(path: Path, head: bytes) -> bool:
    """ab's banner or its result block; or the exact header line of an `ab -e` CSV."""
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.startswith(_CSV_HEADER):
        return True
    return b"This is ApacheBench" in text or (
        b"Complete requests:" in text and b"Time taken for tests:" in text)


def _parse_csv(text: str) -> Parsed:
    """`ab -e`: one row per whole percent (0-100) with the time in ms; nothing else is in the file."""
    rows = list(csv.reader(io.StringIO(text)))[1:]
    table = {}
    for row in rows:
        if len(row) >= 2 and number(row[0]) is not None and number(row[1]) is not None:
            table[int(float(row[0]))] = float(row[1])
    if not table:
        raise InvalidEvidence("ab -e CSV has no percentile rows")
    facts: dict[str, FactValue] = {"load.tool": "ab"}
    for percent, fact in _PCT_FACTS.items():
        if percent in table:
            facts[fact] = table[percent]
    return finish(facts, details={"shape": "percentiles-csv",
                                  "note": "the -e CSV holds only percentiles: no counts, rate or failures"})


def _failures(text: str) -> int | None:
    """Non-2xx responses plus requests that got no response (connect, receive, exceptions).

    ab's own "Failed requests" also counts Length mismatches, which only mean the body size varied.
    """
    non2xx = _FIELDS["non2xx"].search(text)
    breakdown = _FIELDS["breakdown"].search(text)
    failed = _FIELDS["failed"].search(text)
    if failed is None:
        return None
    no_response = 0
    if breakdown:
        connect, receive, _length, exceptions = (int(g) for g in breakdown.groups())
        no_response = connect + receive + exceptions
    elif int(failed.group(1)):
        no_response = int(failed.group(1))
    return no_response + (int(non2xx.group(1)) if non2xx else 0)


def parse(path: Path) -> Parsed:
    """Read ab's printed totals, rate and 'served within' percentiles (whole ms)."""
    text = read_text(path, "ab output")
    if text.startswith(_CSV_HEADER.decode()):
        return _parse_csv(text)
    complete = _FIELDS["complete"].search(text)
    if complete is None:
        raise InvalidEvidence("ab output has no 'Complete requests' line: the run did not finish")
    facts: dict[str, FactValue] = {"load.tool": "ab"}
    failures = _failures(text)
    breakdown = _FIELDS["breakdown"].search(text)
    facts["load.requests"] = int(complete.group(1))
    if failures is not None:
        facts["load.failures"] = failures
    for key, fact in (("concurrency", "load.concurrency"), ("taken", "load.duration_s"), ("rps", "load.rps")):
        found = _FIELDS[key].search(text)
        if found:
            put(facts, fact, found.group(1), integer=fact == "load.concurrency")
    total = _FIELDS["total"].search(text)
    if total:
        facts["load.mean_ms"] = float(total.group(2))
    for percent, value in _PERCENT.findall(text):
        pct_fact = _PCT_FACTS.get(int(percent))
        if pct_fact:
            facts[pct_fact] = float(value)
    if "load.max_ms" not in facts and total:
        facts["load.max_ms"] = float(total.group(5))
    return finish(facts, details={"shape": "console", "length_failures_ignored": int(breakdown.group(3))
                                  if breakdown else None})
