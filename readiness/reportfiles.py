"""Report files: every -o target checked before any work, then all written or none, each atomically.

Every output format goes through `write_all`: its text is written to a temporary file in the target's
folder, flushed to disk, and renamed over the target only once every report has been written that
way. A failure removes the temporary files and leaves every existing report as it was; an interrupted
run (readiness.interrupts) does the same. A symbolic link at a target is replaced by the report, not
written through. Character devices and pipes (`-o /dev/stdout`) are written directly: there is no
file to replace.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from readiness import interrupts


class OutputError(Exception):
    """A report target that cannot be written; exit code 2."""


def _special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def target_problems(paths: Sequence[Path]) -> list[str]:
    """Why each target cannot take a report (before any scoring): a folder, a missing or read-only
    parent folder, or the same file named twice. [] when all can."""
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in paths:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            problems.append(f"{path} is named twice as an output")
            continue
        seen[key] = path
        if _special(path):
            continue
        folder = path.parent
        if path.is_dir():
            problems.append(f"{path} is a folder; name a report file inside it, e.g. {path / 'report.md'}")
        elif not folder.is_dir():
            problems.append(f"cannot write {path}: folder {folder} does not exist")
        elif not os.access(folder, os.W_OK | os.X_OK):
            problems.append(f"cannot write {path}: folder {folder} is not writable")
    return problems


def _mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(reports: Sequence[tuple[Path, str]]) -> None:
    """Write every (path, text) report, or none of them; raise OutputError naming the file that failed."""
    staged: list[tuple[str, Path]] = []
    direct: list[tuple[Path, str]] = []
    try:
        for path, text in reports:
            if _special(path):
                direct.append((path, text))
                continue
            staged.append((_stage(path, text), path))
        with interrupts.deferred():
            for done, (temporary, path) in enumerate(staged):
                try:
                    os.replace(temporary, path)
                except OSError as exc:
                    written = ", ".join(str(p) for _, p in staged[:done]) or "none"
                    raise OutputError(f"cannot write {path}: {exc.strerror or exc} "
                                      f"(reports already replaced: {written})") from None
                interrupts.untrack(temporary)
    finally:
        for temporary, _ in staged:
            if os.path.lexists(temporary):
                _discard(temporary)
    for path, text in direct:
        try:
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _stage(path: Path, text: str) -> str:
    """The text in a temporary file beside path, synced to disk; its name."""
    data = text.encode("utf-8")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; no report was written") from None
    interrupts.track(temporary)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode())
    except OSError as exc:
        _discard(temporary)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; no report was written") from None
    return temporary


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)
    interrupts.untrack(temporary)
