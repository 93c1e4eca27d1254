"""JMeter JTL results, CSV (any column set, with or without header) or XML: exact per-label latency facts."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness import progress
from readiness.adapters import _loadraw
from readiness.adapters._load_summary import SUMMARY_FACTS
from readiness.adapters._loadraw import Run
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from readiness.percentiles import PERCENTILES, Series, rounded

KIND = "jmeter_jtl"
FAMILY = "load"
DESCRIPTION = "JMeter JTL sample results (CSV with or without header, or XML <testResults>)"
FACTS = SUMMARY_FACTS

# The first columns of every default JMeter CSV configuration, in order. A headerless file is read
# with these names only: what follows depends on save-service settings the file does not record.
DEFAULT_PREFIX = ("timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName",
                  "dataType", "success")
_DELIMITERS = (",", "\t", ";", "|")
_HEADERLESS = re.compile(rb"^(\d{10,14})([,\t;|])(\d+)\2")
_SAMPLE_TAGS = ("httpSample", "sample")
# (regex, Python strptime format, DuckDB strptime format) for JMeter's timestamp_format settings.
_TIME_FORMATS = (
    (r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\.\d{3}", "%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S.%g"),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%g"),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%g"),
    (r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M:%S"),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S"),
)
_EPOCH = datetime(1970, 1, 1)  # naive: a formatted timeStamp minus this reads it as UTC
NO_ZONE = "timestamps carry no time zone; read as UTC"


@dataclass(frozen=True)
class Layout:
    """How a CSV JTL is laid out: delimiter, header, column names, and how timeStamp is written."""

    delimiter: str
    header: bool
    columns: tuple[str, ...]
    # "epoch" (milliseconds), a _TIME_FORMATS index as str, or "" when no format fits.
    time_format: str
    # JMeter writes whole milliseconds; the engine then counts (label, elapsed) pairs instead of
    # keeping every value, which is faster and needs a fraction of the memory.
    integer_elapsed: bool = True


def _is_xml(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<") and b"<testResults" in text[:2048]


def _header_delimiter(first_line: str) -> str | None:
    for delimiter in _DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delimiter), [])
        if "elapsed" in names and ("timeStamp" in names or "label" in names):
            return delimiter
    return None


def sniff(path: Path, head: bytes) -> bool:
    """XML whose root is <testResults>, or CSV whose header names timeStamp/label and elapsed, or a
    headerless CSV starting with an epoch-millisecond timestamp then an integer elapsed."""
    if _is_xml(head):
        return True
    text = head.lstrip(b"\xef\xbb\xbf")
    lines = text[:4096].decode("utf-8", "replace").splitlines()  # \r alone ends a line too (old Mac files)
    first_line = lines[0] if lines else ""
    return _header_delimiter(first_line) is not None or bool(_HEADERLESS.match(text))


def _head_rows(head: str, delimiter: str, limit: int = 50) -> list[list[str]]:
    rows = []
    # The head may end mid-record; drop the last (possibly partial) one.
    for row in csv.reader(head.splitlines(keepends=True)[:-1] or [head], delimiter=delimiter):
        if row:
            rows.append(row)
        if len(rows) >= limit:
            break
    return rows


def _time_format(samples: list[str]) -> str:
    if samples and all(s.isdigit() for s in samples):
        return "epoch"
    for index, (pattern, fmt, _) in enumerate(_TIME_FORMATS):
        if samples and all(re.fullmatch(pattern, s) for s in samples):
            try:
                for s in samples:
                    datetime.strptime(s, fmt)
            except ValueError:
                continue
            return str(index)
    return ""


def layout(path: Path) -> Layout:
    """Read the head of a CSV JTL and decide its layout; InvalidEvidence when it cannot be read safely."""
    with path.open("rb") as fh:
        raw = fh.read(HEAD_BYTES)
    head = raw.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first_line = (head[:4096].splitlines() or [""])[0]  # \r alone ends a line too, as in sniff()
    delimiter = _header_delimiter(first_line)
    has_header = delimiter is not None
    if delimiter is not None:
        rows = _head_rows(head, delimiter)
        columns = tuple(rows[0]) if rows else ()
        data = rows[1:]
    else:
        match = _HEADERLESS.match(raw.lstrip(b"\xef\xbb\xbf"))
        if match is None:
            raise InvalidEvidence("not a JMeter CSV JTL: no header naming timeStamp/label and elapsed")
        delimiter = match.group(2).decode()
        data = _head_rows(head, delimiter)
        width = len(data[0]) if data else 0
        if width < len(DEFAULT_PREFIX) or any(r[7].lower() not in ("true", "false") for r in data
                                               if len(r) > 7):
            raise InvalidEvidence(
                "CSV JTL without header and with a non-default column set: save it with "
                "jmeter.save.saveservice.print_field_names=true")
        columns = DEFAULT_PREFIX + tuple(f"column{i + 1}" for i in range(len(DEFAULT_PREFIX), width))
    if "elapsed" not in columns:
        raise InvalidEvidence("CSV JTL has no elapsed column: no latencies to read")
    stamps = []
    if "timeStamp" in columns:
        index = columns.index("timeStamp")
        stamps = [r[index] for r in data if len(r) > index]
    at = columns.index("elapsed")
    integer = all(r[at].isdigit() for r in data if len(r) > at)
    return Layout(delimiter, has_header, columns, _time_format(stamps), integer)


def _bool(text: str, where: str) -> bool:
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise InvalidEvidence(f"{where}: success is {text[:40]!r}, not true/false")


def _stamp_ms(text: str, time_format: str) -> float | None:
    if time_format == "epoch":
        return float(text) if text.isdigit() else None
    if not time_format:
        return None
    try:
        stamp = datetime.strptime(text, _TIME_FORMATS[int(time_format)][1])
    except ValueError:
        return None
    return (stamp - _EPOCH).total_seconds() * 1000.0


@contextmanager
def _csv_errors() -> Iterator[None]:
    """The csv module's own errors (a bare carriage return inside a field) as one-line InvalidEvidence."""
    try:
        yield
    except csv.Error as exc:
        raise InvalidEvidence(f"malformed CSV: {exc}") from None


