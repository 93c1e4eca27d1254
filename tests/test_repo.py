"""Evidence times from git: tracked files use their last commit's time, so every clone scores alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness.evidence import discover
from readiness.repo import commit_times

SCRIPT = Path(sys.executable).parent / "readiness"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIRST, SECOND = "2026-11-20T08:00:00+00:00", "2026-11-25T09:30:00+00:00"
NO_TIME = '<testsuite name="s"><testcase name="a" time="0.5"/></testsuite>'

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(where: Path, *args: str, date: str = FIRST) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=where, env=env, check=True, capture_output=True)


@pytest.fixture()
def origin(tmp_path: Path) -> Path:
    """A repository: evidence/old.xml committed at FIRST, evidence/new.xml (no time inside) at SECOND,
    plus files with a time in their content (real coverage.py output)."""
    repo = tmp_path / "origin"
    (repo / "evidence").mkdir(parents=True)
    (repo / "evidence" / "old.xml").write_text(NO_TIME)
    shutil.copy(FIXTURES / "runs" / "coveragepy" / "coverage.json", repo / "evidence" / "coverage.json")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    (repo / "evidence" / "new.xml").write_text(NO_TIME.replace('"a"', '"b"'))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second", date=SECOND)
    return repo


def test_tracked_files_take_the_time_of_their_last_commit(origin: Path) -> None:
    times = commit_times(origin / "evidence")
    assert times == {"old.xml": datetime.fromisoformat(FIRST), "new.xml": datetime.fromisoformat(SECOND),
                     "coverage.json": datetime.fromisoformat(FIRST)}


def test_untracked_and_modified_files_fall_back_to_the_mtime(origin: Path) -> None:
    folder = origin / "evidence"
    (folder / "fresh.xml").write_text(NO_TIME)  # CI output written after checkout
    (folder / "old.xml").write_text(NO_TIME.replace('"a"', '"c"'))  # changed since the commit
    records = {r.path: r for r in discover(folder, "evidence")}
    assert records["evidence/fresh.xml"].time_source == "mtime"
    assert records["evidence/old.xml"].time_source == "mtime"
    assert records["evidence/new.xml"].time_source == "git"
    assert records["evidence/new.xml"].evidence_time == records["evidence/new.xml"].modified_at \
        == datetime.fromisoformat(SECOND)
    assert records["evidence/coverage.json"].time_source == "content"


def test_without_git_or_a_repository_nothing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "junit.xml").write_text(NO_TIME)
    assert commit_times(tmp_path) == {}
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-dir"))
    [record] = discover(tmp_path, "ev")
    assert record.time_source == "mtime" and record.status == "parsed"


def test_a_shallow_clone_gives_every_file_heads_time(origin: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
    times = commit_times(shallow / "evidence")
    assert set(times.values()) == {datetime.fromisoformat(SECOND)}


@pytest.mark.parametrize("depth", [None, "1"])
def test_two_clones_give_byte_identical_reports(origin: Path, tmp_path: Path, depth: str | None) -> None:
    outputs = []
    for number, stamp in enumerate((1_600_000_000, 1_800_000_000)):
        clone = tmp_path / f"clone-{number}-{stamp}"
        git(tmp_path, "clone", "-q", *(["--depth", depth] if depth else []), f"file://{origin}", str(clone))
        for path in clone.rglob("*"):
            if ".git" not in path.parts:
                os.utime(path, (stamp, stamp))
        env = {k: v for k, v in os.environ.items() if k not in (
            "GITHUB_SHA", "SOURCE_DATE_EPOCH", "READINESS_SERVICE", "GITHUB_REPOSITORY", "CI_PROJECT_PATH",
            "BUILD_REPOSITORY_NAME")}
        # No --service: the default must not be the clone folder's name either.
        done = subprocess.run([str(SCRIPT), "score", "evidence", "--now", "2026-12-01T00:00:00Z",
                               "-o", "r.json", "-o", "r.md", "-o", "r.html", "-q"],
                              cwd=clone, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append([(clone / name).read_bytes() for name in ("r.json", "r.md", "r.html")])
    assert outputs[0] == outputs[1]
    report = outputs[0][0].decode()
    assert "clone-" not in report and str(tmp_path) not in report
    assert '"service": "origin"' in report  # the repository's name, from the clones' remote
    assert '"time_source": "git"' in report and '"time_source": "mtime"' not in report
    assert datetime.fromisoformat(SECOND).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") in report
