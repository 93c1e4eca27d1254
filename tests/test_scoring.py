"""Scoring arithmetic: category scores, weighted total, rounding once half up, grades, gains."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from readiness import scoring
from readiness.findings import Finding
from readiness.packs import Category


def finding(category: str, points: float, max_points: float, status: str = "pass", **extra: Any) -> Finding:
    return Finding.model_validate({"id": f"{category}-{max_points}-{status}-{len(extra)}", "category": category,
                                   "claim": "c", "status": status, "points": points, "max_points": max_points,
                                   "required": False, "fix": None, "reason": "r", **extra})


CATS = [Category(id="a", title="A"), Category(id="b", title="B")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(8495, 100), 85.0), (Fraction(8494, 100), 84.9), (Fraction(200, 3), 66.7),
     (Fraction(1, 20), 0.1), (Fraction(8995, 100), 90.0), (Fraction(0), 0.0), (Fraction(100), 100.0)],
)
def test_round_half_up_is_exact(value: Fraction, expected: float) -> None:
    assert scoring.round_half_up(value) == expected


def test_float_points_are_read_as_written() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary; written points must add as decimals.
    rows = scoring.tally([CATS[0]], [finding("a", 0.1, 0.1), finding("a", 0.2, 0.2, id="x"),
                                     finding("a", 0, 0.7, "fail", id="y")])
    assert rows[0].earned == Fraction(3, 10)
    assert scoring.total(rows) == 30.0


@pytest.mark.parametrize(("total", "grade"), [(100, "A"), (90.0, "A"), (89.9, "B"), (80, "B"), (79.9, "C"),
                                               (70, "C"), (60, "D"), (59.9, "F"), (0, "F")])
def test_grade_boundaries(total: float, grade: str) -> None:
    assert scoring.grade(total) == grade


def test_rounded_total_decides_the_grade() -> None:
    # 8995/100 rounds to 90.0 -> A, not B: the grade uses the rounded total.
    rows = scoring.tally([CATS[0]], [finding("a", 1799, 2000), finding("a", 0, 1, "fail", id="z")])
    assert rows[0].score * 10 == Fraction(1799 * 100, 2001)
    total = scoring.total(rows)
    assert total == 89.9 and scoring.grade(total) == "B"
    rows = scoring.tally([CATS[0]], [finding("a", 8995, 8995), finding("a", 0, 1005, "fail", id="z")])
    assert scoring.total(rows) == 90.0 and scoring.grade(90.0) == "A"


def test_weighted_mean_of_categories() -> None:
    cats = [Category(id="a", title="A", weight=3), Category(id="b", title="B", weight=1)]
    rows = scoring.tally(cats, [finding("a", 10, 10), finding("b", 0, 10, "fail")])
    assert scoring.total(rows) == 75.0


def test_category_without_checks_is_left_out_of_the_total() -> None:
    rows = scoring.tally(CATS, [finding("a", 5, 10), finding("a", 0, 0.0001, "no_evidence", id="q")])
    assert not rows[1].scored
    assert scoring.total(rows) == pytest.approx(50.0, abs=0.1)


def test_evidence_share_counts_pass_and_fail_only() -> None:
    rows = scoring.tally(CATS, [finding("a", 4, 4), finding("a", 0, 6, "fail", id="f"),
                                finding("b", 0, 5, "no_evidence"), finding("b", 0, 5, "stale", id="s")])
    assert scoring.evidence_share(rows) == 50.0


def test_gain_is_what_passing_would_add_to_the_total() -> None:
    cats = [Category(id="a", title="A", weight=3), Category(id="b", title="B", weight=1)]
    missing = finding("b", 0, 2, "no_evidence")
    rows = scoring.tally(cats, [finding("a", 10, 10), missing, finding("b", 8, 8, id="k")])
    assert scoring.gain(missing, rows) == 5.0  # weight 1/4 * 2/10 of 100
    assert scoring.gain(finding("a", 10, 10), rows) == 0.0


def test_empty_evidence_scores_zero() -> None:
    rows = scoring.tally(CATS, [finding("a", 0, 4, "no_evidence"), finding("b", 0, 4, "no_evidence")])
    assert scoring.total(rows) == 0.0 and scoring.grade(0.0) == "F"


@pytest.mark.parametrize(
    ("value", "maximum", "expected"),
    [(Fraction(9999, 100), 100, 99.9), (Fraction(99995, 1000), 100, 99.9), (Fraction(100), 100, 100.0),
     (Fraction(9995, 1000), 10, 9.9), (Fraction(10), 10, 10.0), (Fraction(8495, 100), 100, 85.0)],
)
def test_a_value_short_of_its_maximum_never_rounds_up_to_it(value: Fraction, maximum: int, expected: float) -> None:
    assert scoring.round_below_max(value, maximum) == expected


def test_one_failing_point_among_ten_thousand_is_not_a_perfect_total() -> None:
    # 9,999 of 10,000 points is 99.99: shown and gated as 99.9, never 100.0 (coverage.py's fail_under rule).
    rows = scoring.tally([CATS[0]], [finding("a", 9999, 9999), finding("a", 0, 1, "fail", id="z")])
    assert scoring.total(rows) == 99.9
    assert scoring.evidence_share(rows) == 100.0
    rows = scoring.tally([CATS[0]], [finding("a", 9999, 9999), finding("a", 0, 1, "no_evidence", id="z")])
    assert scoring.evidence_share(rows) == 99.9


def _decided(category: str, points: float, max_points: float, status: str, kind: str) -> Finding:
    from readiness.findings import decide

    return decide(finding(category, points, max_points, status), kind, "does not apply", "team.yaml:3",  # type: ignore[arg-type]
                  owner="alice")


@pytest.mark.parametrize("kind", ["waiver", "disable"])
def test_waived_and_disabled_checks_leave_the_possible_points(kind: str) -> None:
    from readiness.findings import undecided

    found = [finding("a", 4, 4), finding("a", 0, 6, "fail"), _decided("a", 0, 10, "fail", kind),
             finding("b", 5, 5), _decided("b", 3, 3, "pass", kind)]
    rows = scoring.tally(CATS, found)
    assert (rows[0].earned, rows[0].possible) == (4, 10)
    assert (rows[1].earned, rows[1].possible) == (5, 5)
    assert scoring.total(rows) == 70.0  # (4/10 + 5/5) / 2
    assert scoring.evidence_share(rows) == 100.0  # set-aside checks are neither proven nor unproven
    assert scoring.gain(found[2], rows) == 0.0
    # Taken back, the evidence alone: a has 4/20, b has 8/8.
    assert scoring.total(scoring.tally(CATS, [undecided(f) for f in found])) == 60.0


def test_category_with_every_check_set_aside_is_not_scored() -> None:
    rows = scoring.tally(CATS, [finding("a", 1, 1), _decided("b", 0, 2, "no_evidence", "waiver")])
    assert not rows[1].scored
    assert scoring.total(rows) == 100.0
