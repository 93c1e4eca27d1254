"""The terminal scorecard: golden output, the lines a CI log reader looks for, 80 columns whatever the input,
and the same words and units as the other reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fixed_cards import HOSTILE, ROOT, check_golden, render_fixed, synthetic_card

from readiness.reporters import REGISTRY, html, markdown, text
from readiness.scorecard import Scorecard


@pytest.fixture(scope="module")
def demo() -> Scorecard:
    return render_fixed(ROOT / "evidence", root=ROOT / "examples" / "shop", now=datetime(2026, 11, 28, 18, tzinfo=UTC),
                        service="shop", commit="0" * 40, fail_under=70)


def _widest(output: str) -> int:
    return max(len(line) for line in output.splitlines())


def test_registered() -> None:
    assert REGISTRY["text"] is text


def test_golden(card: Scorecard) -> None:
    check_golden("report.txt", text.render(card))


def test_every_unproven_and_failed_check_is_listed_with_its_reason(card: Scorecard) -> None:
    """Checks not proven carry their reason; failed checks their conditions in words (the reason's values
    with units); both in the words the lines print once folded."""
    rendered = text.render(card)
    words = " ".join(rendered.split())
    for check in card.checks:
        if check.id in card.unproven:
            assert f"  - {check.id}" in rendered and " ".join(check.reason.split()) in words, check.id
        elif check.status == "fail":
            assert f"  - {check.id}: 67 % of tests passed (2 of 3); needs 100 %" in rendered, check.id
    assert f"Total {card.total:.1f}/100, grade {card.grade}" in rendered
    assert rendered.endswith("\n") and "Gate: FAILED" in rendered


@pytest.mark.parametrize("which", ["fixture", "demo", "huge"])
def test_fits_80_columns(which: str, card: Scorecard, demo: Scorecard) -> None:
    chosen = {"fixture": card, "demo": demo, "huge": synthetic_card(checks=60, files=20, text=300)}[which]
    output = text.render(chosen)
    assert _widest(output) <= 80
    assert output.count("\n") > 15


def test_long_names_wrap_instead_of_overflowing() -> None:
    huge = synthetic_card(checks=10, files=5, text=300)
    long_title = huge.model_copy(update={"service": "s" * 120, "categories": [
        huge.categories[0].model_copy(update={"title": "A category title far longer than any column " * 2})]})
    assert _widest(text.render(long_title)) <= 80


def test_same_words_and_units_as_the_other_reports(card: Scorecard, demo: Scorecard) -> None:
    for scorecard, phrases in ((card, ["67 % of tests passed (2 of 3); needs 100 %",
                                       "total 27.5 is below the minimum 70"]),
                               (demo, ["2.30 % of requests failed (241 of 10,469); needs at most 1 %",
                                       "Alerts no route delivers: 1 (ShopCacheCold); needs 0",
                                       "Load test length: 1 min 9 s; needs at least 30 min"])):
        flat = " ".join(text.render(scorecard).split())
        for phrase in phrases:
            assert phrase in flat
            assert phrase in markdown.render(scorecard)
            assert phrase in html.render(scorecard)
        assert "0.02302" not in flat and "0.666667" not in flat


def test_a_number_stays_with_its_unit(demo: Scorecard) -> None:
    for line in text.render(demo).splitlines():
        assert not line.strip().startswith(("%", "ms ", "s ")), line


def test_sections(card: Scorecard) -> None:
    output = text.render(card)
    order = ["Total 27.5/100, grade F", "Gate: FAILED", "Category", "What would raise the score most:",
             "Claimed but not proven:", "Failed:"]
    positions = [output.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Documentation         –  no checks" in output


def test_hostile_text_stays_text() -> None:
    output = text.render(synthetic_card(checks=5, files=3, text=20))
    assert HOSTILE.split(" |")[0] in output  # plain text has nothing to escape, and nothing is lost
