"""Report outputs through the console script: formats from file names or FORMAT:, stdout, many at once, and
readiness never scoring its own reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from defusedxml import ElementTree
from junitparser import JUnitXml

from tests.test_cli import JUNIT, NOW, run

ENDINGS = {"r.md": "# Production readiness", "r.json": '"schema_version"', "r.html": "<!DOCTYPE html>",
           "r.junit.xml": "<testsuites", "r.sarif": '"version": "2.1.0"', "b.svg": "<svg",
           "b.shields.json": '"schemaVersion": 1', "r.txt": "Production readiness"}


@pytest.fixture()
def evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "junit.xml").write_text(JUNIT)
    return folder


def test_every_format_in_one_run_from_the_file_names(evidence: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a for name in ENDINGS for a in ("-o", str(out / name))]
    result = run("score", str(evidence), "--now", NOW, "--service", "svc", *args, "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    for name, marker in ENDINGS.items():
        assert marker in (out / name).read_text(encoding="utf-8"), name
    suites = JUnitXml.fromfile(str(out / "r.junit.xml"))
    card = json.loads((out / "r.json").read_text())
    assert suites.tests == len(card["checks"])
    sarif = json.loads((out / "r.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == sum(c["status"] != "pass" for c in card["checks"])
    assert json.loads((out / "b.shields.json").read_text())["message"] == f"{card['total']:.1f} {card['grade']}"


def test_format_prefix_forces_the_format(evidence: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.xml"
    result = run("score", str(evidence), "--now", NOW, "-o", f"junit:{target}", "-o", f"sarif:{tmp_path}/x.json")
    assert result.returncode == 0, result.stderr
    assert ElementTree.parse(target).getroot().tag == "testsuites"
    assert json.loads((tmp_path / "x.json").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize(("spec", "message"), [
    ("jnuit:x.xml", "unknown report format 'jnuit'; did you mean 'junit'?"),
    ("report.xyz", "cannot tell the format of report.xyz"),
    ("junit:", "no file name after the format"),
])
def test_bad_outputs_are_usage_errors_before_any_work(evidence: Path, tmp_path: Path, spec: str,
                                                      message: str) -> None:
    result = run("score", str(evidence), "--now", NOW, "-o", spec, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_same_file_twice_is_a_usage_error(evidence: Path, tmp_path: Path) -> None:
    result = run("score", str(evidence), "-o", str(tmp_path / "a.md"), "-o", f"md:{tmp_path / 'a.md'}")
    assert result.returncode == 2 and "given twice" in result.stderr


@pytest.mark.parametrize("fmt", ["sarif", "junit", "badge", "shields", "json"])
def test_format_chooses_stdout_and_files_keep_their_own(evidence: Path, tmp_path: Path, fmt: str) -> None:
    md = tmp_path / "r.md"
    result = run("score", str(evidence), "--now", NOW, "-f", fmt, "-o", str(md))
    assert result.returncode == 0, result.stderr
    assert md.read_text().startswith("# Production readiness")
    if fmt in ("badge", "junit"):
        assert ElementTree.fromstring(result.stdout.split("\n", 1)[1] if fmt == "junit" else result.stdout) is not None
    else:
        assert json.loads(result.stdout)


def test_own_reports_in_the_evidence_folder_are_ignored_with_the_reason(evidence: Path, tmp_path: Path) -> None:
    before = run("score", str(evidence), "--now", NOW, "-f", "json")
    out = evidence / "reports"
    out.mkdir()
    names = list(ENDINGS)
    written = run("score", str(evidence), "--now", NOW, *[a for n in names for a in ("-o", str(out / n))], "-q")
    assert written.returncode == 0, written.stderr
    after = run("score", str(evidence), "--now", NOW, "-f", "json")
    first, second = json.loads(before.stdout), json.loads(after.stdout)
    assert second["total"] == first["total"]
    assert [(c["id"], c["status"], c["points"]) for c in second["checks"]] == \
        [(c["id"], c["status"], c["points"]) for c in first["checks"]]
    files = {Path(f["path"]).name: f for f in second["files"]}
    for name in names:
        assert files[name]["status"] == "ignored", name
        assert files[name]["kind"] is None
    for name in ("r.junit.xml", "r.sarif", "r.json"):
        assert "written by readiness" in files[name]["reason"], name
    # The JUnit of checks would otherwise be read as test results with 15+ failures.
    inspected = run("inspect", str(out / "r.junit.xml"), "-f", "json")
    assert json.loads(inspected.stdout)[0]["kind"] is None


def test_hostile_file_names_still_give_valid_xml_and_sarif(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    # A file name with an undecodable byte (a lone surrogate in Python) and an ESC, with a failing test.
    name = os.fsencode(folder) + b"/junit-\xff-\x1b[2K.xml"
    with open(name, "wb") as handle:
        handle.write(JUNIT.encode())
    out = tmp_path / "out"
    out.mkdir()
    result = run("score", str(folder), "--now", NOW, "-o", str(out / "r.junit.xml"), "-o", str(out / "r.sarif"),
                 "-o", str(out / "b.svg"), "-q")
    assert result.returncode == 0, result.stderr
    junit = (out / "r.junit.xml").read_text(encoding="utf-8")
    assert "\x1b" not in junit and "junit-\\udcff-\\x1b[2K.xml" in junit
    ElementTree.fromstring(junit.encode())
    sarif = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
            for loc in r["locations"]}
    assert any("%5Cudcff" in uri for uri in uris), uris
