"""readiness verify: a report re-scored from what it recorded matches, and each kind of difference is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import NOW, ROOT, run


@pytest.fixture()
def scored(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo evidence and its report, scored from tmp_path with relative paths."""
    shutil.copytree(ROOT / "evidence", tmp_path / "evidence")
    shutil.copytree(ROOT / "examples" / "shop", tmp_path / "shop")
    done = run("score", "evidence", "--root", "shop", "--service", "shop", "--now", NOW, "-q",
               "-o", "report.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path, tmp_path / "report.json"


def verify(cwd: Path, *args: str) -> tuple[int, str]:
    done = run("verify", *args, cwd=cwd)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout + done.stderr


def test_an_untouched_report_verifies(scored: tuple[Path, Path]) -> None:
    code, out = verify(scored[0], "report.json")
    assert code == 0 and "verified: report.json" in out


def test_one_changed_byte_in_evidence_is_named(scored: tuple[Path, Path]) -> None:
    junit = scored[0] / "evidence" / "tests" / "junit-unit.xml"
    data = bytearray(junit.read_bytes())
    data[-2] = ord(" ") if data[-2] != ord(" ") else ord("\t")
    junit.write_bytes(bytes(data))
    code, out = verify(scored[0], "report.json")
    assert code == 1 and "changed evidence file: evidence/tests/junit-unit.xml" in out


def test_missing_and_new_evidence_files_are_named(scored: tuple[Path, Path]) -> None:
    (scored[0] / "evidence" / "api" / "openapi.yaml").unlink()
    (scored[0] / "evidence" / "extra.txt").write_text("hello")
    code, out = verify(scored[0], "report.json")
    assert code == 1 and "missing evidence file: evidence/api/openapi.yaml" in out
    assert "new evidence file: evidence/extra.txt" in out


def test_one_changed_byte_in_the_report_is_named(scored: tuple[Path, Path]) -> None:
    report = scored[1]
    text = report.read_text()
    assert '"grade": "F"' in text
    report.write_text(text.replace('"grade": "F"', '"grade": "A"', 1))
    code, out = verify(scored[0], "report.json")
    assert code == 1 and "report edited by hand: grade: 'A' in the report, 'F' re-scored" in out


def test_a_report_edited_out_of_shape_is_named(scored: tuple[Path, Path]) -> None:
    data = json.loads(scored[1].read_text())
    data["total"] = "100"
    data["checks"][0]["status"] = "passed-by-me"
    scored[1].write_text(json.dumps(data))
    code, out = verify(scored[0], "report.json")
    assert code == 1 and "report edited by hand" in out


def test_the_same_pack_from_another_path_verifies(scored: tuple[Path, Path]) -> None:
    shutil.copy(ROOT / "checks" / "service.yaml", scored[0] / "copy.yaml")
    code, out = verify(scored[0], "report.json", "--checks", "copy.yaml")
    assert code == 0, out


def test_a_different_pack_is_named(scored: tuple[Path, Path]) -> None:
    pack = (ROOT / "checks" / "service.yaml").read_text()
    assert "points: 4" in pack
    (scored[0] / "edited.yaml").write_text(pack.replace("points: 4", "points: 5", 1))
    code, out = verify(scored[0], "report.json", "--checks", "edited.yaml")
    assert code == 1 and "pack service: differs (sha256" in out


def test_verify_says_what_it_does_not_recheck(scored: tuple[Path, Path]) -> None:
    done = run("score", "evidence", "--root", "shop", "--service", "shop", "--now", NOW, "-q",
               "--baseline", "report.json", "-o", "head.json", cwd=scored[0])
    assert done.returncode == 0, done.stderr
    code, out = verify(scored[0], "head.json")
    assert code == 0 and "the baseline section (from report.json" in out


@pytest.mark.parametrize("args", [["nothere.json"], ["report.json", "--evidence", "nowhere"]])
def test_usage_errors_are_exit_2(scored: tuple[Path, Path], args: list[str]) -> None:
    code, out = verify(scored[0], *args)
    assert code == 2 and out.count("\n") == 1


def test_a_report_scored_with_a_waiver_verifies_with_the_same_config(scored: tuple[Path, Path]) -> None:
    cwd = scored[0]
    (cwd / "readiness.yaml").write_text(
        "service: shop\nevidence: evidence\nroot: shop\nwaivers:\n  - check: cost-within-budget\n"
        "    reason: no cloud costs yet\n    owner: alice\n    expires: 2026-12-20\n")
    assert run("score", "--now", NOW, "-q", "-o", "waived.json", cwd=cwd).returncode == 0
    assert '"waived"' in (cwd / "waived.json").read_text()
    assert verify(cwd, "waived.json")[0] == 0
    (cwd / "readiness.yaml").rename(cwd / "elsewhere.yaml")  # without the waiver the report cannot be re-made
    code, out = verify(cwd, "waived.json")
    assert code == 1 and "total" in out
    (cwd / "elsewhere.yaml").rename(cwd / "readiness.yaml")
    assert verify(cwd, "waived.json", "--config", "readiness.yaml")[0] == 0
