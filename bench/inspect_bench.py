"""Start-up cost of `readiness inspect` on one small JUnit file against importing typer, pydantic and jinja2.

Run: .venv/bin/python bench/inspect_bench.py [--repeat 20]
Both contenders are whole processes, run interleaved; best wall time and best CPU time (user + system,
from wait4) of --repeat runs each. The baseline is what any CLI built on this stack pays before doing
anything: `python -c "import typer, pydantic, jinja2"`. A second reference row is the floor of any typer
command line: a two-command typer app that runs a command taking a list of paths and prints them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from child import run_child  # bench/ is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "tests" / "fixtures" / "tests" / "jest-junit.xml"
# The least any typer command line pays to run one command: typer validates each parameter through a
# pydantic TypeAdapter when the command runs, which `import typer, pydantic` alone does not.
MINIMAL_TYPER_APP = """
from pathlib import Path
from typing import Annotated
import sys
import typer
app = typer.Typer()
@app.command()
def inspect(files: Annotated[list[Path], typer.Argument()],
            fmt: Annotated[str, typer.Option("--format")] = "text") -> None:
    print(files)
@app.command()
def other() -> None:
    pass
sys.argv = ["app", "inspect", sys.argv[1]]
app()
"""
CONTENDERS = {
    "baseline: import typer, pydantic, jinja2": [sys.executable, "-c", "import typer, pydantic, jinja2"],
    "floor: a two-command typer app running `inspect FILE`": [sys.executable, "-c", MINIMAL_TYPER_APP, str(FILE)],
    "readiness inspect (text)": [str(Path(sys.executable).parent / "readiness"), "inspect", str(FILE)],
    "readiness inspect --format json": [str(Path(sys.executable).parent / "readiness"), "inspect", str(FILE),
                                        "--format", "json"],
}


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    child = run_child(argv)
    return child.wall, child.cpu


def main() -> None:
    """Measure interleaved, print a Markdown table of best times and ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}\n")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in CONTENDERS}
    for _ in range(args.repeat):
        for name, argv in CONTENDERS.items():
            runs[name].append(measure(argv))
    best = {name: (min(r[0] for r in rs), min(r[1] for r in rs)) for name, rs in runs.items()}
    base = best[next(iter(CONTENDERS))]
    print("| contender | wall s (best) | x baseline | CPU s (best) | x baseline |\n|---|---:|---:|---:|---:|")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall:.3f} | {wall / base[0]:.2f} | {cpu:.3f} | {cpu / base[1]:.2f} |")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
