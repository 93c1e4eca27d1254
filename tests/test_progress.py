"""The progress bar: drawn only for big files on a terminal, erased at the end, never breaking a parse."""

from __future__ import annotations

import io
import time
from pathlib import Path

from readiness import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def big_file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "big.jtl"
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: no real disk use
    return path


def test_silent_when_not_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    bar = progress.for_file(big_file(tmp_path, progress.MIN_BYTES), stream)
    bar.update(0.5)
    bar.close()
    assert not bar.enabled and stream.getvalue() == ""


def test_silent_for_small_files_even_on_a_terminal(tmp_path: Path) -> None:
    stream = Terminal()
    assert not progress.for_file(big_file(tmp_path, progress.MIN_BYTES - 1), stream).enabled


def test_draws_and_erases_on_a_terminal(tmp_path: Path) -> None:
    stream = Terminal()
    bar = progress.for_file(big_file(tmp_path, progress.MIN_BYTES), stream)
    bar.update(0.42)
    bar.update(0.421)  # same whole percent: no redraw
    bar.close()
    text = stream.getvalue()
    assert text.count("42%") == 1 and "reading big.jtl [" in text
    assert text.endswith("\r")


def test_tracked_reader_reports_fraction_read(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 1000)
    stream = Terminal()
    bar = progress.Progress("r", True, stream)
    with path.open("rb") as raw:
        reader = progress.TrackedReader(raw, 1000, bar)
        assert reader.read(500) == b"x" * 500
        assert reader.tell() == 500  # other attributes pass through
    assert "50%" in stream.getvalue()


def test_polling_draws_from_the_probe_and_survives_errors() -> None:
    stream = Terminal()
    bar = progress.Progress("q", True, stream)
    calls = []

    def probe() -> float:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("probe failed")
        return 0.75

    with progress.polling(bar, probe):
        time.sleep(0.7)
    assert "75%" in stream.getvalue() and len(calls) >= 2


def test_polling_does_nothing_when_disabled() -> None:
    bar = progress.Progress("q", False, Terminal())
    with progress.polling(bar, lambda: 1 / 0):
        pass
    assert bar.stream.getvalue() == ""


def test_label_shows_control_characters_in_the_file_name(tmp_path: Path) -> None:
    """The bar is drawn on the terminal, so a file name cannot move the cursor or colour it."""
    bar = progress.for_file(tmp_path / "x\x1b[2J\r\u202ey.jtl", Terminal())
    assert bar.label == "reading x\\x1b[2J\\r\\u202ey.jtl"
