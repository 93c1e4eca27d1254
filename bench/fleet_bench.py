"""The fleet view on many reports: `readiness fleet` against a bare read-and-parse of the same files.

Run: .venv/bin/python bench/fleet_bench.py [--reports 5000] [--repeat 3]
Scores the demo evidence once for a real report (~90 KB), writes --reports variants of it (service,
totals, category scores and gate varied) under bench/data/fleet/, then runs each contender as its own
process, best wall time of --repeat, peak RSS from os.wait4:
- baseline: Python reading every file and parsing it with orjson (the least any reader must do);
- readiness fleet DIR -f json, and -f html (the heat map), as users run them.
Targets (issue: fleet at scale): 5,000 reports in under 10 s and under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from child import run_child  # bench/ is on sys.path when a script here runs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
READINESS = str(Path(sys.executable).parent / "readiness")
BASELINE = ("import orjson, os, sys\n"
            "n = 0\n"
            "for d, _, fs in os.walk(sys.argv[1]):\n"
            "    for f in fs:\n"
            "        with open(os.path.join(d, f), 'rb') as h:\n"
            "            doc = orjson.loads(h.read())\n"
            "        n += doc['total'] >= 0\n"
            "print(n)\n")


def generate(folder: Path, count: int) -> int:
    """count report variants of one real report; returns the template's size in bytes."""
    template = HERE / "data" / "fleet-template.json"
    template.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([READINESS, "score", str(ROOT / "evidence"), "--root", str(ROOT / "examples" / "shop"),
                    "--service", "shop", "--now", "2026-11-28T18:00:00Z", "-q", "-o", str(template)], check=True)
    base = json.loads(template.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(7)
    for n in range(count):
        doc = dict(base)
        doc["service"] = f"service-{n:05d}"
        doc["categories"] = [{**c, "score": None if c["score"] is None else round(rng.uniform(0, 10), 1)}
                             for c in base["categories"]]
        doc["total"] = round(rng.uniform(0, 100), 1)
        doc["gate"] = {**base["gate"], "configured": True, "passed": rng.random() > 0.2}
        sub = folder / f"team-{n % 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{doc['service']}.json").write_text(json.dumps(doc, indent=2))
    return template.stat().st_size


def measure(argv: list[str], repeat: int) -> tuple[float, float]:
    """Best wall seconds and the largest peak RSS (MB) of a command over repeat runs."""
    runs = [run_child(argv) for _ in range(repeat)]
    return min(r.wall for r in runs), max(r.rss_mb for r in runs)


def main() -> None:
    """Generate, measure, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = HERE / "data" / "fleet"
    size = generate(folder, args.reports)
    total_mb = sum(p.stat().st_size for p in folder.rglob("*.json")) / 1e6
    print(f"{args.reports} reports of ~{size / 1024:.0f} KB ({total_mb:.0f} MB in all); "
          f"load average {os.getloadavg()[0]:.2f} at start\n")
    rows = [("baseline: read + orjson.loads every file", [sys.executable, "-c", BASELINE, str(folder)]),
            ("readiness fleet -f json", [READINESS, "fleet", str(folder), "-f", "json", "-o", os.devnull]),
            ("readiness fleet -f html", [READINESS, "fleet", str(folder), "-f", "html", "-o", os.devnull])]
    print("| contender | wall s | x baseline | peak RSS MB |\n|---|---:|---:|---:|")
    base = None
    for name, argv in rows:
        wall, rss = measure(argv, args.repeat)
        base = base or wall
        print(f"| {name} | {wall:.2f} | {wall / base:.2f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()
