"""Properties of scoring that hold for any evidence (hypothesis): scores stay in bounds; making a fact
better in the direction its conditions ask never lowers a score; adding a file whose facts satisfy
every condition of the checks that select it never lowers a score; the order of the files never
matters; the same input gives the same bytes. Examples are bounded so `make test` stays quick; see
`pytest --hypothesis-show-statistics`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import scoring
from readiness.evidence import EvidenceFile
from readiness.packs import PackSet, load_packs
from readiness.reporters import REGISTRY
from readiness.scorecard import Scorecard, build

SCORING = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

# ---------------------------------------------------------------- scoring

PACK = """
name: properties
categories:
  - {id: testing, title: Testing, weight: 2}
  - {id: coverage, title: Coverage}
  - {id: performance, title: Performance, weight: 0.5}
  - {id: docs, title: Documentation}
checks:
  - {id: tests-pass, category: testing, points: 4, claim: c, evidence: tests,
     when: ["tests.pass_rate >= 0.9", "tests.total >= 50"]}
  - {id: tests-clean, category: testing, points: 3, claim: c, evidence: tests, max_age: 14d,
     when: ["tests.failed == 0", "tests.errors <= 0"]}
  - {id: tests-not-flaky, category: testing, points: 1, claim: c, evidence: tests, when: ["tests.flaky == 0"]}
  - {id: lines, category: coverage, points: 3, claim: c, evidence: coverage, when: ["coverage.line_pct >= 80"]}
  - {id: branches, category: coverage, points: 2, claim: c, evidence: coverage, max_age: 7d,
     when: ["coverage.branch_pct >= 60"]}
  - {id: p95, category: performance, points: 5, claim: c, evidence: load, when: ["load.p95_ms <= 500"]}
  - {id: errors, category: performance, points: 2.5, claim: c, evidence: load,
     when: ["load.error_rate <= 0.01", "load.requests >= 1000"]}
"""


@functools.cache
def packset() -> PackSet:
    folder = Path(tempfile.mkdtemp(prefix="readiness-properties-"))
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    return load_packs([str(folder / "pack.yaml")])


@dataclass(frozen=True)
class Run:
    """One evidence file's raw counts; its facts are derived the way the adapters derive them."""

    kind: str
    counts: tuple[tuple[str, float], ...]
    age_hours: int
    name: str

    def get(self, key: str) -> float:
        return dict(self.counts)[key]

    def with_counts(self, **changes: float) -> Run:
        return replace(self, counts=tuple((k, changes.get(k, v)) for k, v in self.counts))

    def facts(self) -> dict[str, Any]:
        c = dict(self.counts)
        if self.kind == "junit":
            total, failed, errors, skipped, flaky = (int(c[k]) for k in ("total", "failed", "errors", "skipped",
                                                                         "flaky"))
            passed = total - failed - errors - skipped
            facts: dict[str, Any] = {"tests.total": total, "tests.passed": passed, "tests.failed": failed,
                                     "tests.errors": errors, "tests.skipped": skipped, "tests.flaky": flaky}
            if total - skipped > 0:
                facts["tests.pass_rate"] = round(passed / (total - skipped), 6)
            return facts
        if self.kind == "cobertura":
            facts = {"coverage.lines_total": int(c["lines"]), "coverage.lines_covered": int(c["covered"]),
                     "coverage.branches_total": int(c["branches"]), "coverage.branches_covered": int(c["taken"])}
            if c["lines"]:
                facts["coverage.line_pct"] = round(c["covered"] / c["lines"] * 100, 6)
            if c["branches"]:
                facts["coverage.branch_pct"] = round(c["taken"] / c["branches"] * 100, 6)
            return facts
        facts = {"load.requests": int(c["requests"]), "load.failures": int(c["failures"]),
                 "load.p95_ms": c["p95"]}
        if c["requests"]:
            facts["load.error_rate"] = round(c["failures"] / c["requests"], 6)
        return facts

    def record(self) -> EvidenceFile:
        family = {"junit": "tests", "cobertura": "coverage", "k6_summary": "load"}[self.kind]
        facts = self.facts()
        when = NOW - timedelta(hours=self.age_hours)
        digest = hashlib.sha256(repr((self.name, sorted(facts.items()))).encode()).hexdigest()
        return EvidenceFile(path=f"evidence/{self.name}", kind=self.kind, family=family, sha256=digest, size=100,
                            modified_at=when, evidence_time=when, time_source="content", status="parsed",
                            facts=facts)


