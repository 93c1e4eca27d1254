"""init, checks, explain and schema through the console script; the JSON Schemas checked with jsonschema
against every shipped pack and example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.adoption import NOW, run, workspace

ROOT = Path(__file__).resolve().parent.parent


def test_init_writes_a_working_setup_and_refuses_to_overwrite(tmp_path: Path) -> None:
    done = run("init", "--service", "shop", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "  readiness validate      # check the settings and the team pack",
        "  readiness checks        # the checks after your overrides and disables",
        "  readiness score         # score the evidence folder and write the reports"]
    config = yaml.safe_load((tmp_path / "readiness.yaml").read_text())
    assert config["service"] == "shop" and config["packs"] == ["team-checks.yaml"]
    assert yaml.safe_load((tmp_path / "team-checks.yaml").read_text())["extends"] == "service"
    # The next three commands run as printed.
    assert run("validate", cwd=tmp_path).returncode == 0
    assert "32 checks, 0 disabled, 100 possible points" in run("checks", cwd=tmp_path).stdout
    (tmp_path / "evidence").mkdir()
    scored = run("score", "--now", NOW, cwd=tmp_path)
    assert scored.returncode == 0 and (tmp_path / "report.md").is_file() and (tmp_path / "report.html").is_file()
    again = run("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "readiness.yaml, team-checks.yaml already exist; pass --force to overwrite" in again.stderr
    assert run("init", "--force", cwd=tmp_path).returncode == 0


def test_init_in_a_folder_prints_commands_with_its_config(tmp_path: Path) -> None:
    done = run("init", "svc", cwd=tmp_path)
    assert done.returncode == 0
    assert "  readiness validate --config svc/readiness.yaml" in done.stdout
    assert yaml.safe_load((tmp_path / "svc" / "readiness.yaml").read_text())["service"] == "svc"
    assert run("validate", "--config", "svc/readiness.yaml", cwd=tmp_path).returncode == 0


def test_checks_as_json(tmp_path: Path) -> None:
    done = run("checks", "base.yaml", "-f", "json", cwd=workspace(tmp_path))
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == ["tests-pass", "tests-many", "cost-budget", "perf-p95"]
    assert rows[0] == {"id": "tests-pass", "category": "testing", "points": 6, "evidence": "tests", "files": [],
                       "claim": "every test passes", "required": True, "disabled": None, "overrides": []}


def test_explain_shows_files_facts_verdicts_and_fix(tmp_path: Path) -> None:
    folder = workspace(tmp_path)
    done = run("explain", "tests-many", "evidence", "-c", "base.yaml", "--now", NOW, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == ["tests-many (testing, 4 points)", "  claim: three tests or more",
                                            "  evidence: tests"]
    assert "  evidence/junit.xml (junit, sha256 " in done.stdout
    assert "  tests.total >= 3: tests.total = 3, expected >= 3 -> holds" in done.stdout
    assert "Result: PASS (4/4)" in done.stdout
    missing = run("explain", "cost-budget", "-c", "base.yaml", "--now", NOW, cwd=folder)
    assert "Result: NO EVIDENCE (0/10): no cost evidence found in evidence" in missing.stdout
    assert "Fix: Run infracost." in missing.stdout
    unknown = run("explain", "cost", "-c", "base.yaml", cwd=folder)
    assert unknown.returncode == 2 and "unknown check 'cost'; did you mean 'cost-budget'?" in unknown.stderr


def _schema(*args: str) -> dict[str, Any]:
    done = run("schema", *args)
    assert done.returncode == 0, done.stderr
    schema: dict[str, Any] = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


SHIPPED_PACKS = sorted([*ROOT.glob("checks/*.yaml"), ROOT / "templates" / "init" / "team-checks.yaml",
                        ROOT / "tests" / "fixtures" / "report" / "pack.yaml"])


@pytest.mark.parametrize("path", SHIPPED_PACKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_pack_schema_accepts_every_shipped_pack(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text()), _schema())


def test_pack_schema_accepts_the_evidence_shorthand_and_rejects_mistakes() -> None:
    schema = _schema("pack")
    check = {"id": "a", "category": "testing", "points": 1, "claim": "c", "when": ["tests.total >= 1"]}
    for evidence in ("tests", {"kind": "tests"}, {"kind": "tests", "files": "*.xml"}, {"kind": "tests",
                                                                                        "files": ["a.xml"]}):
        jsonschema.validate({"checks": [{**check, "evidence": evidence}]}, schema)
    for evidence in (3, {"files": "*.xml"}, {"kind": "tests", "glob": "x"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"checks": [{**check, "evidence": evidence}]}, schema)
    jsonschema.validate({"extends": "service", "disable": {"cost-within-budget": "no cloud"},
                         "override": {"perf-p95-under-load": {"points": 3, "max_age": "30d"}}}, schema)


def test_config_schema_accepts_the_init_config_and_rejects_mistakes() -> None:
    schema = _schema("config")
    jsonschema.validate(yaml.safe_load((ROOT / "templates" / "init" / "readiness.yaml").read_text()), schema)
    good = {"packs": ["service"], "gate": {"fail_under": 70, "category_min": {"performance": 5}},
            "waivers": [{"check": "perf-*", "reason": "r", "owner": "o", "expires": "2026-12-31"}]}
    jsonschema.validate(good, schema)
    for bad in ({"gtae": {}}, {"gate": {"fail_under": 150}}, {"gate": {"category_min": {"x": 11}}},
                {"waivers": [{"check": "x", "reason": "r", "expires": "2026-12-31"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    assert run("schema", "conf").returncode == 2


def test_explain_over_thousands_of_files_lists_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    import readiness.cli  # noqa: F401 (commands is imported through the command line it registers with)
    from readiness.commands import EXPLAIN_FILES

    folder = workspace(tmp_path)
    junit = (folder / "evidence" / "junit.xml").read_text()
    for n in range(EXPLAIN_FILES + 5):
        (folder / "evidence" / f"TEST-{n:02d}.xml").write_text(junit.replace("<testsuite ", f'<testsuite id="{n}" ', 1))
    done = run("explain", "tests-many", "evidence", "-c", "base.yaml", "--now", NOW, cwd=folder)
    assert done.returncode == 0, done.stderr
    listed = [line for line in done.stdout.splitlines() if line.startswith("  evidence/")]
    assert f"Files selected ({EXPLAIN_FILES + 6}):" in done.stdout and len(listed) == EXPLAIN_FILES
    assert "  and 6 more (every one, with its sha256, in the JSON report of readiness score)" in done.stdout
