"""The built wheel, installed into a fresh virtualenv, finds its templates and built-in checks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", work / "dist", ROOT, cwd=work)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = list((work / "dist").glob("readiness-*.whl"))
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    done = _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=work)
    assert done.returncode == 0, done.stderr[-2000:]
    return work


def test_wheel_carries_templates_and_checks(installed: Path) -> None:
    import zipfile

    [wheel] = list((installed / "dist").glob("readiness-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "readiness/_data/checks/service.yaml" in names
    assert "readiness/_data/templates/report.md.j2" in names
    assert "readiness/_data/templates/report.html.j2" in names


def test_installed_console_script_scores_outside_the_source_tree(installed: Path) -> None:
    outside = installed / "somewhere"
    shutil.copytree(ROOT / "evidence", outside / "evidence")
    script = installed / "venv" / "bin" / "readiness"
    where = _run(installed / "venv" / "bin" / "python", "-c",
                 "import readiness.resources as r; print(r.checks_dir()); print(r.templates_dir())", cwd=outside)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert "site-packages/readiness/_data" in line, line
    assert _run(script, "validate", "service", cwd=outside).returncode == 0
    result = _run(script, "score", "evidence", "--now", "2026-11-28T18:00:00Z", "-o", "r.md", "-o", "r.json",
                  "-o", "r.html", cwd=outside)
    assert result.returncode == 0, result.stderr
    card = json.loads((outside / "r.json").read_text())
    assert card["files"] and any(c["status"] == "pass" for c in card["checks"])
    assert (outside / "r.md").read_text().startswith("# Production readiness")
    assert "<html" in (outside / "r.html").read_text()