LATENCIES = (1.0, 120.0, 260.0, 380.5, 499.9, 500.0, 500.1, 750.0, 1999.0)  # around the pack's 500 ms


@st.composite
def runs(draw: st.DrawFn, kind: str | None = None, name: str = "") -> Run:
    kind = kind or draw(st.sampled_from(("junit", "cobertura", "k6_summary")))
    age = draw(st.sampled_from((0, 1, 30, 200, 400)))  # ties, fresh files and files past max_age
    if kind == "junit":
        total = draw(st.integers(0, 120))
        failed = draw(st.one_of(st.just(0), st.integers(0, total)))
        errors = draw(st.one_of(st.just(0), st.integers(0, total - failed)))
        skipped = draw(st.integers(0, total - failed - errors))
        flaky = draw(st.integers(0, max(total - failed - errors - skipped, 0)))
        counts = {"total": total, "failed": failed, "errors": errors, "skipped": skipped, "flaky": flaky}
    elif kind == "cobertura":
        lines, branches = draw(st.integers(0, 2000)), draw(st.integers(0, 500))
        counts = {"lines": lines, "covered": draw(st.one_of(st.integers(lines * 4 // 5, lines), st.integers(0, lines))),
                  "branches": branches, "taken": draw(st.integers(0, branches))}
    else:
        requests = draw(st.integers(0, 5000))
        # Near the pack's thresholds half the time, so checks pass as often as they fail.
        failures = draw(st.one_of(st.integers(0, requests // 100), st.integers(0, requests)))
        counts = {"requests": requests, "failures": failures,
                  "p95": draw(st.one_of(st.sampled_from(LATENCIES), st.floats(1, 2000).map(lambda f: round(f, 3))))}
    return Run(kind, tuple(counts.items()), age, name or f"{kind}-{draw(st.integers(0, 10**6))}.out")


def folders() -> st.SearchStrategy[list[Run]]:
    return st.lists(runs(), max_size=5, unique_by=lambda r: r.name)


def score(files: list[Run]) -> Scorecard:
    return build(packset(), [r.record() for r in files], now=NOW, evidence_arg="evidence", service="svc",
                 commit=None)


def assert_not_lower(before: Scorecard, after: Scorecard) -> None:
    """No score of after is below before's: total, evidence share, every category and every check."""
    assert after.total >= before.total
    assert after.evidence_share >= before.evidence_share
    for old, new in zip(before.categories, after.categories, strict=True):
        assert (new.score or 0) >= (old.score or 0), (old.id, old.score, new.score)
    for old_check, new_check in zip(before.checks, after.checks, strict=True):
        assert new_check.points >= old_check.points, (old_check.id, old_check.reason, new_check.reason)


@given(folders())
@SCORING
def test_scores_stay_in_bounds(files: list[Run]) -> None:
    card = score(files)
    assert 0 <= card.total <= 100 and 0 <= card.evidence_share <= 100
    assert card.grade == scoring.grade(card.total)
    for category in card.categories:
        assert category.score is None if not category.checks else 0 <= category.score <= 10
    for check in card.checks:
        assert 0 <= check.points <= check.max_points and 0 <= check.gain <= 100
        assert (check.points == check.max_points) is (check.status == "pass")
        assert check.gain == 0 if check.status == "pass" else check.gain > 0
    # What is missing from 100 is exactly what passing every other check would add (up to rounding).
    assert abs(card.total + sum(c.gain for c in card.checks) - 100) <= 0.05 + 0.005 * len(card.checks)


Improve = Callable[[Run, int], Run]
# Each move makes its file better for every condition that reads what it changes.
IMPROVEMENTS: dict[str, tuple[Improve, ...]] = {
    "junit": (
        lambda r, k: r.with_counts(total=r.get("total") + k),  # k more tests, all passing
        lambda r, k: r.with_counts(failed=max(r.get("failed") - k, 0)),  # fixed failures now pass
        lambda r, k: r.with_counts(errors=max(r.get("errors") - k, 0)),
        lambda r, k: r.with_counts(flaky=max(r.get("flaky") - k, 0)),
    ),
    "cobertura": (
        lambda r, k: r.with_counts(covered=min(r.get("covered") + k, r.get("lines"))),
        lambda r, k: r.with_counts(taken=min(r.get("taken") + k, r.get("branches"))),
    ),
    "k6_summary": (
        lambda r, k: r.with_counts(p95=max(round(r.get("p95") - k * 7.5, 3), 0.0)),
        lambda r, k: r.with_counts(failures=max(r.get("failures") - k, 0)),
        lambda r, k: r.with_counts(requests=r.get("requests") + k * 10),  # more requests, none failed
    ),
}


@given(folders().filter(bool), st.data())
@SCORING
def test_a_fact_made_better_in_the_direction_its_conditions_ask_never_lowers_a_score(
        files: list[Run], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(files) - 1))
    run = files[index]
    move = data.draw(st.sampled_from(IMPROVEMENTS[run.kind]))
    better = move(run, data.draw(st.integers(1, 400)))
    improved = [*files[:index], better, *files[index + 1:]]
    assert_not_lower(score(files), score(improved))


@st.composite
def satisfying(draw: st.DrawFn) -> Run:
    """A fresh file whose facts meet every condition of every check that selects its kind (PACK)."""
    kind = draw(st.sampled_from(("junit", "cobertura", "k6_summary")))
    name = f"new-{kind}.out"
    if kind == "junit":
        counts = {"total": draw(st.integers(50, 500)), "failed": 0, "errors": 0, "skipped": 0, "flaky": 0}
    elif kind == "cobertura":
        lines, branches = draw(st.integers(1, 2000)), draw(st.integers(1, 500))
        counts = {"lines": lines, "covered": draw(st.integers(math.ceil(lines * 0.8), lines)),
                  "branches": branches, "taken": draw(st.integers(math.ceil(branches * 0.6), branches))}
    else:
        requests = draw(st.integers(1000, 50_000))
        counts = {"requests": requests, "failures": draw(st.integers(0, requests // 100)),
                  "p95": draw(st.sampled_from([p for p in LATENCIES if p <= 500]))}
    return Run(kind, tuple(counts.items()), draw(st.sampled_from((0, 1))), name)


@given(folders(), satisfying())
@SCORING
def test_adding_a_file_that_meets_every_condition_never_lowers_a_score(files: list[Run], new: Run) -> None:
    """Counts add, so the file brings no failure to a check that wants none (a pack that allows a
    few failures, `tests.failed <= 2`, can fall when a second run adds more: that is the point)."""
    for check in packset().checks:
        if check.evidence.kind == {"junit": "tests", "cobertura": "coverage", "k6_summary": "load"}[new.kind]:
            facts = new.facts()
            assert all(c.holds(facts[c.fact]) for c in check.when), check.id  # the premise, checked
    assert_not_lower(score(files), score([*files, new]))


def _comparable(card: Scorecard) -> dict[str, Any]:
    data = card.model_dump(mode="json")
    data["files"] = sorted(data["files"], key=lambda f: f["path"])  # the inventory lists files as given
    return data


@given(folders(), st.randoms(use_true_random=False))
@SCORING
def test_file_order_never_matters(files: list[Run], random: Any) -> None:
    shuffled = list(files)
    random.shuffle(shuffled)
    assert _comparable(score(shuffled)) == _comparable(score(files))


@given(folders())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_output_is_deterministic(files: list[Run]) -> None:
    first, second = score(files), score(list(files))
    for fmt, reporter in REGISTRY.items():
        assert reporter.render(first) == reporter.render(second), fmt


@pytest.mark.parametrize("kind", sorted(IMPROVEMENTS))
def test_every_improvement_really_changes_a_fact(kind: str) -> None:
    """Guards the property above from moves that do nothing."""
    base = {"junit": Run("junit", (("total", 100), ("failed", 10), ("errors", 5), ("skipped", 0), ("flaky", 3)),
                         0, "t"),
            "cobertura": Run("cobertura", (("lines", 100), ("covered", 50), ("branches", 10), ("taken", 5)), 0, "c"),
            "k6_summary": Run("k6_summary", (("requests", 2000), ("failures", 50), ("p95", 800.0)), 0, "l")}[kind]
    for move in IMPROVEMENTS[kind]:
        assert move(base, 1).facts() != base.facts()


def test_the_file_strategies_reach_every_status() -> None:
    """Guards the properties from data that never fails or never passes a check."""
    seen: set[str] = set()

    @given(folders())
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def collect(files: list[Run]) -> None:
        seen.update(c.status for c in score(files).checks)

    collect()
    assert {"pass", "fail", "no_evidence", "stale"} <= seen
