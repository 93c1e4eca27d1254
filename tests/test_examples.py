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
COMMANDS = ("score", "inspect", "validate", "schema", "facts", "init", "checks", "explain")
# Folders and files the examples name, made from the repository's own evidence and fixtures.
SANDBOX = {
    "evidence": ROOT / "evidence",
    "build/reports": ROOT / "evidence",
    "build/evidence": ROOT / "evidence",
    "build/evidence/k6-summary.json": ROOT / "tests" / "fixtures" / "load" / "k6-summary-export.json",
    "build/junit.xml": ROOT / "evidence" / "tests" / "junit-unit.xml",
    "checks": ROOT / "checks",
}


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


def _sandbox(tmp_path: Path, command: str) -> Path:
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


EXAMPLES = _doc_examples() + _help_examples()


def test_examples_were_found() -> None:
    where = {w.split(":")[0] for w, _ in EXAMPLES}
    assert {"README.md", "docs/config.md", "readiness score --help", "readiness init --help"} <= where
    assert not [c for _, c in EXAMPLES if "--require tests-pass" in c]  # it names no check


@pytest.mark.slow
@pytest.mark.parametrize(("where", "command"), EXAMPLES, ids=[f"{w} {c}" for w, c in EXAMPLES])
def test_example_runs_as_written(tmp_path: Path, where: str, command: str) -> None:
    sandbox = _sandbox(tmp_path, command)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_SHA", "SOURCE_DATE_EPOCH")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", command], cwd=sandbox, capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode in (0, 1), f"{where}: {command}\n{done.stderr[-2000:]}"
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    if done.returncode == 1:  # only a failed gate or an unreadable inspected file may say no
        assert "gate" in (done.stdout + done.stderr).lower() or command.startswith("readiness inspect"), done.stderr
