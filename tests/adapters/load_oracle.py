"""An oracle for raw load streams, written without readiness: the load.* facts a file's requests must give.

It reads the files with the standard library (csv, json, ElementTree) and computes percentiles as the
type-7 quantile (numpy's 'linear', k6's Trend) over a plainly sorted list, so a test comparing an
adapter's facts with it would fail if the adapter (any of its paths) counted or interpolated wrongly.
"""

from __future__ import annotations

import csv
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

QUANTILES = (50, 90, 95, 99)
JMETER_DEFAULT_COLUMNS = ["timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName",
                          "dataType", "success"]


@dataclass(frozen=True)
class Request:
    """One request as the file records it."""

    label: str
    elapsed_ms: float
    failed: bool | None  # None when the file does not say


@dataclass(frozen=True)
class Stream:
    """Everything the facts are computed from."""

    tool: str
    requests: list[Request]
    first_ms: float | None = None  # run span in epoch milliseconds
    last_ms: float | None = None
    concurrency: int | None = None


def linear_quantile(values: Iterable[float], q: float) -> float:
    """Type-7 quantile: position (n - 1) q in the sorted list, interpolated between its neighbours."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    weight = position - below
    return ordered[below] * (1 - weight) + ordered[above] * weight


def _key(label: str | None) -> Callable[[str], str]:
    if label is None:
        return lambda name: name
    escaped = label.replace("\\", "\\\\").replace('"', '\\"')
    return lambda name: f'{name}{{label="{escaped}"}}'


def _series(requests: list[Request], key: Callable[[str], str]) -> dict[str, object]:
    values = [r.elapsed_ms for r in requests]
    facts: dict[str, object] = {key("load.requests"): len(values)}
    if all(r.failed is not None for r in requests):
        failures = sum(bool(r.failed) for r in requests)
        facts[key("load.failures")] = failures
        if values:
            facts[key("load.error_rate")] = round(failures / len(values), 6)
    if values:
        for p in QUANTILES:
            facts[key(f"load.p{p}_ms")] = round(linear_quantile(values, p / 100), 3)
        facts[key("load.max_ms")] = round(max(values), 3)
        facts[key("load.mean_ms")] = round(math.fsum(values) / len(values), 3)
    return facts


def expected_facts(stream: Stream) -> dict[str, object]:
    """The complete fact set: the run, then every label (fixtures stay far below the label cap)."""
    facts = _series(stream.requests, _key(None))
    facts["load.tool"] = stream.tool
    if stream.first_ms is not None and stream.last_ms is not None:
        seconds = (stream.last_ms - stream.first_ms) / 1000
        facts["load.duration_s"] = round(seconds, 3)
        if seconds > 0:
            facts["load.rps"] = round(len(stream.requests) / seconds, 3)
        facts["load.started_at"] = datetime.fromtimestamp(stream.first_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if stream.concurrency is not None:
        facts["load.concurrency"] = stream.concurrency
    for label in sorted({r.label for r in stream.requests}):
        facts.update(_series([r for r in stream.requests if r.label == label], _key(label)))
    return facts


def _jmeter(rows: list[dict[str, str]], start_ms: Callable[[str], float] | None) -> Stream:
    requests = [Request(r.get("label", ""), float(r["elapsed"]),
                        None if "success" not in r else r["success"] == "false") for r in rows]
    first = last = None
    if start_ms is not None:
        first = min(start_ms(r["timeStamp"]) for r in rows)
        last = max(start_ms(r["timeStamp"]) + float(r["elapsed"]) for r in rows)
    threads = [int(r["allThreads"]) for r in rows if r.get("allThreads")]
    return Stream("jmeter", requests, first, last, max(threads) if threads else None)


def jmeter_csv(path: Path, delimiter: str = ",", header: bool = True,
               time_format: str | None = None) -> Stream:
    """A CSV JTL; time_format None means epoch milliseconds, else a strptime format read as UTC."""
    with path.open(newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        names = next(reader) if header else JMETER_DEFAULT_COLUMNS
        rows = [dict(zip(names, row, strict=False)) for row in reader if row]

    def start(text: str) -> float:
        if time_format is None:
            return float(text)
        return datetime.strptime(text, time_format).replace(tzinfo=UTC).timestamp() * 1000

    return _jmeter(rows, start if "timeStamp" in names else None)


def jmeter_xml(path: Path) -> Stream:
    """An XML JTL: the samples directly under <testResults> (sub-samples belong to their parent)."""
    root = ET.parse(path).getroot()
    rows = [{"timeStamp": s.get("ts", ""), "elapsed": s.get("t", ""), "label": s.get("lb", ""),
             "success": s.get("s", ""), "allThreads": s.get("na", "")} for s in root]
    return _jmeter(rows, float)


def _k6_time_us(text: str) -> int:
    # k6 writes nanoseconds; datetime keeps microseconds.
    match = re.fullmatch(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)", text)
    assert match, text
    fraction = (match.group(2) or "").ljust(6, "0")[:6]
    stamp = datetime.fromisoformat(f"{match.group(1)}.{fraction}{match.group(3) or '+00:00'}")
    return (stamp - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def k6_ndjson(path: Path) -> Stream:
    """A k6 JSON stream: requests from http_req_duration; failures from http_req_failed, or before k6
    0.31 from status >= 400 or 0; concurrency the peak of vus (else vus_max); span over every point."""
    durations: list[tuple[str, float, str | None]] = []
    failed: dict[str, int] = {}
    saw_failed = False
    peaks: dict[str, float] = {}
    times: list[int] = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj["type"] != "Point":
            continue
        data, metric = obj["data"], obj["metric"]
        times.append(_k6_time_us(data["time"]))
        tags = data.get("tags") or {}
        label = tags.get("name") or tags.get("url") or ""
        if metric == "http_req_duration":
            durations.append((label, float(data["value"]), tags.get("status")))
        elif metric == "http_req_failed":
            saw_failed = True
            failed[label] = failed.get(label, 0) + (data["value"] != 0)
        elif metric in ("vus", "vus_max"):
            peaks[metric] = max(peaks.get(metric, data["value"]), data["value"])
    requests = []
    seen: dict[str, int] = {}
    for label, value, status in durations:
        if saw_failed:
            # http_req_failed points are not matched to duration points one by one: mark the label's
            # first `failed[label]` requests, which gives the same counts.
            seen[label] = seen.get(label, 0) + 1
            flag: bool | None = seen[label] <= failed.get(label, 0)
        elif status is not None and status.isdigit():
            flag = int(status) >= 400 or int(status) == 0
        else:
            flag = None
        requests.append(Request(label, value, flag))
    if any(r.failed is None for r in requests):  # one unknown outcome makes every failure count unknown
        requests = [Request(r.label, r.elapsed_ms, None) for r in requests]
    peak = peaks.get("vus", peaks.get("vus_max"))
    return Stream("k6", requests, min(times) / 1000, max(times) / 1000, None if peak is None else int(peak))


def gatling_text(path: Path) -> Stream:
    """A text simulation.log (Gatling 2.2 to 3.11): every layout ends a REQUEST record with
    `name start end status message`; concurrency is the peak of users started and not yet ended."""
    requests, starts, ends, users = [], [], [], []
    for line in path.read_text().splitlines():
        fields = line.split("\t")
        if fields[0] == "REQUEST":
            name, begin, end, status = fields[-5], int(fields[-4]), int(fields[-3]), fields[-2]
            requests.append(Request(name, float(end - begin), status == "KO"))
            starts.append(begin)
            ends.append(end)
        elif fields[0] == "USER":
            users.append((int(fields[-1]), "START" in fields))
    active = peak = 0
    for _, started in sorted(users, key=lambda event: (event[0], event[1])):  # at a tie, ends first
        active += 1 if started else -1
        peak = max(peak, active)
    return Stream("gatling", requests, float(min(starts)), float(max(ends)), peak if users else None)
