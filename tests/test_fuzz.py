"""The fuzz harness (fuzz/): every crash input it found stays fixed, and a seconds-long run finds nothing new.

The long runs (minutes per target) are documented in fuzz/README.md; these keep `make test` quick.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CRASHES = sorted(p for p in (ROOT / "tests" / "fixtures" / "fuzz").rglob("*") if p.is_file() and p.suffix != ".md")
sys.path.insert(0, str(ROOT / "fuzz"))
import targets  # noqa: E402 (fuzz/ is a folder of scripts, not a package)


def test_every_family_has_a_target_and_every_crash_a_known_target() -> None:
    assert targets.targets()[:-2] == targets.families()
    assert {p.parent.name for p in CRASHES} <= set(targets.targets())


@pytest.mark.parametrize("crash", CRASHES, ids=[p.relative_to(ROOT / "tests" / "fixtures" / "fuzz").as_posix()
                                                for p in CRASHES])
def test_a_crash_input_found_by_fuzzing_is_handled(crash: Path) -> None:
    targets.run(crash.parent.name, crash.read_bytes())  # raised before its fix; see its README


def test_a_short_fuzz_run_of_every_target_finds_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris 3.0.0 has wheels for Python 3.11 only (pip install -e '.[fuzz]')")
    assert targets.seed("all", tmp_path / "seeds") > 100
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "harness.py"), "all", "-max_total_time=10", "-timeout=20",
         "-print_final_stats=1", f"-artifact_prefix={tmp_path}/", str(tmp_path / "seeds")],
        capture_output=True, text=True, timeout=600, check=False)
    report = "\n".join(line for line in done.stderr.splitlines() if not line.startswith(("INFO:", "#")))
    assert done.returncode == 0, report[-4000:]
    runs = int(next(line for line in done.stderr.splitlines() if "number_of_executed_units" in line).split()[-1])
    assert runs > 100
    assert list(tmp_path.glob("crash-*")) == []