def _plain_csv(path: Path, shape: Layout) -> Run:
    samples = _loadraw.Samples()
    col = {name: i for i, name in enumerate(shape.columns)}
    i_elapsed, i_label = col["elapsed"], col.get("label")
    i_ok, i_ts, i_threads = col.get("success"), col.get("timeStamp"), col.get("allThreads")
    with path.open(newline="", encoding="utf-8", errors="replace") as fh, _csv_errors():
        reader = csv.reader(fh, delimiter=shape.delimiter)
        if shape.header:
            next(reader, None)
        for row in reader:
            if not row:
                continue
            where = f"record {reader.line_num}"
            try:
                elapsed = float(row[i_elapsed])
            except (ValueError, IndexError):
                raise InvalidEvidence(f"{where}: elapsed is not a number") from None
            if not 0 <= elapsed < math.inf:  # also false for NaN
                raise InvalidEvidence(f"{where}: elapsed {row[i_elapsed]!r} is not a finite, non-negative time")
            ok = _bool(row[i_ok], where) if i_ok is not None and len(row) > i_ok else None
            start = _stamp_ms(row[i_ts], shape.time_format) if i_ts is not None and len(row) > i_ts else None
            label = row[i_label] if i_label is not None and len(row) > i_label else ""
            samples.add(label, elapsed, ok, start)
            if i_threads is not None and len(row) > i_threads and row[i_threads].isdigit():
                samples.threads(int(row[i_threads]))
    return samples.run("jmeter", zoned=bool(shape.time_format))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _engine_source(path: Path, shape: Layout) -> str:
    # elapsed stays DOUBLE even for whole milliseconds: DuckDB would round a stray "12.5" into a BIGINT.
    types = {"elapsed": "DOUBLE", "success": "BOOLEAN", "allThreads": "BIGINT",
             "timeStamp": "BIGINT" if shape.time_format == "epoch" else "VARCHAR"}
    columns = ", ".join(f"{_sql_text(name)}: {_sql_text(types.get(name, 'VARCHAR'))}" for name in shape.columns)
    return (f"read_csv({_sql_text(str(path))}, header = {str(shape.header).lower()}, "
            f"delim = {_sql_text(shape.delimiter)}, quote = '\"', escape = '\"', columns = {{{columns}}}, "
            "auto_detect = false)")


def _engine_rows(path: Path, shape: Layout) -> str:
    has = set(shape.columns).__contains__
    if shape.time_format == "epoch":
        ts = '"timeStamp"'
    elif shape.time_format and has("timeStamp"):
        ts = f"epoch_ms(try_strptime(\"timeStamp\", {_sql_text(_TIME_FORMATS[int(shape.time_format)][2])}))"
    else:
        ts = "NULL::BIGINT"
    return f"""
        SELECT coalesce({'"label"' if has("label") else 'NULL'}, '') AS label, "elapsed" AS e,
               {'"success"' if has("success") else 'NULL::BOOLEAN'} AS ok, {ts} AS ts,
               {'"allThreads"' if has("allThreads") else 'NULL::BIGINT'} AS th
        FROM {_engine_source(path, shape)}"""


# Whole milliseconds repeat: one row per (label, latency) with its count, exact percentiles follow in
# Python. Still exact if fractional values turn up past the head, only with more rows.
_HISTOGRAM_SQL = """
    SELECT label, e, count(*), count(e), count(*) FILTER (WHERE NOT ok), count(ok), min(ts), max(ts + e),
           count(ts), max(th)
    FROM ({rows}) GROUP BY label, e"""
# Fractional latencies: DuckDB's exact quantile_cont per label and overall.
_QUANTILE_SQL = """
    SELECT label, grouping(label) AS whole, count(*), count(e), count(*) FILTER (WHERE NOT ok), count(ok),
           fsum(e) / count(e), max(e), quantile_cont(e, [{quantiles}]), min(ts), max(ts + e), count(ts), max(th)
    FROM ({rows}) GROUP BY GROUPING SETS ((label), ())"""


