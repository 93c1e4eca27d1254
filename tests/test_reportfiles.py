"""Report files: targets checked before any work, all written or none, each atomically, links replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness import interrupts, reportfiles
from tests.test_cli import NOW, run


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_target_problems_name_each_bad_target(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    problems = reportfiles.target_problems([tmp_path / "ok.md", tmp_path / "folder.md", tmp_path / "none" / "r.md",
                                        tmp_path / "ok.md"])
    assert problems == [
        f"{tmp_path / 'folder.md'} is a folder; name a report file inside it, e.g. {tmp_path / 'folder.md/report.md'}",
        f"cannot write {tmp_path / 'none/r.md'}: folder {tmp_path / 'none'} does not exist",
        f"{tmp_path / 'ok.md'} is named twice as an output",
    ]
    assert reportfiles.target_problems([tmp_path / "a.md", Path("/dev/null")]) == []


def test_read_only_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite runs as root in CI, where every folder is writable: os.access answers as a normal user's would.
    monkeypatch.setattr(reportfiles.os, "access", lambda path, mode: Path(path) != tmp_path)
    assert reportfiles.target_problems([tmp_path / "r.md"]) == [f"cannot write {tmp_path / 'r.md'}: folder "
                                                             f"{tmp_path} is not writable"]


def test_write_all_writes_every_report_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old")
    reportfiles.write_all([(tmp_path / "a.md", "# new\n"), (tmp_path / "b.json", "{}\n")])
    assert (tmp_path / "a.md").read_text() == "# new\n"
    assert (tmp_path / "b.json").read_text() == "{}\n"
    assert _leftovers(tmp_path) == []
    assert oct((tmp_path / "b.json").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failure_writes_none_and_keeps_the_old_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text("old a")
    real = reportfiles._stage
    calls: list[Path] = []

    def failing(path: Path, text: str) -> str:
        calls.append(path)
        if len(calls) == 2:
            raise reportfiles.OutputError(f"cannot write {path}: No space left on device; no report was written")
        return real(path, text)

    monkeypatch.setattr(reportfiles, "_stage", failing)
    with pytest.raises(reportfiles.OutputError, match="No space left on device; no report was written"):
        reportfiles.write_all([(tmp_path / "a.md", "new a"), (tmp_path / "b.md", "new b")])
    assert (tmp_path / "a.md").read_text() == "old a"
    assert not (tmp_path / "b.md").exists()
    assert _leftovers(tmp_path) == []
    assert interrupts._temporary == set()


def test_a_symlink_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "report.md").symlink_to(victim)
    reportfiles.write_all([(tmp_path / "report.md", "# report\n")])
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "report.md").is_symlink()
    assert (tmp_path / "report.md").read_text() == "# report\n"


def test_a_character_device_is_written_directly() -> None:
    reportfiles.write_all([(Path("/dev/null"), "# report\n")])  # no temporary file can be renamed over /dev/null


def test_cli_checks_every_target_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "sub.md").mkdir()
    # The evidence folder does not exist either: the target problems must come first, all of them.
    result = run("score", "no-such-evidence", "-o", "missing/r.md", "-o", "sub.md", "--now", NOW, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("readiness: cannot write the requested reports:\n"
                             "  cannot write missing/r.md: folder missing does not exist\n"
                             "  sub.md is a folder; name a report file inside it, e.g. sub.md/report.md\n")


def test_cli_writes_all_requested_reports_through_a_symlink_safely(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "secret.txt").write_text("do not overwrite")
    (tmp_path / "report.md").symlink_to(tmp_path / "secret.txt")
    result = run("score", "evidence", "-o", "report.md", "-o", "report.json", "-q", "--now", NOW, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret.txt").read_text() == "do not overwrite"
    assert (tmp_path / "report.md").read_text().startswith("#")
    assert (tmp_path / "report.json").read_text().startswith("{")
    assert _leftovers(tmp_path) == []
