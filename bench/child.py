"""Timing one benchmark contender as its own process: wall seconds, CPU seconds and peak RSS from wait4."""

from __future__ import annotations

import os
import subprocess
import time
from typing import NamedTuple


class Child(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mb: float  # peak resident memory


def run_child(argv: list[str]) -> Child:
    """Run argv with stdout discarded; SystemExit naming the command when it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[:3]} failed with {os.waitstatus_to_exitcode(status)}")
    return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
