"""k6 `--out json` NDJSON streams (Metric and Point lines): exact latency facts from http_req_duration."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness.adapters import _loadraw
from readiness.adapters._load_summary import SUMMARY_FACTS
from readiness.adapters._loadraw import Run
from readiness.adapters.base import InvalidEvidence, Parsed
from readiness.percentiles import PERCENTILES, Series, rounded

KIND = "k6_ndjson"
FAMILY = "load"
DESCRIPTION = "k6 --out json NDJSON stream of Metric and Point lines"
FACTS = SUMMARY_FACTS
_DURATION, _FAILED = "http_req_duration", "http_req_failed"
_CONCURRENCY = ("vus", "vus_max")
NO_ZONE = "timestamps carry no time zone; read as UTC"


def sniff(path: Path, head: bytes) -> bool:
    """The first line is a JSON object with type Metric or Point, a data object and a metric name."""
    import orjson

    first = head.lstrip(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{") or b'"metric"' not in first:
        return False
    try:
        line = orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return (isinstance(line, dict) and line.get("type") in ("Metric", "Point")
            and isinstance(line.get("data"), dict) and isinstance(line.get("metric"), str))


def _time_us(text: Any) -> tuple[int | None, bool]:
    """(microseconds since the epoch, whether the text had no zone); a time without a zone is read as UTC."""
    if not isinstance(text, str):
        return None, False
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None, False
    naive = stamp.tzinfo is None
    if naive:  # k6 always writes RFC 3339 with a zone; project policy reads a zoneless time as UTC
        stamp = stamp.replace(tzinfo=UTC)
    # Integer microseconds, as DuckDB's TIMESTAMPTZ keeps them, so both paths agree exactly.
    delta = stamp - datetime.fromtimestamp(0, UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds, naive


def _label(tags: Any) -> str:
    if not isinstance(tags, dict):
        return ""
    return str(tags.get("name") or tags.get("url") or "")


class _Stream:
    """Per-line state of the plain path."""

    def __init__(self) -> None:
        self.samples = _loadraw.Samples()
        self.failed: Counter[str] = Counter()
        self.failed_seen = False
        self.status_failed: Counter[str] = Counter()
        self.status_known = True
        self.peak: dict[str, float] = {}
        self.first: int | None = None
        self.last: int | None = None
        self.bad_times = 0
        self.naive_times = 0

    def point(self, metric: str, data: dict[str, Any]) -> None:
        stamp, naive = _time_us(data.get("time"))
        self.naive_times += naive
        if stamp is None:
            self.bad_times += 1
        else:
            self.first = stamp if self.first is None else min(self.first, stamp)
            self.last = stamp if self.last is None else max(self.last, stamp)
        value = data.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            return
        tags = data.get("tags")
        if metric == _DURATION:
            label = _label(tags)
            self.samples.add(label, float(value), None, None)
            status = tags.get("status") if isinstance(tags, dict) else None
            if status is None or not str(status).isdigit():
                self.status_known = False
            elif int(status) >= 400 or int(status) == 0:
                self.status_failed[label] += 1
        elif metric == _FAILED:
            self.failed_seen = True
            if value:
                self.failed[_label(tags)] += 1
        elif metric in _CONCURRENCY:
            self.peak[metric] = max(self.peak.get(metric, value), value)

    def run(self) -> Run:
        run = self.samples.run("k6")
        failures = self.failed if self.failed_seen else self.status_failed if self.status_known else None
        if failures is not None:
            run.total.failures = sum(failures.values())
            for label, series in run.labels.items():
                series.failures = failures[label]
        if self.failed_seen and set(self.failed) - set(run.labels):
            run.notes.append("http_req_failed points for labels without http_req_duration points")
        if not self.failed_seen and failures is not None:
            run.notes.append("no http_req_failed metric (k6 < 0.31): failures counted from status >= 400 or 0")
        peak = self.peak.get("vus", self.peak.get("vus_max"))
        run.concurrency = int(peak) if peak is not None else None
        _set_span(run, self.first, self.last, self.bad_times, self.naive_times)
        return run


def _set_span(run: Run, first_us: int | None, last_us: int | None, bad_times: int, naive_times: int) -> None:
    if naive_times:
        run.warnings.append(NO_ZONE)
    if bad_times or first_us is None or last_us is None:
        run.total.first_ms = run.total.last_ms = None
        if bad_times:
            run.notes.append(f"{bad_times} points without a readable time: run length omitted")
        return
    run.total.first_ms, run.total.last_ms = first_us / 1000.0, last_us / 1000.0


def _plain(path: Path) -> Run:
    import orjson

    stream = _Stream()
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InvalidEvidence(f"line {number}: not JSON ({exc})") from None
            if not isinstance(obj, dict):
                raise InvalidEvidence(f"line {number}: not a k6 Metric/Point object")
            if obj.get("type") == "Point" and isinstance(obj.get("data"), dict):
                stream.point(str(obj.get("metric")), obj["data"])
    return stream.run()


# Per-row work is kept to what each row needs: a time without a zone is read as UTC by the session time
# zone (set in _engine), not by rewriting every string, and times become epoch microseconds per group.
_ENGINE_SQL = """
    WITH p AS (
        SELECT metric, data.value AS v, TRY_CAST(data.tags.status AS INTEGER) AS status,
               TRY_CAST(data.time AS TIMESTAMPTZ) AS t,
               CASE WHEN metric IN ('http_req_duration', 'http_req_failed')
                    THEN coalesce(nullif(data.tags.name, ''), data.tags.url, '') END AS label,
               NOT regexp_matches(data.time, '(?:[Zz]|[+-][0-9][0-9](?::?[0-9][0-9])?)$') AS naive
        FROM read_ndjson({source}, columns = {{'type': 'VARCHAR', 'metric': 'VARCHAR',
             'data': 'STRUCT(time VARCHAR, value DOUBLE, tags STRUCT(name VARCHAR, url VARCHAR, status VARCHAR))'}},
             format = 'newline_delimited', maximum_object_size = 16777216)
        WHERE type = 'Point')
    SELECT metric, label, grouping(label) AS whole, count(v), fsum(v) / count(v), max(v),
           quantile_cont(v, [{quantiles}]) FILTER (WHERE metric = 'http_req_duration'),
           count(*) FILTER (WHERE v <> 0), epoch_us(min(t)), epoch_us(max(t)), count(*) - count(t),
           count(*) FILTER (WHERE status >= 400 OR status = 0),
           count(status), count(*) FILTER (WHERE naive AND t IS NOT NULL)
    FROM p GROUP BY GROUPING SETS ((metric, label), (metric))"""


def _engine(path: Path) -> Run:

    sql = _ENGINE_SQL.format(source="'" + str(path).replace("'", "''") + "'",
                             quantiles=", ".join(str(p / 100) for p in PERCENTILES))
    rows = _loadraw.engine_rows(path, sql, "k6 JSON stream")
    return _engine_run(rows)


def _engine_run(rows: list[tuple[Any, ...]]) -> Run:
    run = Run("k6", Series(0, None, None, None))
    firsts, lasts, bad_times, naive_times, peak = [], [], 0, 0, {}
    failed: dict[str | None, int] = {}
    status_failed: dict[str | None, tuple[int, int]] = {}
    for metric, label, whole, n, mean, top, qs, nonzero, first, last, no_time, bad, n_status, naive in rows:
        if whole:
            bad_times += no_time
            naive_times += naive
            firsts += [first] if first is not None else []
            lasts += [last] if last is not None else []
        if metric == _DURATION and n:
            series = Series(n, None, rounded(mean), rounded(top),
                            {p: rounded(v) for p, v in zip(PERCENTILES, qs, strict=True)})
            if whole:
                run.total = series
            else:
                run.labels[label] = series
            status_failed[None if whole else label] = (bad, n_status - n)
        elif metric == _FAILED:
            failed[None if whole else label] = nonzero
        elif metric in _CONCURRENCY and whole and top is not None:
            peak[metric] = top
    _engine_failures(run, failed, status_failed)
    value = peak.get("vus", peak.get("vus_max"))
    run.concurrency = int(value) if value is not None else None
    _set_span(run, min(firsts) if firsts else None, max(lasts) if lasts else None, bad_times, naive_times)
    return run


def _engine_failures(run: Run, failed: dict[str | None, int],
                     status_failed: dict[str | None, tuple[int, int]]) -> None:
    if failed:
        run.total.failures = failed.get(None, 0)
        for label, series in run.labels.items():
            series.failures = failed.get(label, 0)
        if set(failed) - set(run.labels) - {None}:
            run.notes.append("http_req_failed points for labels without http_req_duration points")
    elif status_failed and all(missing == 0 for _, missing in status_failed.values()):
        run.total.failures = status_failed[None][0]
        for label, series in run.labels.items():
            series.failures = status_failed[label][0]
        run.notes.append("no http_req_failed metric (k6 < 0.31): failures counted from status >= 400 or 0")


def parse(path: Path) -> Parsed:
    """Requests, failures, exact latency percentiles (all http_req_duration points), peak VUs and span."""
    run = _engine(path) if _loadraw.use_engine(path) else _plain(path)
    return _loadraw.to_parsed(run)
