"""A throwaway PostgreSQL cluster for the history tests, started from Debian's server binaries.

initdb refuses to run as root, so as root the cluster belongs to the unprivileged user `nobody`. It
listens only on a unix socket inside its own temporary folder and is stopped (and the folder removed)
when the tests end. Without the binaries the tests skip with the reason, unless
READINESS_REQUIRE_POSTGRES=1 (CI) turns that into a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

USER = "nobody"


def server_bin() -> Path | None:
    """The newest PostgreSQL server bin folder on this machine, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def unavailable(reason: str) -> None:
    if os.environ.get("READINESS_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"READINESS_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", USER, "--", *command] if os.geteuid() == 0 else command


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yields a postgresql:// URL that reaches it over its unix socket."""
    bin_dir = server_bin()
    if bin_dir is None:
        unavailable("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)")
        return
    folder = Path(tempfile.mkdtemp(prefix="readiness-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        entry = pwd.getpwnam(USER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o755)
    started = False
    try:
        subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "readiness",
                                  "--no-sync", "-E", "UTF8"]), check=True, capture_output=True, timeout=120)
        options = f"-k {folder} -c listen_addresses='' -F"
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                  str(folder / "server.log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, timeout=120)
        started = True
        yield f"postgresql://readiness@/postgres?host={folder}"
    except subprocess.CalledProcessError as exc:
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-400:]} {log[-400:]}")
    finally:
        if started:
            subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           capture_output=True, timeout=120, check=False)
        shutil.rmtree(folder, ignore_errors=True)
