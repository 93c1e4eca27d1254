"""Run every benchmark in bench/ in one go: generate the inputs, measure, print the tables.

Usage: .venv/bin/python bench/run_all.py   (make bench; needs the bench extras: pip install -e '.[bench]')
Big inputs go to bench/data/ (git-ignored, ~2.6 GB); delete it afterwards.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = [
    ["junit_bench.py", "--runs", "3", "--with-junitparser"],
    ["load_generate.py"],
    ["load_bench.py", "--repeat", "3"],
    ["score_bench.py", "--files", "1000", "5000", "--repeat", "3"],
    ["inspect_bench.py", "--repeat", "20"],
    ["fleet_bench.py", "--reports", "5000", "--repeat", "3"],
]


def main() -> int:
    """Run each step with this interpreter; stop at the first failure."""
    for step in STEPS:
        print(f"\n$ {Path(sys.executable).name} bench/{' '.join(step)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / step[0]), *step[1:]], check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
