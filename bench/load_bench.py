"""Times readiness's raw load-stream adapters against exact alternatives on the files of load_generate.py.

Every contender is a whole process doing the same work: exact p50/p90/p95/p99 (linear interpolation),
count, failures, mean and max overall and per label, plus the sha256 of the file (readiness's evidence
stage hashes every file). Wall time and peak RSS (wait4) per process; ratios against the fastest
alternative in the same run. Usage: .venv/bin/python bench/load_bench.py [--repeat N] [--only jtl|k6]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QS = "[0.5, 0.9, 0.95, 0.99]"

SHA_SEQ = """
import hashlib
def sha(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
"""
# The same hash on a second core while the parse runs (hashlib releases the GIL on big updates).
SHA_THREAD = SHA_SEQ + """
import threading
_box = {}
_t = threading.Thread(target=lambda: _box.setdefault('sha', sha(PATH)))
_t.start()
def sha_done():
    _t.join()
    return _box['sha']
"""

READINESS = """
from pathlib import Path
from readiness.adapters import {module}
parsed = {module}.parse(Path(PATH))
assert parsed.facts['load.requests'] > 0
"""

DUCKDB_JTL = f"""
import duckdb
con = duckdb.connect(config={{'memory_limit': '700MB'}})
rows = con.sql(f\"\"\"SELECT label, count(*), count(*) FILTER (WHERE NOT success), avg(elapsed), max(elapsed),
    quantile_cont(elapsed, {QS}), min(timeStamp), max(timeStamp + elapsed), max(allThreads)
    FROM read_csv('{{PATH}}', header = true, quote = '"', escape = '"')
    GROUP BY GROUPING SETS ((label), ())\"\"\").fetchall()
"""
POLARS_JTL = f"""
import polars as pl
df = pl.read_csv(PATH, columns=['timeStamp', 'elapsed', 'label', 'success', 'allThreads'])
aggs = [pl.len().alias('n'), (~pl.col('success')).sum().alias('f'), pl.col('elapsed').mean().alias('mean'),
        pl.col('elapsed').max().alias('max'), pl.col('timeStamp').min().alias('t0'),
        *[pl.col('elapsed').quantile(q, 'linear').alias(str(q)) for q in {QS}]]
per_label = df.group_by('label').agg(aggs)
total = df.select(aggs)
"""
PANDAS_JTL = f"""
import pandas as pd
df = pd.read_csv(PATH, engine='pyarrow', usecols=['timeStamp', 'elapsed', 'label', 'success', 'allThreads'])
g = df.groupby('label')['elapsed']
per_label = g.quantile({QS}), g.agg(['count', 'mean', 'max']), (~df['success']).groupby(df['label']).sum()
total = df['elapsed'].quantile({QS}), df['elapsed'].agg(['count', 'mean', 'max']), (~df['success']).sum()
"""
DUCKDB_K6 = f"""
import duckdb
con = duckdb.connect(config={{'memory_limit': '700MB'}})
rows = con.sql(f\"\"\"SELECT metric, data.tags.name AS label, count(*), avg(data.value), max(data.value),
    quantile_cont(data.value, {QS}) FILTER (WHERE metric = 'http_req_duration'),
    min(data.time::TIMESTAMPTZ), max(data.time::TIMESTAMPTZ)
    FROM read_ndjson('{{PATH}}') WHERE type = 'Point'
    GROUP BY GROUPING SETS ((metric, label), (metric))\"\"\").fetchall()
"""
ORJSON_K6 = """
import orjson
from collections import defaultdict
durations = defaultdict(list)
failed = defaultdict(int)
with open(PATH, 'rb') as f:
    for line in f:
        o = orjson.loads(line)
        if o['type'] != 'Point':
            continue
        m = o['metric']
        if m == 'http_req_duration':
            durations[o['data']['tags']['name']].append(o['data']['value'])
        elif m == 'http_req_failed':
            failed[o['data']['tags']['name']] += o['data']['value']
def q(v, p):
    h = (len(v) - 1) * p
    lo = int(h)
    return v[lo] + (v[min(lo + 1, len(v) - 1)] - v[lo]) * (h - lo)
everything = sorted(x for v in durations.values() for x in v)
stats = {k: [q(sorted(v), p) for p in (0.5, 0.9, 0.95, 0.99)] for k, v in durations.items()}
total = [q(everything, p) for p in (0.5, 0.9, 0.95, 0.99)]
"""


def script(body: str, path: Path, concurrent: bool) -> str:
    """A whole-process script: the hash (sequential or on a thread) plus the contender's work."""
    head = f"PATH = {str(path)!r}\n" + (SHA_THREAD if concurrent else SHA_SEQ)
    tail = "\nprint(sha_done())\n" if concurrent else "\nprint(sha(PATH))\n"
    return head + body + tail


class Failed(Exception):
    """A contender exited non-zero; the message is the last line of its stderr."""


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    # stderr is read only after exit: contenders print little, and DuckDB's bar is off without a tty.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise Failed((err.strip().splitlines() or ["?"])[-1][:160])
    return wall, usage.ru_maxrss / 1024


def contenders(kind: str, path: Path) -> dict[str, tuple[list[str], bool]]:
    """name -> (argv, is_alternative)."""
    module = "jmeter_jtl" if kind == "jtl" else "k6_ndjson"
    ours = READINESS.format(module=module)
    out = {
        "cat > /dev/null": (["sh", "-c", f"cat '{path}' > /dev/null"], False),
        "readiness inspect (the command, as users run it)":
            ([str(Path(PY).parent / "readiness"), "inspect", str(path), "--format", "json"], False),
        "readiness adapter parse + sha256 after": ([PY, "-c", script(ours, path, False)], False),
        "readiness adapter parse + sha256 on a thread": ([PY, "-c", script(ours, path, True)], False),
    }
    alternatives = {"jtl": {"DuckDB": DUCKDB_JTL, "polars": POLARS_JTL, "pandas+pyarrow": PANDAS_JTL},
                    "k6": {"DuckDB": DUCKDB_K6, "orjson line loop": ORJSON_K6}}[kind]
    for name, body in alternatives.items():
        out[f"{name} (sha256 after)"] = ([PY, "-c", script(body, path, False)], True)
    out["DuckDB (sha256 on a thread)"] = ([PY, "-c", script(alternatives["DuckDB"], path, True)], True)
    return out


def run(kind: str, path: Path, repeat: int) -> list[str]:
    """Markdown table rows for one file: best-of-N wall time, peak RSS, ratio to the fastest alternative."""
    results: dict[str, tuple[float, float, bool]] = {}
    failures: dict[str, str] = {}
    for name, (argv, alternative) in contenders(kind, path).items():
        try:
            best = min((measure(argv) for _ in range(repeat)), key=lambda r: r[0])
        except Failed as exc:
            failures[name] = str(exc)
            print(f"  {name}: failed: {exc}", file=sys.stderr)
            continue
        results[name] = (best[0], best[1], alternative)
        print(f"  {name}: {best[0]:.2f} s, {best[1]:.0f} MB", file=sys.stderr)
    fastest = min(wall for wall, _, alternative in results.values() if alternative)
    rows = [f"| {path.name} | {name} | {wall:.2f} | {rss:.0f} | {wall / fastest:.2f} |"
            for name, (wall, rss, _) in results.items()]
    rows += [f"| {path.name} | {name} | failed: {why} | | |" for name, why in failures.items()]
    return rows


def verify(path: Path, rows: int = 200_000) -> str:
    """Readiness's engine path on the first `rows` records equals a sorted-list reference, exactly."""
    import csv
    import itertools

    sys.path.insert(0, str(ROOT))
    from readiness.adapters import _loadraw, jmeter_jtl

    sample = DATA / "sample.jtl"
    with path.open(newline="") as src, sample.open("w", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        records = list(itertools.islice(reader, rows + 1))
        writer.writerows(records)
    elapsed = sorted(float(r[1]) for r in records[1:])

    def reference(q: float) -> float:
        h = (len(elapsed) - 1) * q
        lo = int(h)
        return elapsed[lo] + (elapsed[min(lo + 1, len(elapsed) - 1)] - elapsed[lo]) * (h - lo)

    _loadraw.ENGINE_THRESHOLD_BYTES = 0
    facts = jmeter_jtl.parse(sample).facts
    sample.unlink()
    for p in (50, 90, 95, 99):
        assert facts[f"load.p{p}_ms"] == round(reference(p / 100), 3), p
    assert facts["load.requests"] == rows and facts["load.max_ms"] == elapsed[-1]
    return f"exact: p50/p90/p95/p99 of the first {rows} records equal a sorted-list reference"


def main() -> None:
    """Run the benchmark on whatever load_generate.py produced and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=("jtl", "k6"))
    args = parser.parse_args()
    files = {"jtl": DATA / "jmeter-10m.jtl", "k6": DATA / "k6-stream.ndjson"}
    print("| file | contender | wall s | peak RSS MB | x fastest alternative |")
    print("|---|---|---:|---:|---:|")
    for kind, path in files.items():
        if args.only in (None, kind):
            if not path.is_file():
                raise SystemExit(f"{path} missing: run bench/load_generate.py first")
            for row in run(kind, path, args.repeat):
                print(row, flush=True)
    if args.only in (None, "jtl"):
        print("\n" + verify(files["jtl"]))


if __name__ == "__main__":
    main()
