"""Scoring many evidence files: the whole `score` against just reading the same files, at two sizes.

Run: .venv/bin/python bench/score_bench.py [--files 100 400] [--suites 40]
Generates folders of JUnit files (each with --suites suites of 3 cases, so ~280 labelled facts per
file) under bench/data/, then times in separate processes (best of 3): reading every file (the
evidence stage alone, the baseline) and scoring the folder with the built-in pack. If judging the
checks is linear in the number of files, the cost of each extra file stays constant as files grow.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
READ = ("from pathlib import Path; from readiness.evidence import discover; "
        "discover(Path({folder!r}), 'ev')")
SCORE = [str(Path(sys.executable).parent / "readiness"), "score", "{folder}", "--root", "{folder}", "-q",
         "-o", "{out}", "--now", "2026-11-28T18:00:00Z"]


def generate(folder: Path, files: int, suites: int) -> None:
    """files JUnit files of `suites` suites with 3 passing cases each."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        body = "".join(f'<testsuite name="s{n}-{s}">' + "".join(
            f'<testcase classname="c" name="t{t}" time="0.01"/>' for t in range(3)) + "</testsuite>"
            for s in range(suites))
        (folder / f"junit-{n:04d}.xml").write_text(f"<testsuites>{body}</testsuites>")


def best(argv: list[str], runs: int = 3) -> float:
    """Best wall time of a command over runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Generate, measure, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--suites", type=int, default=40)
    args = parser.parse_args()
    print("| files | read s (baseline) | score s | score / read |\n|---:|---:|---:|---:|")
    rows = []
    for files in args.files:
        folder = HERE / "data" / f"score-{files}"
        generate(folder, files, args.suites)
        read = best([sys.executable, "-c", READ.format(folder=str(folder))])
        score = best([a.format(folder=folder, out=folder.parent / f"score-{files}.json") for a in SCORE])
        print(f"| {files} | {read:.2f} | {score:.2f} | {score / read:.2f} |", flush=True)
        rows.append((files, read, score))
    for (f1, r1, s1), (f2, r2, s2) in zip(rows, rows[1:], strict=False):
        # Start-up (imports) is in both totals; the cost of each extra file shows whether judging is linear.
        print(f"\n{f1} -> {f2} files: each extra file costs {(s2 - s1) / (f2 - f1) * 1000:.1f} ms to score "
              f"and {(r2 - r1) / (f2 - f1) * 1000:.2f} ms to read")


if __name__ == "__main__":
    main()
