"""JUnit big-file bench: readiness vs a bare streaming lxml iterparse, each in its own process.

Run: .venv/bin/python bench/junit_bench.py [--cases 200000] [--runs 3] [--with-junitparser]
Generates bench/data/junit-<cases>.xml (git-ignored), then runs every contender `--runs` times as a
separate process, reading wall time and peak RSS from os.wait4, and prints a Markdown table. Each
child also reports its own parse time (after imports), so interpreter and pydantic start-up can be
told apart from parsing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from junit_generate import expected_counts, generate  # noqa: E402

BASELINE = r"""
import json, sys, time
from lxml import etree
start = time.perf_counter()
counts = {"total": 0, "failed": 0, "errors": 0, "skipped": 0}
for _, element in etree.iterparse(sys.argv[1], events=("end",), tag="testcase", resolve_entities=False,
                                  no_network=True, load_dtd=False, huge_tree=True):
    counts["total"] += 1
    tags = {child.tag for child in element}
    if "error" in tags:
        counts["errors"] += 1
    elif "failure" in tags:
        counts["failed"] += 1
    elif "skipped" in tags:
        counts["skipped"] += 1
    element.clear(keep_tail=False)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]
counts["passed"] = counts["total"] - counts["failed"] - counts["errors"] - counts["skipped"]
print(json.dumps({"parse_s": time.perf_counter() - start, "counts": counts}))
"""

READINESS = r"""
import json, sys, time
from pathlib import Path
from readiness.adapters import junit
start = time.perf_counter()
facts = junit.parse(Path(sys.argv[1])).facts
counts = {key: facts["tests." + key] for key in ("total", "passed", "failed", "errors", "skipped")}
print(json.dumps({"parse_s": time.perf_counter() - start, "counts": counts}))
"""

JUNITPARSER = r"""
import json, sys, time
from defusedxml import ElementTree
from junitparser import JUnitXml
start = time.perf_counter()
xml = JUnitXml.fromfile(sys.argv[1], parse_func=lambda f: ElementTree.parse(f, forbid_entities=True))
counts = {"total": 0, "failed": 0, "errors": 0, "skipped": 0}
for case in xml._elem.iter("testcase"):
    tags = {child.tag for child in case}
    counts["total"] += 1
    key = "errors" if "error" in tags else "failed" if "failure" in tags else "skipped" if "skipped" in tags else None
    if key:
        counts[key] += 1
counts["passed"] = counts["total"] - counts["failed"] - counts["errors"] - counts["skipped"]
print(json.dumps({"parse_s": time.perf_counter() - start, "counts": counts}))
"""


def _run(code: str, path: Path) -> tuple[float, int, dict[str, object]]:
    """(wall seconds, peak RSS in KiB, the child's JSON line) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                             cwd=HERE.parent, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"child failed with exit code {child.returncode}")
    return wall, usage.ru_maxrss, json.loads(output)


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import lxml.etree

    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, lxml "
            f"{lxml.etree.__version__}, load average {load:.2f} at start")


def main() -> None:
    """Generate the file, run each contender, print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--with-junitparser", action="store_true", help="also time a full junitparser parse")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    path = data / f"junit-{args.cases}.xml"
    if not path.exists():
        generate(path, args.cases)
    expected = expected_counts(args.cases)
    contenders = [("baseline: lxml iterparse, clearing", BASELINE), ("readiness junit.parse", READINESS)]
    if args.with_junitparser:
        contenders.append(("junitparser + defusedxml, full tree", JUNITPARSER))
    print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {args.cases} test cases; {_machine()}\n")
    rows: dict[str, list[tuple[float, float, int]]] = {}
    for _ in range(args.runs):  # interleaved so load changes hit every contender alike
        for name, code in contenders:
            wall, rss, report = _run(code, path)
            if report["counts"] != expected:
                raise SystemExit(f"{name} counted {report['counts']}, expected {expected}")
            rows.setdefault(name, []).append((wall, float(str(report["parse_s"])), rss))
    base_wall = statistics.median(r[0] for r in rows[contenders[0][0]])
    base_parse = statistics.median(r[1] for r in rows[contenders[0][0]])
    print("| contender | wall s (median) | x baseline | parse s (median) | x baseline | MB/s (parse) | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, results in rows.items():
        wall = statistics.median(r[0] for r in results)
        parse_s = statistics.median(r[1] for r in results)
        rss_mb = max(r[2] for r in results) / 1024
        print(f"| {name} | {wall:.2f} | {wall / base_wall:.2f} | {parse_s:.2f} | {parse_s / base_parse:.2f} "
              f"| {path.stat().st_size / 1e6 / parse_s:.0f} | {rss_mb:.0f} |")
    print(f"\ncounts (all contenders identical): {expected}")


if __name__ == "__main__":
    main()
