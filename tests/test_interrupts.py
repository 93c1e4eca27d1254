"""Ctrl-C and SIGTERM sent to a real readiness process: one line, exit 130 or 143, no report left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness import interrupts
from tests.test_cli import NOW, SCRIPT

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _handlers_installed(pid: int) -> None:
    """Wait until the process catches SIGTERM (Linux /proc): readiness.entry has installed its handlers.
    Before that, only the interpreter's own start-up runs (tens of milliseconds, no readiness code)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.001)
    raise AssertionError("readiness never installed its signal handlers")


def _reading(pid: int, name: str) -> None:
    """Wait until the process has the file `name` open (Linux /proc): it is reading it now."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            links = []
        if any(link.endswith(name) for link in links):
            return
        time.sleep(0.005)
    raise AssertionError(f"readiness never opened {name}")


def _interrupt(args: list[str], delay_s: float, signum: int, cwd: Path,
               reading: str | None = None) -> tuple[int, str, float]:
    """Start readiness, send signum after delay_s (or once it has `reading` open); (exit code, stderr,
    seconds from signal to exit)."""
    # A job started in the background by a shell ignores SIGINT, and children inherit that: reset it,
    # as a terminal's Ctrl-C finds it.
    child = subprocess.Popen([str(SCRIPT), *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _handlers_installed(child.pid)
    if reading:
        _reading(child.pid, reading)
    time.sleep(delay_s)
    assert child.poll() is None, "the run ended before the signal was sent; the test proves nothing"
    sent = time.monotonic()
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    return child.returncode, err, time.monotonic() - sent


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_start_up_is_one_line(tmp_path: Path, signum: int, code: int) -> None:
    (tmp_path / "evidence").mkdir()
    # Right after the handlers are installed, the interpreter is importing typer, pydantic and the adapters.
    result, err, _ = _interrupt(["score", "evidence", "--now", NOW, "-o", "r.md"], 0.0, signum, tmp_path)
    assert (result, err) == (code, "readiness: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_duckdb_parses_a_large_load_file_stops_at_once(tmp_path: Path, signum: int,
                                                                       code: int) -> None:
    import duckdb

    sys.path.insert(0, str(BENCH))
    try:
        import load_generate  # the benchmark's generator: a realistic JMeter CSV JTL
    finally:
        sys.path.remove(str(BENCH))
    (tmp_path / "evidence").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "r.md").write_text("the previous report")
    load_generate.jtl(duckdb.connect(), 2_000_000, tmp_path / "evidence" / "big.jtl")  # ~200 MB, seconds to read
    args = ["score", "evidence", "--now", NOW, "-o", "out/r.md", "-o", "out/r.json"]
    result, err, after = _interrupt(args, 0.2, signum, tmp_path, reading="big.jtl")
    assert (result, err) == (code, "readiness: interrupted\n")
    assert after < 5, f"the run went on {after:.1f} s after the signal"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.md"]
    assert (tmp_path / "out" / "r.md").read_text() == "the previous report"


def test_stop_removes_tracked_temporary_files_and_exits_128_plus_the_signal(tmp_path: Path) -> None:
    script = f"""
import os, signal
from readiness import interrupts
for name in ("a.tmp", "b.tmp"):
    open(os.path.join({str(tmp_path)!r}, name), "w").close()
    interrupts.track(os.path.join({str(tmp_path)!r}, name))
interrupts.untrack(os.path.join({str(tmp_path)!r}, "b.tmp"))
interrupts.install()
with interrupts.deferred():
    os.kill(os.getpid(), signal.SIGTERM)
    print("finished the deferred block", flush=True)
print("never printed")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (143, "finished the deferred block\n",
                                                           interrupts.MESSAGE.decode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.tmp"]


def test_the_message_starts_its_own_line_after_a_progress_bar() -> None:
    script = """
import os, signal, time
from readiness import interrupts, progress
interrupts.install()
bar = progress.Progress("reading big.jtl", True)
bar.update(0.5)
os.kill(os.getpid(), signal.SIGINT)
time.sleep(30)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 130
    assert done.stderr == b"\rreading big.jtl [" + b"#" * 15 + b"." * 15 + b"]  50%\nreadiness: interrupted\n"
