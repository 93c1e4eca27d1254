"""The terminal text report: golden output and the lines a CI log reader looks for."""

from __future__ import annotations

from fixed_cards import check_golden

from readiness.reporters import text
from readiness.scorecard import Scorecard


def test_golden(card: Scorecard) -> None:
    check_golden("report.txt", text.render(card))


def test_every_unproven_and_failed_check_is_listed_with_its_reason(card: Scorecard) -> None:
    rendered = text.render(card)
    for check in card.checks:
        if check.id in card.unproven or check.status == "fail":
            assert f"  - {check.id}" in rendered and check.reason in rendered, check.id
    assert f"Total {card.total:.1f}/100  grade {card.grade}" in rendered
    assert rendered.endswith("\n") and "Gate: FAILED" in rendered
