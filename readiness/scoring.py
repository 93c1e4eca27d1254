"""Scoring: category scores 0-10, the weighted total 0-100 rounded once, the grade, and what each check is worth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from readiness.findings import DECIDED, Finding
from readiness.packs import Category

GRADES: tuple[tuple[int, str], ...] = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))
EVIDENCED = ("pass", "fail")


def exact(value: float) -> Fraction:
    """A float from YAML as the decimal its author wrote (0.1 is 1/10, not a binary approximation)."""
    return Fraction(repr(value))


def round_half_up(value: Fraction, places: int = 1) -> float:
    """Round exactly, half away from zero for positive values: 84.95 -> 85.0 (no binary artefacts)."""
    scale = 10**places
    return math.floor(value * scale + Fraction(1, 2)) / scale


def round_below_max(value: Fraction, maximum: int, places: int = 1) -> float:
    """Round half up, except that a value short of its maximum never rounds up to it (as coverage.py's
    fail_under: 99.95 of 100 shows as 99.9, so "100" always means every point)."""
    rounded = round_half_up(value, places)
    if value < maximum <= rounded:
        return math.floor(value * 10**places) / 10**places
    return rounded


def grade(total: float) -> str:
    """The letter grade of a rounded total."""
    return next((letter for floor, letter in GRADES if total >= floor), "F")


@dataclass(frozen=True)
class CategoryTally:
    """Exact points of one category."""

    category: Category
    earned: Fraction
    possible: Fraction
    evidenced: Fraction
    checks: tuple[str, ...]

    @property
    def scored(self) -> bool:
        """A category without checks has nothing to score and stays out of the total."""
        return self.possible > 0

    @property
    def score(self) -> Fraction:
        return self.earned / self.possible * 10 if self.scored else Fraction(0)


def tally(categories: Sequence[Category], findings: Sequence[Finding]) -> list[CategoryTally]:
    """Earned, possible and evidence-backed points per category, in category order. Waived and
    not-applicable checks are left out: a person set them aside, so they are neither earned nor possible."""
    rows = []
    for category in categories:
        mine = [f for f in findings if f.category == category.id and f.status not in DECIDED]
        rows.append(CategoryTally(
            category=category,
            earned=sum((exact(f.points) for f in mine), Fraction(0)),
            possible=sum((exact(f.max_points) for f in mine), Fraction(0)),
            evidenced=sum((exact(f.max_points) for f in mine if f.status in EVIDENCED), Fraction(0)),
            checks=tuple(f.id for f in mine),
        ))
    return rows


def _weighted(rows: Sequence[CategoryTally], part: str) -> Fraction:
    scored = [r for r in rows if r.scored]
    weights = sum((exact(r.category.weight) for r in scored), Fraction(0))
    if weights == 0:
        return Fraction(0)
    return sum((exact(r.category.weight) * getattr(r, part) / r.possible for r in scored), Fraction(0)) / weights * 100


def total(rows: Sequence[CategoryTally]) -> float:
    """The weighted mean of category scores on 0-100, rounded once to 0.1, half up (never up to 100)."""
    return round_below_max(_weighted(rows, "earned"), 100)


def evidence_share(rows: Sequence[CategoryTally]) -> float:
    """Percent of the possible total (weighted like the total) whose checks had usable evidence."""
    return round_below_max(_weighted(rows, "evidenced"), 100)


def gain(finding: Finding, rows: Sequence[CategoryTally]) -> float:
    """How many total points passing this check would add (0 for a check that already passes)."""
    if finding.status == "pass" or finding.status in DECIDED:
        return 0.0
    scored = [r for r in rows if r.scored]
    weights = sum((exact(r.category.weight) for r in scored), Fraction(0))
    row = next((r for r in scored if r.category.id == finding.category), None)
    if row is None or weights == 0:
        return 0.0
    return round_half_up(exact(row.category.weight) / weights * exact(finding.max_points) / row.possible * 100, 2)
