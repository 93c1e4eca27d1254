"""The command line through the installed console script: outputs and every exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "readiness"
ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-28T18:00:00Z"
JUNIT = """<?xml version="1.0"?>
<testsuite name="unit" tests="3" failures="1" timestamp="2026-11-27T10:00:00">
  <testcase classname="a" name="ok1" time="0.1"/>
  <testcase classname="a" name="ok2" time="0.1"/>
  <testcase classname="a" name="bad"><failure message="assert 1 == 2">trace</failure></testcase>
</testsuite>
"""


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), f"console script missing at {SCRIPT}: install the package (make test does)"
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_SHA", None)
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=120, check=False)


@pytest.fixture()
def evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "junit.xml").write_text(JUNIT)
    (folder / "notes.txt").write_text("not evidence")
    return folder


def test_help_lists_commands_and_exit_codes() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("score", "inspect", "validate", "schema", "facts", "Exit codes"):
        assert word in result.stdout
    assert run("score", "--help").returncode == 0
    assert run("--version").stdout.startswith("readiness ")


def test_empty_folder_scores_zero_grade_f_and_fails_the_gate(tmp_path: Path) -> None:
    # Run from the empty folder too: --root defaults to the current directory, where documents live.
    result = run("score", str(tmp_path), "--now", NOW, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    card = json.loads(result.stdout)
    assert card["total"] == 0 and card["grade"] == "F"
    assert {c["status"] for c in card["checks"]} == {"no_evidence"}
    gated = run("score", str(tmp_path), "--now", NOW, "--fail-under", "1", cwd=tmp_path)
    assert gated.returncode == 1
    assert "Gate: FAILED" in gated.stdout and "total 0 is below the minimum 1" in gated.stdout


def test_score_writes_reports_and_prints_the_scorecard(evidence: Path, tmp_path: Path) -> None:
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    result = run("score", str(evidence), "--now", NOW, "--service", "svc", "--commit", "abc", "-o", str(md),
                 "-o", str(js))
    assert result.returncode == 0, result.stderr
    assert "Production readiness: svc" in result.stdout
    card = json.loads(js.read_text())
    assert card["schema_version"] == 2 and card["service"] == "svc" and card["commit"] == "abc"
    tests_pass = next(c for c in card["checks"] if c["id"] == "func-tests-pass")
    assert tests_pass["status"] == "fail"
    assert tests_pass["evidence"][0]["path"].endswith("evidence/junit.xml")
    ignored = next(f for f in card["files"] if f["path"].endswith("notes.txt"))
    assert ignored["status"] == "ignored" and ignored["reason"] == "no adapter recognises this file"
    assert md.read_text().startswith("# Production readiness: svc")
    assert "| Category | Score | Checks |" in md.read_text()


def test_reports_are_byte_identical_for_the_same_input(evidence: Path, tmp_path: Path) -> None:
    outputs = []
    for attempt in range(2):
        out = tmp_path / f"r{attempt}.json"
        run("score", str(evidence), "--now", NOW, "--service", "s", "--commit", "c", "-o", str(out), "-q")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_source_date_epoch_sets_the_report_time(evidence: Path) -> None:
    result = run("score", str(evidence), "-f", "json", env={"SOURCE_DATE_EPOCH": "1764324000"})
    assert json.loads(result.stdout)["generated_at"] == "2025-11-28T10:00:00Z"


def test_required_check_and_category_minimum(evidence: Path) -> None:
    required = run("score", str(evidence), "--now", NOW, "--require", "func-tests-pass")
    assert required.returncode == 1 and "required check 'func-tests-pass' failed" in required.stdout
    minimum = run("score", str(evidence), "--now", NOW, "--category-min", "security=1")
    assert minimum.returncode == 1 and "security 0 is below the minimum 1" in minimum.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", ".", "--require", "nope"], "--require names unknown checks: nope"),
        (["score", ".", "--category-min", "speed=3"], "--category-min names unknown categories: speed"),
        (["score", ".", "--category-min", "performance"], "expects CATEGORY=SCORE"),
        (["score", ".", "--now", "yesterday"], "--now expects an ISO 8601 time"),
        (["score", ".", "-o", "report.pdf"], "cannot tell the format of report.pdf"),
        (["score", ".", "--format", "xml"], "--format must be one of"),
        (["score", ".", "--checks", "no-such-pack"], "no such pack file or built-in pack"),
        (["inspect", "missing.xml"], "not a file: missing.xml"),
        (["score", "--bogus"], "No such option"),
        (["score", "no-such-folder"], "evidence folder no-such-folder does not exist"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_pack_exits_2_with_file_line_and_field(tmp_path: Path) -> None:
    pack = tmp_path / "team.yaml"
    pack.write_text("checks:\n  - id: x\n    category: testing\n    points: 1\n    claim: c\n"
                    "    evidence: tests\n    when: [tests.total =< 1]\n")
    for command in (["validate", str(pack)], ["score", str(tmp_path), "--checks", str(pack)]):
        result = run(*command)
        assert result.returncode == 2
        assert f"{pack}:7: check 'x' › when[0]: unknown operator '=<'; did you mean '<='?" in result.stderr
        assert "Traceback" not in result.stderr


def test_validate_and_schema() -> None:
    assert run("validate", "service").stdout.startswith("ok: service (built-in)")
    schema = json.loads(run("schema").stdout)
    assert "checks" in schema["properties"] and schema["title"] == "readiness check pack"


def test_inspect_json_and_unreadable_file_exits_1(evidence: Path, tmp_path: Path) -> None:
    good = run("inspect", str(evidence / "junit.xml"), "--format", "json")
    assert good.returncode == 0
    [record] = json.loads(good.stdout)
    assert record["kind"] == "junit" and len(record["sha256"]) == 64
    assert record["facts"]["tests.total"] == 3 and record["facts"]["tests.failed"] == 1
    broken = tmp_path / "broken.xml"
    broken.write_text("<testsuite><testcase name='x'>")
    bad = run("inspect", str(broken), str(evidence / "notes.txt"), "--format", "json")
    assert bad.returncode == 1
    errors = [r["error"] for r in json.loads(bad.stdout)]
    assert errors[0] and "facts" not in json.loads(bad.stdout)[0]
    assert errors[1] == "no adapter recognises this file"


def test_internal_error_exits_3_with_one_line_and_debug_shows_traceback(evidence: Path, tmp_path: Path) -> None:
    # sitecustomize runs at interpreter start-up in the console script's process and breaks scoring.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import readiness.scoring as s\n"
        "def broken(rows):\n    raise RuntimeError('simulated bug')\n"
        "s.total = broken\n")
    env = {"PYTHONPATH": str(hook)}
    result = run("score", str(evidence), "--now", NOW, env=env)
    assert result.returncode == 3
    assert result.stderr.strip() == ("readiness: internal error: RuntimeError: simulated bug "
                                     "(rerun with --debug for details)")
    debug = run("--debug", "score", str(evidence), "--now", NOW, env=env)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_facts_lists_the_vocabulary() -> None:
    result = run("facts")
    assert result.returncode == 0
    assert "load.p95_ms" in result.stdout and "tests.pass_rate" in result.stdout


def test_quiet_prints_nothing_on_success_and_only_why_when_the_gate_fails(evidence: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    passed = run("score", str(evidence), "--now", NOW, "-o", str(out), "-q")
    assert passed.returncode == 0 and passed.stdout == "" and passed.stderr == ""
    failed = run("score", str(evidence), "--now", NOW, "-o", str(out), "-q", "--fail-under", "90")
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.startswith("readiness: gate failed: total ") and "below the minimum 90" in failed.stderr


def test_inspect_reads_locusts_exceptions_csv_without_failing() -> None:
    fixture = Path(__file__).resolve().parent / "fixtures" / "load" / "locust-2.47_exceptions.csv"
    done = run("inspect", str(fixture))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kind: locust" in done.stdout


# Modules `inspect` of one small JUnit file must not load: report templates, load-test engines, databases.
HEAVY = ("jinja2", "markupsafe", "duckdb", "polars", "pandas", "pyarrow", "numpy", "sqlalchemy", "psycopg", "yaml",
         "readiness.scorecard", "readiness.findings", "readiness.reporters.html", "readiness.reporters.templating",
         "readiness.adapters.trivy")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_inspect_imports_only_what_one_junit_file_needs(fmt: str) -> None:
    fixture = ROOT / "tests" / "fixtures" / "tests" / "jest-junit.xml"
    code = ("import sys, contextlib, io; from readiness.cli import main; sys.argv = ['readiness', 'inspect', "
            f"{str(fixture)!r}, '--format', {fmt!r}]\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        main()\n    except SystemExit as exc:\n        code = exc.code\n"
            f"print(code, 'junit' in out.getvalue(), ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    # The file was read (exit 0, its kind printed) and none of the heavy modules was imported.
    assert done.stdout.split(" ") == ["0", "True", "\n"], done.stdout + done.stderr


@pytest.mark.parametrize(("args", "printed", "unloaded"), [
    (["--version"], "readiness ", ("pydantic.main", "readiness.evidence", "readiness.scorecard")),
    (["validate", "checks/service.yaml"], "", ("readiness.evidence", "readiness.findings", "readiness.scorecard")),
])
def test_version_and_validate_load_no_more_than_they_need(args: list[str], printed: str,
                                                          unloaded: tuple[str, ...]) -> None:
    """--version builds no pydantic model; validate, a pack linter, loads no evidence or scoring stage."""
    code = ("import sys, contextlib, io; from readiness.cli import main\n"
            f"sys.argv = ['readiness', *{args!r}]\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        main()\n    except SystemExit as exc:\n        code = exc.code\n"
            f"print(code or 0, out.getvalue().startswith({printed!r}), "
            f"','.join(m for m in {unloaded!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                          cwd=ROOT)
    assert done.stdout.split(" ") == ["0", "True", "\n"], done.stdout + done.stderr