def _engine_csv(path: Path, shape: Layout) -> Run:
    rows = _engine_rows(path, shape)
    sql = (_HISTOGRAM_SQL.format(rows=rows) if shape.integer_elapsed else
           _QUANTILE_SQL.format(rows=rows, quantiles=", ".join(str(p / 100) for p in PERCENTILES)))
    result = _loadraw.engine_rows(path, sql, "CSV JTL")
    zoned = bool(shape.time_format)  # epoch milliseconds, or a formatted time read as UTC
    return _histogram_run(result, zoned) if shape.integer_elapsed else _quantile_run(result, zoned)


def _histogram_run(rows: list[tuple[Any, ...]], zoned: bool) -> Run:
    samples = _loadraw.Samples()
    for label, e, n, n_e, fails, n_ok, first, last, n_ts, threads in rows:
        if n_e != n:
            raise InvalidEvidence("CSV JTL has rows without an elapsed value")
        if not 0 <= e < math.inf:  # the same refusal as the plain reader's
            raise InvalidEvidence(f"label {label!r}: elapsed {e!r} is not a finite, non-negative time")
        times = n_ts == n
        samples.add_counts(label, float(e), n, fails if n_ok == n else None,
                           float(first) if times else None, float(last) if times else None)
        if threads is not None:
            samples.threads(int(threads))
    return samples.run("jmeter", zoned)


def _quantile_run(rows: list[tuple[Any, ...]], zoned: bool) -> Run:
    run = Run("jmeter", Series(0, 0, None, None), zoned=zoned)
    for label, whole, n, n_e, fails, n_ok, mean, top, qs, first, last, n_ts, threads in rows:
        if n_e != n:
            raise InvalidEvidence("CSV JTL has rows without an elapsed value")
        if not (0 <= top < math.inf and math.isfinite(mean)):  # NaN sorts last in DuckDB: max shows it
            raise InvalidEvidence(f"label {label!r}: an elapsed value is not a finite, non-negative time")
        times = n_ts == n and first is not None
        series = Series(n, fails if n_ok == n else None, rounded(mean), rounded(top),
                        {p: rounded(v) for p, v in zip(PERCENTILES, qs, strict=True)},
                        float(first) if times else None, float(last) if times else None)
        if whole:
            run.total, run.concurrency = series, threads
        else:
            run.labels[label] = series
    return run


def _attr_float(elem: Any, name: str) -> float | None:
    value = elem.get(name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _xml(path: Path) -> Run:
    from lxml import etree

    samples = _loadraw.Samples()
    size = path.stat().st_size
    bar = progress.for_file(path)
    with path.open("rb") as raw:
        source = progress.TrackedReader(raw, size, bar)
        events = etree.iterparse(source, events=("end",), tag=_SAMPLE_TAGS, resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=True)
        try:
            for _, elem in events:
                parent = elem.getparent()
                # Sub-samples (embedded resources, transaction children) belong to their parent.
                if parent is None or parent.getparent() is not None:
                    continue
                _xml_sample(samples, elem)
                elem.clear()
                while elem.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise InvalidEvidence(f"malformed XML JTL: {exc}") from None
        finally:
            bar.close()
    return samples.run("jmeter")


def _xml_sample(samples: _loadraw.Samples, elem: Any) -> None:
    elapsed = _attr_float(elem, "t")
    if elapsed is not None and not 0 <= elapsed < math.inf:
        raise InvalidEvidence(f"sample {elem.get('lb', '')!r}: t={elem.get('t')!r} is not a finite, non-negative time")
    if elapsed is None:
        line = getattr(elem, "sourceline", "?")
        raise InvalidEvidence(f"line {line}: <{elem.tag}> without a numeric t (elapsed) attribute")
    success = elem.get("s")
    ok = None if success is None else _bool(success, f"line {elem.sourceline}")
    samples.add(elem.get("lb", ""), elapsed, ok, _attr_float(elem, "ts"))
    threads = elem.get("na")
    if threads is not None and threads.isdigit():
        samples.threads(int(threads))


def parse(path: Path) -> Parsed:
    """Exact overall and per-label latency facts from every sample in a JTL."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if _is_xml(head):
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise InvalidEvidence("XML JTL with a DTD refused (JMeter never writes one)")
        run = _xml(path)
    else:
        with _csv_errors():
            shape = layout(path)
        run = _engine_csv(path, shape) if _loadraw.use_engine(path) else _plain_csv(path, shape)
        if not shape.header:
            run.notes.append("CSV without header: read the default first columns; concurrency unknown")
        if "timeStamp" in shape.columns and shape.time_format != "epoch":
            # Project policy: a time without a zone is read as UTC (JMeter wrote the local time).
            if shape.time_format:
                run.warnings.append(NO_ZONE)
            else:
                run.notes.append("timeStamp format not recognised: times omitted")
    return _loadraw.to_parsed(run)
