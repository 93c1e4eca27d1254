"""The gate: minimum total, category minimums and required checks."""

from __future__ import annotations

from readiness.findings import Finding
from readiness.gate import judge_gate


def finding(check_id: str, status: str) -> Finding:
    return Finding(id=check_id, category="testing", claim="c", status=status, points=0, max_points=1,  # type: ignore[arg-type]
                   required=False, fix=None, reason="tests.pass_rate: not in x.xml")


def test_no_settings_passes_and_says_not_configured() -> None:
    gate = judge_gate(0.0, {}, [], None, {}, [])
    assert gate.passed and not gate.configured


def test_fail_under_compares_the_rounded_total() -> None:
    assert judge_gate(59.9, {}, [], 60, {}, []).reasons == ["total 59.9 is below the minimum 60"]
    assert judge_gate(60.0, {}, [], 60, {}, []).passed


def test_category_minimum_and_unscored_category() -> None:
    gate = judge_gate(80, {"performance": 4.9, "cost": None}, [], None, {"performance": 5, "cost": 1}, [])
    assert gate.reasons == ["performance 4.9 is below the minimum 5", "cost not scored is below the minimum 1"]


def test_required_check_must_pass() -> None:
    gate = judge_gate(100, {}, [finding("tests-pass", "no_evidence")], None, {}, ["tests-pass"])
    assert not gate.passed
    assert gate.reasons == ["required check 'tests-pass' has no evidence: tests.pass_rate: not in x.xml"]
    assert judge_gate(100, {}, [finding("tests-pass", "pass")], None, {}, ["tests-pass"]).passed


def test_fail_under_100_and_a_category_minimum_of_10_need_every_point() -> None:
    # One failing 1-point check among 10,000 points: the scorecard never rounds 99.99 up to 100 or
    # 9.999 up to 10, so the gate at the top needs every point, as coverage.py's fail_under does.
    from readiness import scoring
    from readiness.packs import Category
    from readiness.scorecard import _category

    cat = Category(id="testing", title="Testing")
    findings = [Finding(id=f"c{i}", category="testing", claim="c", status="pass", points=1, max_points=1,
                        required=False, fix=None, reason="r") for i in range(9999)] + [finding("last", "fail")]
    rows = scoring.tally([cat], findings)
    total, category = scoring.total(rows), _category(rows[0], findings)
    gate = judge_gate(total, {"testing": category.score}, findings, 100, {"testing": 10}, [])
    assert (total, category.score) == (99.9, 9.9)
    assert gate.reasons == ["total 99.9 is below the minimum 100", "testing 9.9 is below the minimum 10"]


def test_every_status_has_a_verdict_for_a_required_check() -> None:
    from typing import get_args

    from readiness.findings import STATUSES, Status
    from readiness.gate import VERDICT

    assert set(STATUSES) == set(get_args(Status)) == set(VERDICT)
    for status in STATUSES:
        gate = judge_gate(100, {}, [finding("t", status)], None, {}, ["t"])
        assert gate.passed is (status == "pass")
        if status != "pass":
            assert gate.reasons == [f"required check 't' {VERDICT[status]}: tests.pass_rate: not in x.xml"]


def test_min_evidence_share() -> None:
    gate = judge_gate(100, {}, [], None, {}, [], min_evidence_share=80, evidence_share=79.9)
    assert gate.configured and not gate.passed
    assert gate.reasons == ["evidence backs 79.9% of the possible points, below the minimum 80%"]
    assert judge_gate(100, {}, [], None, {}, [], min_evidence_share=80, evidence_share=80.0).passed
