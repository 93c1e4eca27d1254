"""Tailoring packs through the console script: extends (loaded once), override (noted on the check), disable
(not applicable, outside the possible points), and the required checks that cannot be set aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adoption import check, run, scored, workspace

TEAM = """\
name: team
extends: base.yaml
override:
  tests-many:
    points: 2
    when: [tests.total >= 5]
    fix: Write more tests.
disable:
  cost-budget: we run on fixed-price hardware
"""


def test_override_and_disable(tmp_path: Path) -> None:
    folder = workspace(tmp_path, files={"team.yaml": TEAM})
    done, report = scored(folder, "-c", "base.yaml", "-c", "team.yaml")
    assert done.returncode == 0, done.stderr
    assert [p["name"] for p in report["packs"]] == ["base", "team"]  # base once, though team extends it
    many = check(report, "tests-many")
    assert many["status"] == "fail" and many["max_points"] == 2
    assert many["overrides"] == ["team.yaml: fix none → \"Write more tests.\"", "team.yaml: points 4 → 2",
                                 "team.yaml: when [tests.total >= 3] → [tests.total >= 5]"]
    cost = check(report, "cost-budget")
    assert cost["status"] == "not_applicable"
    assert cost["decision"]["reason"] == "we run on fixed-price hardware"
    assert cost["decision"]["source"] == "team.yaml:9"
    assert cost["reason"].startswith("disabled in team.yaml:9: we run on fixed-price hardware")
    # Testing 6/8 and performance 0/10; cost is out of the total: (7.5 + 0) / 2 = 37.5.
    assert report["total"] == 37.5 and report["total_unwaived"] == 25.0
    cost_category = next(c for c in report["categories"] if c["id"] == "cost")
    assert cost_category["score"] is None and cost_category["possible"] == 0
    assert report["status_counts"]["not_applicable"] == 1
    listed = run("checks", "team.yaml", cwd=folder)
    assert listed.returncode == 0
    assert "not applicable: we run on fixed-price hardware (team.yaml:9)" in listed.stdout
    assert "overridden: team.yaml: points 4 → 2" in listed.stdout
    assert "4 checks, 1 disabled, 18 possible points, from base.yaml, team.yaml" in listed.stdout


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ("extends: base.yaml\noverride:\n  tests-mny: {points: 1}\n",
         "team.yaml:3: override.tests-mny: unknown check 'tests-mny'; did you mean 'tests-many'?"),
        ("extends: base.yaml\ndisable:\n  cost-budgt: no cloud\n",
         "team.yaml:3: disable.cost-budgt: unknown check 'cost-budgt'; did you mean 'cost-budget'?"),
        ("extends: base.yaml\ndisable:\n  tests-pass: not today\n",
         "team.yaml:3: disable.tests-pass: check 'tests-pass' is required in base.yaml:13; a required check "
         "cannot be disabled"),
        ("extends: base.yaml\noverride:\n  tests-pass: {required: false}\n",
         "team.yaml:3: override.tests-pass.required: check 'tests-pass' is required in base.yaml:13; an "
         "override cannot make it optional"),
        ("extends: base.yaml\noverride:\n  tests-many:\n    when: [tests.totl >= 5]\n",
         "team.yaml:4: check 'tests-many' › when[0]: unknown fact 'tests.totl'; did you mean 'tests.total'?"),
        ("extends: base.yaml\noverride:\n  tests-many: {pints: 2}\n",
         "team.yaml:3: override.tests-many.pints: unknown field 'pints'; did you mean 'points'?"),
        ("extends: servce\n", "team.yaml:1: extends: no such pack file or built-in pack; did you mean 'service'?"),
        ("extends: team.yaml\ndisable: {x: y}\n", "extends itself"),
    ],
)
def test_tailoring_mistakes_exit_2(tmp_path: Path, team: str, expected: str) -> None:
    done = run("validate", "team.yaml", cwd=workspace(tmp_path, files={"team.yaml": team}))
    assert done.returncode == 2 and expected in done.stderr, done.stderr


def test_required_check_cannot_be_waived_or_disabled_from_the_gate(tmp_path: Path) -> None:
    folder = workspace(tmp_path, files={"team.yaml": TEAM})
    done = run("score", "-c", "team.yaml", "--require", "cost-budget", cwd=folder)
    assert done.returncode == 2
    assert ("--require: check 'cost-budget' is required here but disabled in team.yaml:9; a required check cannot "
            "be disabled") in done.stderr


def test_category_minimum_on_a_category_left_with_nothing_to_score(tmp_path: Path) -> None:
    folder = workspace(tmp_path, files={"team.yaml": TEAM})
    done = run("score", "-c", "team.yaml", "--category-min", "cost=5", cwd=folder)
    assert done.returncode == 2
    assert ("--category-min: a minimum for 'cost', which has nothing left to score: every check in it is disabled "
            "or waived: cost-budget") in done.stderr


def test_validate_reports_every_problem_in_one_run(tmp_path: Path) -> None:
    pack = """\
    checks:
      - {id: a, category: testing, points: 0, claim: c, evidence: tests, when: [tests.total >= 1]}
      - {id: b, category: tesing, points: 1, claim: c, evidence: tests, when: [tests.total >= 1]}
      - {id: c, category: testing, points: 1, claim: c, evidence: tests, when: [tests.totl >= 1]}
      - {id: d, category: testing, points: 1, claim: c, evidence: tests, when: [tests.total >= 1], extra: 1}
    """
    done = run("validate", "pack.yaml", cwd=workspace(tmp_path, files={"pack.yaml": pack}))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert any(line.startswith("pack.yaml:2: check 'a' › points: Input should be greater than 0") for line in lines)
    assert "pack.yaml:3: check 'b' › category: unknown category 'tesing'; did you mean 'testing'?" in lines
    assert "pack.yaml:4: check 'c' › when[0]: unknown fact 'tests.totl'; did you mean 'tests.total'?" in lines
    assert any(line.startswith("pack.yaml:5: check 'd' › extra: unknown field 'extra'") for line in lines)



def test_every_human_report_says_which_pack_changed_a_check(tmp_path: Path) -> None:
    folder = workspace(tmp_path, files={"team.yaml": TEAM})
    done = run("score", "--now", "2026-11-28T18:00:00Z", "-c", "base.yaml", "-c", "team.yaml", "-q",
               "-o", "r.md", "-o", "r.html", "-o", "r.txt", cwd=folder)
    assert done.returncode == 0, done.stderr
    text = " ".join((folder / "r.txt").read_text().split())
    assert "Changed by a team pack:" in text and "tests-many: team.yaml: fix none" in text
    markdown = (folder / "r.md").read_text()
    assert "1 check changed by a team pack" in markdown and "team.yaml: points 4 → 2" in markdown
    page = (folder / "r.html").read_text()
    assert "Changed by a pack:" in page and "team.yaml: points 4 → 2" in page


def test_durations_read_as_the_pack_writes_them_everywhere() -> None:
    """One formatter for max_age: 90 minutes is 90m (not "1h"), 36 hours 36h (explain said "1d")."""
    from datetime import timedelta

    from readiness.packs import duration_text
    from readiness.tailoring import _text

    for value, shown in ((timedelta(minutes=90), "90m"), (timedelta(hours=36), "36h"), (timedelta(days=30), "30d"),
                         (timedelta(days=14), "2w")):
        assert duration_text(value) == _text(value) == shown
