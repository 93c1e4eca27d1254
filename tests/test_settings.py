"""Gate flags through the console script: out-of-range values and mistyped names stop with exit 2 (with a
did-you-mean), and --min-evidence-share fails the gate when too little of the score is proven."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adoption import run, scored, workspace


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("--fail-under", "150"), "--fail-under must be between 0 and 100 (the total's range), got 150"),
        (("--fail-under", "-1"), "--fail-under must be between 0 and 100"),
        (("--category-min", "testing=11"), "--category-min testing=11: a category score is between 0 and 10"),
        (("--min-evidence-share", "101"), "--min-evidence-share is a percent between 0 and 100, got 101"),
        (("--require", "tests-pas"), "--require names unknown checks: tests-pas (did you mean 'tests-pass'?)"),
        (("--category-min", "testin=5"), "--category-min names unknown categories: testin (did you mean 'testing'?)"),
        (("-c", "servce"), "servce: no such pack file or built-in pack; did you mean 'service'?"),
    ],
)
def test_bad_gate_flags_exit_2(tmp_path: Path, flags: tuple[str, ...], expected: str) -> None:
    args = flags if "-c" in flags else ("-c", "base.yaml", *flags)
    done = run("score", *args, cwd=workspace(tmp_path))
    assert done.returncode == 2 and expected in done.stderr, done.stderr


def test_min_evidence_share(tmp_path: Path) -> None:
    folder = workspace(tmp_path)
    done, report = scored(folder, "-c", "base.yaml", "--min-evidence-share", "33.4")
    assert report["evidence_share"] == 33.3 and done.returncode == 1
    assert report["gate"]["reasons"] == ["evidence backs 33.3% of the possible points, below the minimum 33.4%"]
    done, report = scored(folder, "-c", "base.yaml", "--min-evidence-share", "33.3")
    assert done.returncode == 0 and report["gate"]["configured"] and report["gate"]["passed"]
