"""Ctrl-C and SIGTERM: one line on stderr, exit 130 or 143, no traceback, no partial report.

The command line runs in a worker thread (readiness.entry), so the main thread is always free to
take a signal, even while DuckDB or a C parser holds the worker for minutes. The handler removes
the temporary files of reports being written and leaves with os._exit: nothing half-done survives.
Report renames run inside `deferred()`, so a signal that lands among them waits the microseconds it
takes to finish them; requested reports are then all written, never some.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

MESSAGE = b"readiness: interrupted\n"
_lock = threading.Lock()
_temporary: set[str] = set()
_deferring = 0
_pending: list[int] = []
_line_open = [False]  # a progress bar is drawn on stderr without its newline


def install() -> None:
    """Take SIGINT and SIGTERM (main thread only); a signal ends the run at once."""
    signal.signal(signal.SIGINT, _handle)
    signal.signal(signal.SIGTERM, _handle)


def _handle(signum: int, frame: FrameType | None) -> None:
    with _lock:
        if _deferring:
            _pending.append(signum)
            return
    stop(signum)


def stop(signum: int) -> None:
    """Remove tracked temporary files, say so in one line and exit 128 + the signal number."""
    with _lock:
        for name in list(_temporary):
            with suppress(OSError):
                os.unlink(name)
    with suppress(OSError):
        os.write(2, (b"\n" if _line_open[0] else b"") + MESSAGE)
    os._exit(128 + signum)


def line_open(value: bool) -> None:
    """Say whether stderr's last line is unfinished (a progress bar), so the message starts a new one."""
    _line_open[0] = value


def track(name: str) -> None:
    """Remember a temporary file to remove if the run is interrupted."""
    with _lock:
        _temporary.add(name)


def untrack(name: str) -> None:
    """Forget a temporary file (renamed into place or removed)."""
    with _lock:
        _temporary.discard(name)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal until the block ends (for a few renames), then act on it."""
    global _deferring
    with _lock:
        _deferring += 1
    try:
        yield
    finally:
        with _lock:
            _deferring -= 1
            signum = _pending[0] if _pending and not _deferring else None
        if signum is not None:
            stop(signum)
