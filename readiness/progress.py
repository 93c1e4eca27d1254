"""Progress bars on stderr while reading big evidence files, and while reading or judging many; silent
unless stderr is a terminal."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from readiness import interrupts

# Files smaller than this finish too fast for a bar to help.
MIN_BYTES = 100 * 1024 * 1024
_WIDTH = 30
_INTERVAL_S = 0.2
# A stage over many files or checks shows its bar only once it has run this long: quick runs stay quiet.
STAGE_DELAY_S = 1.0
_erased = [0]  # bars erased so far: a stage bar redraws itself after a file's own bar wiped the line
_silenced = [False]


def silence() -> None:
    """No bar for the rest of the process (`score --quiet` promises to print nothing)."""
    _silenced[0] = True


class Progress:
    """A one-line bar redrawn in place: `label [#####.....]  42%`. Does nothing when disabled."""

    def __init__(self, label: str, enabled: bool, stream: IO[str] | None = None, delay_s: float = 0.0) -> None:
        self.label = label
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self._last = -1
        self._shown_after = time.monotonic() + delay_s
        self._erased = _erased[0]

    def update(self, fraction: float) -> None:
        """Show `fraction` (0-1) done; redraws only when the whole percent changes (or another bar erased
        the line), and not before the bar's delay has passed."""
        if not self.enabled or (self._last < 0 and time.monotonic() < self._shown_after):
            return
        percent = max(0, min(100, int(fraction * 100)))
        if percent == self._last and self._erased == _erased[0]:
            return
        self._last, self._erased = percent, _erased[0]
        filled = _WIDTH * percent // 100
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        self.stream.flush()
        interrupts.line_open(True)

    def close(self) -> None:
        """Erase the bar so later output starts on a clean line."""
        if self.enabled and self._last >= 0:
            self.stream.write("\r" + " " * (len(self.label) + _WIDTH + 8) + "\r")
            self.stream.flush()
            interrupts.line_open(False)
            _erased[0] += 1


def _terminal(stream: IO[str]) -> bool:
    """Bars are drawn only on a terminal, and never after silence()."""
    try:
        return not _silenced[0] and stream.isatty()
    except (OSError, ValueError):
        return False


def wanted(path: Path, stream: IO[str] | None = None) -> bool:
    """A bar is shown for files of at least MIN_BYTES, and only when the stream is a terminal."""
    if not _terminal(stream if stream is not None else sys.stderr):
        return False
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def for_file(path: Path, stream: IO[str] | None = None) -> Progress:
    """A Progress for reading `path`, enabled only when `wanted`."""
    from readiness import textsafe

    return Progress(f"reading {textsafe.terminal(path.name)}", wanted(path, stream), stream)


def for_stage(label: str, stream: IO[str] | None = None) -> Progress:
    """A Progress for a stage over many items (`reading 5,000 evidence files`): on a terminal only, and
    drawn only once the stage has taken STAGE_DELAY_S."""
    target = stream if stream is not None else sys.stderr
    return Progress(label, _terminal(target), target, delay_s=STAGE_DELAY_S)


@contextmanager
def polling(progress: Progress, fraction: Callable[[], float | None]) -> Iterator[None]:
    """While the block runs, a daemon thread asks `fraction()` (e.g. DuckDB's query_progress) and draws it."""
    if not progress.enabled:
        yield
        return
    done = threading.Event()

    def loop() -> None:
        while not done.wait(_INTERVAL_S):
            try:
                value = fraction()
            except Exception:  # a progress probe must never break the parse
                continue
            if value is not None and value >= 0:
                progress.update(value)

    thread = threading.Thread(target=loop, name="readiness-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        progress.close()


class TrackedReader:
    """A binary file wrapper that reports how far reading has got, for parsers that pull bytes."""

    def __init__(self, raw: IO[bytes], size: int, progress: Progress) -> None:
        self._raw = raw
        self._size = max(size, 1)
        self._progress = progress
        self._read = 0

    def read(self, n: int = -1) -> bytes:
        """Read like the wrapped file, updating the bar."""
        data = self._raw.read(n)
        self._read += len(data)
        self._progress.update(self._read / self._size)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def duckdb_fraction(con: Any) -> Callable[[], float | None]:
    """A probe reading DuckDB's own progress (percent, or -1 when unknown) as a 0-1 fraction."""

    def probe() -> float | None:
        value = con.query_progress()
        return None if value is None or value < 0 else value / 100.0

    return probe
