"""The progress bar: drawn only for big files on a terminal, erased at the end, never breaking a parse."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

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


def test_a_stage_bar_waits_for_its_delay_then_draws_and_redraws_after_a_file_bar_erased_the_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Terminal()
    stage = progress.for_stage("reading 3 evidence files", stream)
    stage.update(1 / 3)
    assert stream.getvalue() == ""  # quick stages stay quiet
    real = time.monotonic
    monkeypatch.setattr(progress.time, "monotonic", lambda: real() + progress.STAGE_DELAY_S + 1)
    stage.update(1 / 3)
    assert stream.getvalue().endswith("reading 3 evidence files [" + "#" * 9 + "." * 21 + "]  33%")
    inner = progress.Progress("reading big.jtl", True, stream)
    inner.update(0.5)
    inner.close()  # a big file's own bar wiped the line
    stage.update(1 / 3)  # same percent, drawn again
    assert stream.getvalue().count("evidence files [") == 2
    stage.close()
    assert stream.getvalue().endswith("\r")


def test_a_stage_bar_is_silent_off_a_terminal() -> None:
    stream = io.StringIO()
    stage = progress.for_stage("judging 32 checks", stream)
    assert not stage.enabled


def test_scoring_many_files_on_a_terminal_shows_reading_and_judging(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from readiness.packs import load_packs
    from readiness.scorecard import score_folder

    for n in range(3):
        (tmp_path / f"junit-{n}.xml").write_text('<testsuite name="s"><testcase classname="c" name="t"/></testsuite>')
    stream = Terminal()
    monkeypatch.setattr(progress.sys, "stderr", stream)
    monkeypatch.setattr(progress, "STAGE_DELAY_S", 0.0)
    score_folder(load_packs(["service"]), tmp_path, "ev", tmp_path, ".", now=datetime(2026, 11, 28, tzinfo=UTC),
                 service=None, commit=None)
    shown = stream.getvalue()
    assert "reading 3 evidence files [" in shown and "100%" in shown and "judging " in shown
    assert shown.endswith("\r")  # every bar erased: the report starts on a clean line


def test_score_quiet_draws_no_bar_even_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from readiness import cli

    evidence = tmp_path / "ev"
    evidence.mkdir()
    (evidence / "junit.xml").write_text('<testsuite name="s"><testcase classname="c" name="t"/></testsuite>')
    stream = Terminal()
    monkeypatch.setattr(progress, "STAGE_DELAY_S", 0.0)
    monkeypatch.setattr(progress, "_silenced", [False])
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(sys, "argv", ["readiness", "score", str(evidence), "--root", str(tmp_path), "-q",
                                      "-o", str(tmp_path / "r.json"), "--now", "2026-11-28T12:00:00Z"])
    with pytest.raises(SystemExit):
        cli.main()
    assert (tmp_path / "r.json").is_file() and stream.getvalue() == ""
    monkeypatch.setattr(progress, "_silenced", [False])  # without -q the same run draws its bars
    monkeypatch.setattr(sys, "argv", [a for a in sys.argv if a != "-q"])
    with pytest.raises(SystemExit):
        cli.main()
    assert "reading 1 evidence files [" in stream.getvalue()
