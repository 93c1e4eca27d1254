"""The Markdown report: golden output, escaping of evidence text, and the pull-request size budget."""

from __future__ import annotations

import re

import pytest
from fixed_cards import check_golden, synthetic_card

from readiness.reporters import markdown
from readiness.scorecard import Scorecard

GITHUB_COMMENT_LIMIT = 65_000
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_golden(card: Scorecard) -> None:
    check_golden("report.md", markdown.render(card))


def test_sections_in_order(card: Scorecard) -> None:
    text = markdown.render(card)
    order = ["| Category | Score | Evidence |", "## Claimed but not proven", "## What would raise the score most",
             "## Checks by category", "## Evidence files"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_hostile_test_name_is_text(card: Scorecard) -> None:
    text = markdown.render(card)
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\| pipe" in text


def test_every_table_row_has_its_header_cell_count(card: Scorecard) -> None:
    """An unescaped pipe from evidence would add a cell and shift the table."""
    width, rows = None, 0
    previous = ""
    for line in markdown.render(card).splitlines():
        if line.startswith("|---"):
            width = len(UNESCAPED_PIPE.findall(previous))
        elif line.startswith("|") and width is not None:
            assert len(UNESCAPED_PIPE.findall(line)) == width, line
            rows += 1
        elif not line.startswith("|"):
            width = None
        previous = line
    assert rows >= 15


def test_every_unproven_check_is_listed_with_its_fix(card: Scorecard) -> None:
    text = markdown.render(card)
    section = text[text.index("## Claimed but not proven"): text.index("## What would raise")]
    for check in (c for c in card.checks if c.id in card.unproven):
        assert f"`{check.id}`" in section
        assert check.fix is not None and check.fix in section


def test_small_card_is_not_summarised(card: Scorecard) -> None:
    text = markdown.render(card)
    assert "…and" not in text and "more checks" not in text


@pytest.mark.parametrize(("checks", "files", "categories"),
                         [(2000, 5000, 10), (300, 40, 10), (40, 5000, 10), (5, 20000, 1), (2000, 10, 1000)])
def test_huge_input_fits_a_pull_request_comment(checks: int, files: int, categories: int) -> None:
    huge = synthetic_card(checks=checks, files=files, categories=categories)
    text = markdown.render(huge)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert text.count("<details>") == text.count("</details>")
    assert "| Category | Score | Evidence |" in text and "## Evidence files" in text
    assert "<img" not in text
    shown_files = text[text.index("## Evidence files"):].count("\n| evidence/build-")
    if shown_files < files:
        assert f"…and {files - shown_files:,} more files" in text


def test_huge_input_counts_what_it_leaves_out() -> None:
    huge = synthetic_card()
    text = markdown.render(huge)
    listed = text[text.index("## Claimed but not proven"): text.index("## What would raise")].count("\n| ")
    left = len(huge.unproven) - (listed - 2)  # minus the two header rows (open table and folded table)
    assert f"…and {left:,} more checks not proven" in text
    assert "<details><summary>" in text


def test_budget_keeps_everything_that_fits() -> None:
    """A card that fits is rendered whole; only a card that does not is summarised."""
    mid = synthetic_card(checks=25, files=10, text=40)
    text = markdown.render(mid)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert "…and" not in text
    assert all(f"`{c.id}`" in text for c in mid.checks)
    assert "…and" in markdown.render(synthetic_card())


def test_tiny_budget_still_bounded() -> None:
    text = markdown.render(synthetic_card(checks=50, files=50), budget=2_000)
    assert len(text) <= 2_000
    assert text.endswith("see the HTML or JSON report.\n")
