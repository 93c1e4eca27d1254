"""Every `readiness` example in the README, docs/ and each command's --help runs as written (exit 0, or 1 for a
gate that fails on the partial demo evidence; never a usage error or an internal error)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMANDS = ("score", "inspect", "validate", "schema", "facts", "init", "checks", "explain", "history", "diff",
            "verify", "fleet")
# Folders and files the examples name, made from the repository's own evidence and fixtures.
SANDBOX = {
    "evidence": ROOT / "evidence",
    "build/reports": ROOT / "evidence",
    "build/evidence": ROOT / "evidence",
    "build/evidence/k6-summary.json": ROOT / "tests" / "fixtures" / "load" / "k6-summary-export.json",
    "build/junit.xml": ROOT / "evidence" / "tests" / "junit-unit.xml",
    "checks": ROOT / "checks",
}


# Examples that need a service this machine does not run: named here with the reason, not silently dropped.
NEEDS_SERVER = ("postgresql://",)


def _doc_examples() -> list[tuple[str, str]]:
    """(where, command) for each line starting with `readiness ` in a fenced shell block."""
    found = []
    for doc in DOCS:
        for block in re.finditer(r"^```(sh|bash|console|shell|)\n(.*?)^```", doc.read_text(), re.S | re.M):
            start = doc.read_text()[: block.start()].count("\n") + 2
            for offset, line in enumerate(block.group(2).replace("\\\n", " ").splitlines()):
                if line.strip().startswith("readiness "):
                    found.append((f"{doc.relative_to(ROOT)}:{start + offset}", line.strip()))
    return found


def _help_examples() -> list[tuple[str, str]]:
    found = []
    for command in COMMANDS:
        # At a terminal's usual 80 columns: an example wrapped there would not run as printed.
        done = subprocess.run([str(BIN / "readiness"), command, "--help"], capture_output=True, text=True,
                              timeout=60, check=False, env={**os.environ, "COLUMNS": "80"})
        assert done.returncode == 0, done.stderr
        after = done.stdout.split("Examples:", 1)[1] if "Examples:" in done.stdout else ""
        found += [(f"readiness {command} --help", line.strip()) for line in after.splitlines()
                  if line.strip().startswith("readiness ")]
    return found


def _team_pack() -> str:
    """The README's own example pack, so its YAML is exercised too."""
    text = (ROOT / "README.md").read_text()
    return re.search(r"```yaml\n(# team-checks.yaml\n.*?)```", text, re.S).group(1)  # type: ignore[union-attr]


# Earlier reports and a history, for the examples of diff, verify, fleet, history and --baseline.
REPORT_COPIES = ("report.json", "main/report.json", "old.json", "new.json", "main-report.json",
                 "artifacts/report.json", "reports/a.json", "reports/b.json", "a.json", "b.json", "a/report.json",
                 "b/report.json", "previous/report.json")

@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a scored report and a history of it, copied into each example's sandbox."""
    folder = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "evidence", folder / "evidence")
    done = subprocess.run([str(BIN / "readiness"), "score", "evidence", "--service", "checkout", "--history",
                           ".readiness/history.db", "-o", "report.json", "-q"], cwd=folder, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr
    for name in REPORT_COPIES[1:]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "report.json", folder / name)
    shutil.rmtree(folder / "evidence")
    return folder


def _sandbox(tmp_path: Path, command: str, seed: Path) -> Path:
    shutil.copytree(seed, tmp_path, dirs_exist_ok=True)
    for name, source in SANDBOX.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy(source, target)
    if "readiness init" not in command:  # init writes its own team pack
        for pack in ("team-checks.yaml", "team.yaml"):
            (tmp_path / pack).write_text(_team_pack())
    return tmp_path


FOUND = _doc_examples() + _help_examples()
# Examples that need a PostgreSQL server are not run here; the same commands with a SQLite history are.
EXAMPLES = [(w, c) for w, c in FOUND if not any(marker in c for marker in NEEDS_SERVER)]


def test_examples_were_found() -> None:
    where = {w.split(":")[0] for w, _ in EXAMPLES}
    assert {"README.md", "docs/config.md", "readiness score --help", "readiness init --help"} <= where
    assert not [c for _, c in EXAMPLES if "--require tests-pass" in c]  # it names no check
    assert len(FOUND) - len(EXAMPLES) <= 3, "only the PostgreSQL forms of history examples are left out"


@pytest.mark.slow
@pytest.mark.parametrize(("where", "command"), EXAMPLES, ids=[f"{w} {c}" for w, c in EXAMPLES])
def test_example_runs_as_written(tmp_path: Path, seed: Path, where: str, command: str) -> None:
    sandbox = _sandbox(tmp_path, command, seed)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_SHA", "SOURCE_DATE_EPOCH")}
    env["READINESS_HISTORY_URL"] = ".readiness/history.db"  # docs/scale.md's variable, as SQLite
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", command], cwd=sandbox, capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode in (0, 1), f"{where}: {command}\n{done.stderr[-2000:]}"
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    if done.returncode == 1:  # only a failed gate, or a negative verdict of inspect, diff or verify
        assert "gate" in (done.stdout + done.stderr).lower() or command.split()[1] in ("inspect", "diff", "verify"), \
            done.stderr
