"""A small team workspace for the adoption tests: a base pack, passing JUnit evidence, and the console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

SCRIPT = Path(sys.executable).parent / "readiness"
NOW = "2026-11-28T18:00:00Z"

JUNIT = """<?xml version="1.0"?>
<testsuite name="unit" tests="3" failures="0" timestamp="2026-11-27T10:00:00">
  <testcase classname="a" name="ok1" time="0.1"/>
  <testcase classname="a" name="ok2" time="0.1"/>
  <testcase classname="a" name="ok3" time="0.1"/>
</testsuite>
"""
# Testing scores 10/10 from the JUnit file; cost and performance have no evidence: total 33.3.
BASE = """\
name: base
categories:
  - {id: testing, title: Testing}
  - {id: cost, title: Cost}
  - {id: performance, title: Performance}
checks:
  - id: tests-pass
    category: testing
    points: 6
    claim: every test passes
    evidence: tests
    when: [tests.pass_rate >= 1]
    required: true
  - id: tests-many
    category: testing
    points: 4
    claim: three tests or more
    evidence: tests
    when: [tests.total >= 3]
  - id: cost-budget
    category: cost
    points: 10
    claim: within budget
    evidence: cost
    when: [cost.monthly <= 1000]
    fix: Run infracost.
  - id: perf-p95
    category: performance
    points: 10
    claim: p95 under 2 s
    evidence: load
    when: [load.p95_ms <= 2000]
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    assert SCRIPT.exists(), f"console script missing at {SCRIPT}: install the package (make test does)"
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_SHA", "SOURCE_DATE_EPOCH")}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
                          check=False)


def workspace(folder: Path, config: str | None = None, files: dict[str, str] | None = None) -> Path:
    """folder with evidence/junit.xml, base.yaml, an optional readiness.yaml and any other files (dedented)."""
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    (folder / "evidence" / "junit.xml").write_text(JUNIT)
    (folder / "base.yaml").write_text(BASE)
    if config is not None:
        (folder / "readiness.yaml").write_text(textwrap.dedent(config))
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def scored(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`readiness score --now NOW -f json ARGS` in folder: the run and the parsed report."""
    done = run("score", "--now", NOW, "-f", "json", *args, cwd=folder)
    return done, (json.loads(done.stdout) if done.stdout.strip() else {})


def check(report: dict[str, Any], check_id: str) -> dict[str, Any]:
    """One check of a JSON report."""
    return next(c for c in report["checks"] if c["id"] == check_id)
