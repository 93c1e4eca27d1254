"""The baseline gate: compare a fresh scorecard with an earlier report and fail on a drop or a regression."""

from __future__ import annotations

from pathlib import Path

from readiness import reportfile
from readiness.diff import Baseline, compare, delta
from readiness.gate import Gate
from readiness.scorecard import Scorecard


def apply(card: Scorecard, base_path: Path, shown: str, max_drop: float | None,
          fail_on_regression: bool) -> Scorecard:
    """The scorecard with its baseline section and the gate judged against the baseline too."""
    base, sha = reportfile.load(base_path)
    head = reportfile.view_of(card)
    return judge(card, Baseline(path=shown, sha256=sha, diff=compare(base, head, base_sha=sha)),
                 max_drop, fail_on_regression)


def judge(card: Scorecard, baseline: Baseline, max_drop: float | None, fail_on_regression: bool) -> Scorecard:
    """Add the baseline's reasons to the gate: a drop larger than max_drop, and checks that regressed."""
    reasons = list(card.gate.reasons)
    base_total = baseline.diff.base.total
    drop = delta(card.total, base_total) or 0.0
    if max_drop is not None and drop > max_drop:
        reasons.append(f"total dropped {drop:.1f} points since the baseline ({base_total:.1f} \u2192 "
                       f"{card.total:.1f}), more than the {max_drop:g} allowed")
    if fail_on_regression:
        for change in baseline.diff.regressions:
            reasons.append(f"check '{change.id}' passed in the baseline and is now {change.after or 'absent'}")
    gate = Gate.model_validate({
        **card.gate.model_dump(), "configured": True, "passed": not reasons, "reasons": reasons,
        "max_drop": max_drop, "fail_on_regression": fail_on_regression})
    return card.model_copy(update={"baseline": baseline, "gate": gate})
