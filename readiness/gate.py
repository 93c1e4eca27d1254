"""The deploy gate: a minimum total, per-category minimums, required checks and a minimum evidence share,
judged on rounded scores with waivers applied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from readiness.findings import Finding, Status

# Every status has a phrase: a status the gate cannot word must never end a run with an internal error.
VERDICT: dict[Status, str] = {
    "pass": "passed", "fail": "failed", "no_evidence": "has no evidence",
    "invalid_evidence": "has unreadable evidence", "stale": "has stale evidence", "waived": "is waived",
    "not_applicable": "is disabled (not applicable)",
}


class Gate(BaseModel):
    """The gate's settings and verdict."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    configured: bool
    passed: bool
    reasons: list[str] = Field(default_factory=list)
    fail_under: float | None = None
    category_minimums: dict[str, float] = Field(default_factory=dict)
    required: list[str] = Field(default_factory=list)
    max_drop: float | None = Field(None, description="with a baseline: the largest drop of the total allowed")
    fail_on_regression: bool | None = Field(None, description="with a baseline: a check that passed must pass")
    min_evidence_share: float | None = None


def judge_gate(total: float, category_scores: Mapping[str, float | None], findings: Sequence[Finding],
               fail_under: float | None, category_minimums: Mapping[str, float],
               required: Sequence[str], min_evidence_share: float | None = None,
               evidence_share: float | None = None) -> Gate:
    """Fail when the rounded total is below fail_under, a category is below its minimum, a required
    check did not pass, or evidence backs less than min_evidence_share percent of the possible total."""
    reasons = []
    if fail_under is not None and total < fail_under:
        reasons.append(f"total {total:g} is below the minimum {fail_under:g}")
    if min_evidence_share is not None and (evidence_share or 0.0) < min_evidence_share:
        reasons.append(f"evidence backs {evidence_share or 0.0:g}% of the possible points, "
                       f"below the minimum {min_evidence_share:g}%")
    for category, minimum in category_minimums.items():
        score = category_scores.get(category)
        shown = "not scored" if score is None else f"{score:g}"
        if score is None or score < minimum:
            reasons.append(f"{category} {shown} is below the minimum {minimum:g}")
    by_id = {f.id: f for f in findings}
    for check_id in required:
        finding = by_id[check_id]
        if finding.status != "pass":
            reasons.append(f"required check '{check_id}' {VERDICT[finding.status]}: {finding.reason}")
    configured = (fail_under is not None or bool(category_minimums) or bool(required)
                  or min_evidence_share is not None)
    return Gate(configured=configured, passed=not reasons, reasons=reasons, fail_under=fail_under,
                category_minimums=dict(category_minimums), required=list(required),
                min_evidence_share=min_evidence_share)
