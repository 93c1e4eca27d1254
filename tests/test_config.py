"""readiness.yaml through the console script: no-argument scoring, paths from its folder, flags over it,
and mistakes that stop with exit 2 naming file, line and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adoption import NOW, check, run, scored, workspace

CONFIG = """\
service: shop
evidence: evidence
packs: [base.yaml]
outputs: [out/report.json, out/report.md]
gate:
  fail_under: 30
history: {keep: 30}
"""


def test_score_with_no_arguments_uses_the_config(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    done = run("score", "--now", NOW, cwd=workspace(tmp_path, CONFIG))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["service"] == "shop" and report["total"] == 33.3
    assert [p["name"] for p in report["packs"]] == ["base"]
    assert report["gate"]["fail_under"] == 30 and report["gate"]["passed"]
    assert (tmp_path / "out" / "report.md").read_text().startswith("# Production readiness: shop — 33.3/100")


def test_relative_paths_resolve_from_the_config_folder(tmp_path: Path) -> None:
    team = workspace(tmp_path / "team", CONFIG.replace("out/", ""))
    done = run("score", "--now", NOW, "--config", "team/readiness.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((team / "report.json").read_text())["evidence_dir"] == str(Path("team") / "evidence")


def test_flags_override_and_lists_replace(tmp_path: Path) -> None:
    folder = workspace(tmp_path, CONFIG.replace("outputs: [out/report.json, out/report.md]\n", ""),
                       {"other/pack.yaml": """\
                       checks:
                         - {id: only, category: testing, points: 1, claim: c, evidence: tests,
                            when: [tests.total >= 1]}
                       """})
    done, report = scored(folder, "--fail-under", "40", "--service", "cli")
    assert done.returncode == 1 and report["gate"]["reasons"] == ["total 33.3 is below the minimum 40"]
    assert report["service"] == "cli"
    done, report = scored(folder, "-c", "other/pack.yaml")
    assert [c["id"] for c in report["checks"]] == ["only"], done.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("service: shop\nevidence: evidence\npacks: [base.yaml]\ngtae:\n  fail_under: 50\n",
         "readiness.yaml:4: gtae: unknown key; did you mean 'gate'?"),
        ("gate:\n  fail_under: 150\n", "readiness.yaml:2: gate.fail_under: Input should be less than or equal to 100"),
        ("gate:\n  category_min: {testing: 11}\n", "readiness.yaml:2: gate.category_min.testing: Input should be "
                                                   "less than or equal to 10"),
        ("gate:\n  min_evidence_shar: 10\n", "readiness.yaml:2: gate.min_evidence_shar: unknown key; "
                                             "did you mean 'min_evidence_share'?"),
        ("waivers:\n  - check: x\n    reason: r\n    owner: o\n    expires: 31/12/2026\n",
         "readiness.yaml:5: waivers[0].expires: a day such as 2026-12-31"),
        ("waivers:\n  - check: x\n    reason: r\n    expires: 2026-12-31\n",
         "readiness.yaml:2: waivers[0].owner: required field is missing"),
        ("max_waiver_days: 0\n", "readiness.yaml:1: max_waiver_days: Input should be greater than or equal to 1"),
        ("- a list\n", "readiness.yaml:1: expected a mapping of settings"),
        ("gate: [\n", "readiness.yaml:2: invalid YAML"),
        ("outputs: [report.md, report.pdf]\n", "readiness.yaml:1: outputs[1]: cannot tell the format of report.pdf"),
        ("outputs: ['jnuit:r.xml']\n", "readiness.yaml:1: outputs[0]: jnuit:r.xml: unknown report format 'jnuit'"),
    ],
)
def test_config_mistakes_exit_2_naming_the_place(tmp_path: Path, config: str, expected: str) -> None:
    done = run("score", "--now", NOW, cwd=workspace(tmp_path, config))
    assert done.returncode == 2 and expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_config_names_are_checked_against_the_packs(tmp_path: Path) -> None:
    config = "packs: [base.yaml]\ngate:\n  require: [tests-pas]\n  category_min: {testin: 5}\n"
    done = run("validate", cwd=workspace(tmp_path, config))
    assert done.returncode == 2
    assert "readiness.yaml:3 (gate.require): names unknown check 'tests-pas' (did you mean 'tests-pass'?)" \
        in done.stderr
    assert "readiness.yaml:4 (gate.category_min): names unknown category 'testin' (did you mean 'testing'?)" \
        in done.stderr


def test_missing_config_file_and_inspect_ignores_the_config(tmp_path: Path) -> None:
    folder = workspace(tmp_path, "gtae: 1\n")
    done = run("score", "--config", "nope.yaml", cwd=folder)
    assert done.returncode == 2 and "nope.yaml: --config: no such file" in done.stderr
    assert run("inspect", "evidence/junit.xml", cwd=folder).returncode == 0
    assert run("facts", cwd=folder).returncode == 0


def test_config_gate_values_reach_the_report(tmp_path: Path) -> None:
    config = "packs: [base.yaml]\ngate:\n  require: [tests-many]\n  min_evidence_share: 30\n"
    done, report = scored(workspace(tmp_path, config))
    assert done.returncode == 0, done.stderr
    assert report["gate"]["required"] == ["tests-pass", "tests-many"]
    assert report["gate"]["min_evidence_share"] == 30
    assert check(report, "tests-many")["status"] == "pass"


def test_history_in_the_config_records_each_run(tmp_path: Path) -> None:
    folder = workspace(tmp_path / "svc", "packs: [base.yaml]\nhistory: runs/history.db\n")
    (folder / "runs").mkdir()
    done = run("score", "--now", NOW, "--config", "svc/readiness.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (folder / "runs" / "history.db").is_file()
