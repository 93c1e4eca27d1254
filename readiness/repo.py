"""What git knows about evidence files: the commit time of each tracked, unmodified file's last change."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

_TIMEOUT_S = 20


def _git(folder: Path, *args: str) -> str | None:
    """A git command's output in `folder`, or None when git is absent, fails or the folder is no repository."""
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=_TIMEOUT_S,
                              check=False, encoding="utf-8", errors="surrogateescape")
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return done.stdout if done.returncode == 0 else None


def commit_times(folder: Path) -> dict[str, datetime]:
    """{path relative to folder (posix): the committer time of the last commit that changed it} for
    every file tracked at HEAD and unchanged in the work tree; {} without git or a repository.

    Three git calls whatever the number of files. In a shallow clone the oldest commit present holds
    every file it did not see change, so a depth-1 clone gives each file HEAD's time: reproducible."""
    tracked = _git(folder, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", ".")
    if not tracked:
        return {}
    changed = _git(folder, "diff", "--name-only", "-z", "--relative", "HEAD", "--", ".")
    log = _git(folder, "-c", "core.quotepath=off", "log", "-z", "--format=%x01%ct", "--name-only",
               "--relative", "--no-renames", "HEAD", "--", ".")
    if changed is None or log is None:
        return {}
    wanted = set(tracked.split("\0")) - set(changed.split("\0")) - {""}
    times: dict[str, datetime] = {}
    when: datetime | None = None
    for token in log.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            try:
                when = datetime.fromtimestamp(int(token[1:]), tz=UTC)
            except ValueError:
                when = None
        elif token in wanted and token not in times and when is not None:
            times[token] = when
    return times
