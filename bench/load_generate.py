"""Generates the big raw load-test files for bench/load_bench.py into bench/data/ (git-ignored).

jmeter-10m.jtl: a JMeter 5 default-column CSV JTL, 10M rows, 20 labels (some quoted, with commas, quotes
and a newline), ~1 GB. k6-stream.ndjson: a `k6 run --out json` stream, ~1.5 GB. DuckDB writes both
(the generator is not what is measured). Usage: .venv/bin/python bench/load_generate.py [--rows N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LABELS = [f"GET /api/items/{i}" for i in range(16)] + [
    "POST /chat", 'GET /search?q="x"', "GET /a, b", "GET /multi\nline"]


def _labels_sql() -> str:
    quoted = ", ".join("'" + label.replace("'", "''") + "'" for label in LABELS)
    return f"[{quoted}]"


def jtl(con: object, rows: int, path: Path) -> None:
    """10M samples over ~1 h: lognormal-ish latencies, 1% failures, 50 threads."""
    con.execute(f"""
        COPY (
            SELECT 1795883983988 + i * 360 // 1000 AS timeStamp,
                   (20 + (hash(i) % 1000) * (hash(i * 7) % 5 + 1) // 10)::BIGINT AS elapsed,
                   {_labels_sql()}[1 + i % 20] AS label,
                   CASE WHEN i % 100 = 7 THEN '500' ELSE '200' END AS responseCode,
                   CASE WHEN i % 100 = 7 THEN 'Server Error' ELSE 'OK' END AS responseMessage,
                   'Thread Group 1-' || (1 + i % 50) AS threadName, 'text' AS dataType,
                   CASE WHEN i % 100 = 7 THEN 'false' ELSE 'true' END AS success,
                   '' AS failureMessage, 1200 + i % 97 AS bytes, 140 AS sentBytes, 50 AS grpThreads,
                   50 AS allThreads, 'null' AS URL, 10 + i % 40 AS Latency, 0 AS IdleTime, i % 3 AS Connect
            FROM range({rows}) t(i)
        ) TO '{path}' (FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"')""")


def k6(con: object, requests: int, path: Path) -> None:
    """k6 writes ~10 Points per HTTP request; vus every 1000 requests."""
    con.execute(f"""
        COPY (
            WITH r AS (SELECT i, {_labels_sql()}[1 + i % 20] AS name,
                              TIMESTAMPTZ '2026-11-28 10:00:00+00' + to_microseconds(i * 2000) AS t,
                              CASE WHEN i % 100 = 7 THEN '500' ELSE '200' END AS status
                       FROM range({requests}) t(i)),
                 m AS (SELECT unnest(['http_reqs', 'http_req_duration', 'http_req_blocked',
                                      'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending',
                                      'http_req_waiting', 'http_req_receiving', 'http_req_failed',
                                      'data_received']) AS metric)
            SELECT 'Point' AS type,
                   {{'time': strftime(t, '%Y-%m-%dT%H:%M:%S.%f') || '123+00:00',
                    'value': CASE metric WHEN 'http_req_duration' THEN 20 + (hash(i) % 100000) / 97.0
                                         WHEN 'http_req_failed' THEN (status = '500')::INT
                                         ELSE (hash(i + 1) % 1000) / 100.0 END,
                    'tags': {{'expected_response': (status = '200')::VARCHAR, 'group': '', 'method': 'GET',
                             'name': name, 'proto': 'HTTP/1.1', 'scenario': 'default', 'status': status,
                             'url': name}}}} AS data,
                   metric
            FROM r, m
            UNION ALL
            SELECT 'Point', {{'time': strftime(t, '%Y-%m-%dT%H:%M:%S.%f') || '123+00:00',
                             'value': (1 + i // 1000 % 50)::DOUBLE, 'tags': NULL}}, 'vus'
            FROM r WHERE i % 1000 = 0
        ) TO '{path}' (FORMAT json)""")


def main() -> None:
    """Write both files, reporting sizes and generation times."""
    import duckdb

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000, help="JTL rows (default 10M)")
    parser.add_argument("--k6-requests", type=int, default=540_000, help="k6 requests (default 540k, ~1.5 GB)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    con = duckdb.connect(config={"memory_limit": "2GB", "preserve_insertion_order": True})
    for name, write, count in (("jmeter-10m.jtl", jtl, args.rows), ("k6-stream.ndjson", k6, args.k6_requests)):
        start = time.perf_counter()
        write(con, count, DATA / name)
        size = (DATA / name).stat().st_size
        print(f"{name}: {size / 1e9:.2f} GB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
