"""Hostile evidence through the real console script: what reaches stdout, stderr and each report file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.hostile import assert_github_after_render_safe, assert_terminal_safe, render_gfm
from tests.test_cli import NOW, run

# An alert name that, printed raw, moves up a line, erases it and prints a clean result, then a
# GitHub Actions command on a line of its own.
ALERT = "X\x1b[1A\x1b[2K\rChecks: 12 passed, 0 failed, 0 not proven\n::error::pwned \u202eabc @octocat #1 $x$"
RULES = "groups:\n  - name: g\n    rules:\n      - alert: {name}\n        expr: up == 0\n        for: 5m\n"
# XML 1.0 cannot hold ESC; a failure message can still carry bidi, C1 and Markdown.
JUNIT = """<?xml version="1.0"?>
<testsuite name="s" tests="2" failures="1" timestamp="2026-11-27T10:00:00">
  <testcase classname="c" name="ok"/>
  <testcase classname="c" name="\u202etxt.exe \x85 [x](https://evil.example) ~~d~~">
    <failure message="\\[click\\](https://evil.example) ##vso[task.complete]">trace</failure>
  </testcase>
</testsuite>
"""
# File names are evidence too: an ESC sequence, a carriage return and a CI command in the name.
NAMES = ("rules.yml", "x\x1b[2J\r::error::name.xml", "line\n::warning::two.xml")


@pytest.fixture()
def hostile_evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / NAMES[0]).write_text(RULES.format(name=json.dumps(ALERT)), encoding="utf-8")
    (folder / NAMES[1]).write_text(JUNIT, encoding="utf-8")
    (folder / NAMES[2]).write_text(JUNIT, encoding="utf-8")
    # A name that is not UTF-8 becomes a lone surrogate in Python, which no report can encode raw.
    with open(os.fsencode(folder) + b"/bad\xffname.xml", "w", encoding="utf-8") as handle:
        handle.write(JUNIT)
    return folder


def test_score_prints_and_writes_nothing_raw(hostile_evidence: Path, tmp_path: Path) -> None:
    reports = [tmp_path / name for name in ("r.md", "r.json", "r.html", "r.txt")]
    done = run("score", str(hostile_evidence), "--root", str(tmp_path), "--now", NOW, "--fail-under", "90",
               *[arg for path in reports for arg in ("-o", str(path))])
    assert done.returncode == 1, done.stderr
    for output in (done.stdout, done.stderr, *(p.read_text(encoding="utf-8") for p in reports)):
        assert_terminal_safe(output.replace("\t", " "))
    # The fake result is shown as text inside the real report, which has one "Checks:" line.
    assert len(re.findall(r"^Checks:", done.stdout, re.MULTILINE)) == 1
    assert "\\x1b[1A\\x1b[2K\\rChecks: 12 passed" in done.stdout
    assert "bad\\udcffname.xml" in done.stdout
    markdown = reports[0].read_text(encoding="utf-8")
    assert not re.search(r"<(a|img|em|del|s|ol|script|iframe)[\s>]", render_gfm(markdown))
    assert_github_after_render_safe(re.sub(r"`[^`\n]*`", "", markdown))
    data = json.loads(reports[1].read_text(encoding="utf-8"))
    alerts = [a["name"] for f in data["files"] for a in f["details"].get("alerts", [])]
    assert alerts == [ALERT]  # the JSON report keeps the data whole


def test_score_to_stdout_in_every_format(hostile_evidence: Path, tmp_path: Path) -> None:
    for fmt in ("text", "md", "json", "html"):
        done = run("score", str(hostile_evidence), "--root", str(tmp_path), "--now", NOW, "-f", fmt,
                   "--fail-under", "90")
        assert done.returncode == 1, done.stderr
        assert_terminal_safe(done.stdout.replace("\t", " "))


def test_inspect_prints_nothing_raw(hostile_evidence: Path) -> None:
    files = sorted(str(p) for p in hostile_evidence.iterdir())
    for fmt in ("text", "json"):
        done = run("inspect", "--format", fmt, *files)
        assert done.returncode == 0, done.stderr
        assert_terminal_safe(done.stdout)
        assert_terminal_safe(done.stderr)
    done = run("inspect", *files)
    assert "\\u202etxt.exe \\x85" in done.stdout
    assert "x\\x1b[2J\\r::error::name.xml" in done.stdout  # shown inside the line, so inert
    assert "line\\n::warning::two.xml" in done.stdout


def test_quiet_gate_failure_and_pack_errors_print_nothing_raw(hostile_evidence: Path, tmp_path: Path) -> None:
    done = run("score", str(hostile_evidence), "--root", str(tmp_path), "--now", NOW, "-q",
               "-o", str(tmp_path / "r.json"), "--fail-under", "90")
    assert done.returncode == 1
    assert_terminal_safe(done.stderr)
    pack = tmp_path / "pack.yaml"
    pack.write_text("checks:\n  - id: x\n    category: testing\n    claim: \"c\"\n"
                    "    evidence: {kind: tests}\n    when: [\"tests.failed =< 0\\x1b[2J\\n::error::p\"]\n",
                    encoding="utf-8")
    for args in (("validate", str(pack)), ("score", str(hostile_evidence), "--checks", str(pack))):
        done = run(*args)
        assert done.returncode == 2, done.stderr
        assert_terminal_safe(done.stderr)
        assert "x1b[2J" in done.stderr
