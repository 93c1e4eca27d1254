"""Scoring many evidence files: the whole `score` against two baselines measured in the same run.

Run: .venv/bin/python bench/score_bench.py [--files 1000 5000] [--suites 40] [--repeat 3] [--surefire]
Generates folders of small JUnit files (each with --suites suites of 3 cases, so ~280 labelled facts
per file) under bench/data/, then times each contender as a whole process, best of --repeat, wall
time and CPU time (user + system, from wait4; steadier than wall time when other processes share the
cores):
- lxml: a bare Python script that hashes (sha256) and parses each file with lxml (the baseline);
- adapter: readiness's JUnit adapter alone on every file (the floor of any score of these files);
- read: readiness's evidence stage alone (discover: hash, sniff, parse, facts);
- score: `readiness score` with the built-in pack, writing the JSON report.
If judging the checks is linear in the number of files, the cost of each extra file stays constant.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from child import run_child  # bench/ is on sys.path when a script here runs

HERE = Path(__file__).resolve().parent
LXML = """
import hashlib, sys
from pathlib import Path
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True)
cases = 0
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.is_file():
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        cases += sum(1 for _ in etree.fromstring(data, parser).iter("testcase"))
print(cases)
"""
READ = ("import sys; from pathlib import Path; from readiness.evidence import discover; "
        "discover(Path(sys.argv[1]), 'ev')")
# readiness's JUnit adapter alone on every file (no hash, no evidence records, no checks): the floor of any
# score of these files, since the adapter's per-test-case work (rerun groups, per-suite and per-path counts)
# is what the bare lxml loop does not do.
ADAPTER = ("import sys; from pathlib import Path; from readiness.adapters import junit\n"
           "for path in sorted(Path(sys.argv[1]).iterdir()): junit.parse(path)")
SCORE = [str(Path(sys.executable).parent / "readiness"), "score", "{folder}", "--root", "{folder}", "-q",
         "-o", "{out}", "--now", "2026-11-28T18:00:00Z"]


def generate(folder: Path, files: int, suites: int) -> None:
    """files JUnit files of `suites` suites with 3 passing cases each (kept when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        target = folder / f"junit-{n:04d}.xml"
        if target.is_file():
            continue
        body = "".join(f'<testsuite name="s{n}-{s}">' + "".join(
            f'<testcase classname="c" name="t{t}" time="0.01"/>' for t in range(3)) + "</testsuite>"
            for s in range(suites))
        target.write_text(f"<testsuites>{body}</testsuites>")


def generate_surefire(folder: Path, files: int) -> None:
    """Maven Surefire's shape: one TEST-<class>.xml per test class, one suite of 8 cases, every file
    stamped with the same start time (one `mvn test`), so every file has the same run identity."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        name = f"com.shop.{('api', 'core', 'db', 'web', 'integration', 'e2e')[n % 6]}.m{n % 97}.Class{n}Test"
        target = folder / f"TEST-{name}.xml"
        if target.is_file():
            continue
        cases = "".join(f'<testcase name="test{c}" classname="{name}" time="0.0{c}"/>' for c in range(8))
        target.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="{name}" tests="8" failures="0" '
                          f'errors="0" skipped="0" time="0.2" timestamp="2026-11-28T10:00:00">{cases}</testsuite>\n')


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    child = run_child(argv)
    return child.wall, child.cpu


def best(argv: list[str], runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time of a command over runs."""
    results = [measure(argv) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results)


def main() -> None:
    """Generate, measure, print a Markdown table and the per-file costs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--suites", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--surefire", action="store_true",
                        help="files shaped like Maven Surefire's (one suite of 8 cases per file, one start time)")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}\n")
    print("| files | lxml hash+parse s (baseline) | adapter s | read s | score s | score / lxml | CPU: lxml s "
          "| adapter s | adapter / lxml | read s | score s | score / lxml |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for files in args.files:
        folder = HERE / "data" / (f"surefire-{files}" if args.surefire else f"score-{files}")
        if args.surefire:
            generate_surefire(folder, files)
        else:
            generate(folder, files, args.suites)
        out = folder.parent / f"{folder.name}.json"
        lxml = best([sys.executable, "-c", LXML, str(folder)], args.repeat)
        adapter = best([sys.executable, "-c", ADAPTER, str(folder)], args.repeat)
        read = best([sys.executable, "-c", READ, str(folder)], args.repeat)
        score = best([a.format(folder=folder, out=out) for a in SCORE], args.repeat)
        print(f"| {files} | {lxml[0]:.2f} | {adapter[0]:.2f} | {read[0]:.2f} | {score[0]:.2f} "
              f"| {score[0] / lxml[0]:.2f} | {lxml[1]:.2f} | {adapter[1]:.2f} | {adapter[1] / lxml[1]:.2f} "
              f"| {read[1]:.2f} | {score[1]:.2f} | {score[1] / lxml[1]:.2f} |", flush=True)
        rows.append((files, lxml, score))
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    for (f1, l1, s1), (f2, l2, s2) in zip(rows, rows[1:], strict=False):
        # Start-up (imports) is in every total; the cost of each extra file shows whether scoring is linear.
        print(f"\n{f1} -> {f2} files, each extra file: score {(s2[1] - s1[1]) / (f2 - f1) * 1000:.2f} ms CPU, "
              f"lxml baseline {(l2[1] - l1[1]) / (f2 - f1) * 1000:.2f} ms CPU "
              f"({(s2[1] - s1[1]) / (l2[1] - l1[1]):.2f}x)")


if __name__ == "__main__":
    main()
