"""The deploy gate: a minimum total, per-category minimums and required checks, judged on rounded scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from readiness.findings import Finding

_VERDICT = {"fail": "failed", "no_evidence": "has no evidence", "invalid_evidence": "has unreadable evidence",
            "stale": "has stale evidence"}


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


def judge_gate(total: float, category_scores: Mapping[str, float | None], findings: Sequence[Finding],
               fail_under: float | None, category_minimums: Mapping[str, float],
               required: Sequence[str]) -> Gate:
    """Fail when the rounded total is below fail_under, a category is below its minimum, or a
    required check did not pass."""
    reasons = []
    if fail_under is not None and total < fail_under:
        reasons.append(f"total {total:g} is below the minimum {fail_under:g}")
    for category, minimum in category_minimums.items():
        score = category_scores.get(category)
        shown = "not scored" if score is None else f"{score:g}"
        if score is None or score < minimum:
            reasons.append(f"{category} {shown} is below the minimum {minimum:g}")
    by_id = {f.id: f for f in findings}
    for check_id in required:
        finding = by_id[check_id]
        if finding.status != "pass":
            reasons.append(f"required check '{check_id}' {_VERDICT[finding.status]}: {finding.reason}")
    configured = fail_under is not None or bool(category_minimums) or bool(required)
    return Gate(configured=configured, passed=not reasons, reasons=reasons, fail_under=fail_under,
                category_minimums=dict(category_minimums), required=list(required))
