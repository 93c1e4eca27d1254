"""Every reporter given a scorecard whose evidence and pack text is hostile (tests/hostile.py): nothing it
prints can rewrite a terminal, start a CI command, form Markdown or HTML, or be lost."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from readiness import textsafe
from readiness.reporters import REGISTRY, html, json_report, markdown, text
from readiness.scorecard import Scorecard
from tests.hostile import ALL_HOSTILE, HOSTILE, assert_markdown_safe, assert_terminal_safe, hostile_card


@pytest.fixture(scope="module")
def hostile(card: Scorecard) -> Scorecard:
    return hostile_card(card)


def test_the_hostile_card_carries_the_text_in_every_kind_of_field(hostile: Scorecard) -> None:
    """Guards the test itself: the text must really reach claims, reasons, paths, facts and details."""
    assert all(ALL_HOSTILE in c.claim and ALL_HOSTILE in c.reason for c in hostile.checks)
    assert all(ALL_HOSTILE in f.path for f in hostile.files)
    assert any(ALL_HOSTILE in key for f in hostile.files for key in f.facts)
    assert any(f.details for f in hostile.files)


def test_every_registered_reporter_is_covered() -> None:
    assert set(REGISTRY) == {"text", "md", "json", "html"}, "a new reporter needs its hostile-text test here"


def test_text_report_adds_no_line_and_prints_nothing_raw(card: Scorecard, hostile: Scorecard) -> None:
    plain, attacked = text.render(card), text.render(hostile)
    assert_terminal_safe(attacked)
    assert len(attacked.splitlines()) == len(plain.splitlines())
    assert [line for line in attacked.splitlines() if line.startswith("Checks:")] == \
        [line for line in plain.splitlines() if line.startswith("Checks:")]
    assert "\\x1b[1A\\x1b[2K\\rChecks: 12 passed" in attacked  # shown, not obeyed


def test_markdown_forms_nothing_from_hostile_text(card: Scorecard, hostile: Scorecard) -> None:
    assert_markdown_safe(markdown.render(hostile, budget=10_000_000), baseline=markdown.render(card))


@pytest.mark.parametrize("attack", HOSTILE)
def test_markdown_forms_nothing_from_each_hostile_string(card: Scorecard, attack: str) -> None:
    assert_markdown_safe(markdown.render(hostile_card(card, attack)), baseline=markdown.render(card))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_html_forms_no_tag_and_shows_hidden_characters(card: Scorecard, hostile: Scorecard) -> None:
    page = html.render(hostile)
    assert sorted(_tags(page).tags) == sorted(_tags(html.render(card)).tags)
    assert_terminal_safe(page.replace("\t", " "))
    shown = "".join(_tags(page).text)
    assert "admin\\u202egnp.exe" in shown and "<img src=x onerror=alert(1)>" in shown


def test_json_keeps_the_data_and_is_safe_to_print(hostile: Scorecard) -> None:
    document = json_report.render(hostile)
    assert_terminal_safe(document)
    assert "\\u202e" in document and "\\u001b" in document
    assert json.loads(document) == textsafe.scrub(hostile, textsafe.lone_surrogates).model_dump(mode="json")


def test_json_shows_a_lone_surrogate_as_text(card: Scorecard) -> None:
    document = json_report.render(hostile_card(card, "bad\udcffname"))
    assert "bad\\\\udcffname" in document  # the visible text \udcff, JSON-escaped
    document.encode("utf-8")


def test_markdown_escapes_are_not_double_applied(card: Scorecard) -> None:
    """Pack text with Markdown characters reads the same after rendering as before."""
    rendered = markdown.render(hostile_card(card, "a_b *c* `d`"))
    assert re.search(r"a\\_b \\\*c\\\* \\`d\\`", rendered)
    assert "\\\\_" not in rendered
