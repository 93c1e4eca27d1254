"""Every reporter given a scorecard whose evidence and pack text is hostile (tests/hostile.py): nothing it
prints can rewrite a terminal, start a CI command, form Markdown or HTML, or be lost."""

from __future__ import annotations

import json
import re

import pytest
from test_html import _parse

from readiness import textsafe
from readiness.reporters import REGISTRY, badge, html, json_report, junit, markdown, sarif, shields, text
from readiness.scorecard import Scorecard
from tests.hostile import ALL_HOSTILE, HOSTILE, assert_markdown_safe, assert_terminal_safe, hostile_card


@pytest.fixture(scope="module")
def hostile(card: Scorecard) -> Scorecard:
    return hostile_card(card)


@pytest.fixture(scope="module")
def ordinary(card: Scorecard) -> Scorecard:
    """The same card with plain words where the hostile text goes: the shape to compare with."""
    return hostile_card(card, "plain words")


def test_the_hostile_card_carries_the_text_in_every_kind_of_field(hostile: Scorecard) -> None:
    """Guards the test itself: the text must really reach claims, reasons, paths, facts and details."""
    assert all(ALL_HOSTILE in c.claim and ALL_HOSTILE in c.reason for c in hostile.checks)
    assert all(ALL_HOSTILE in f.path for f in hostile.files)
    assert any(ALL_HOSTILE in key for f in hostile.files for key in f.facts)
    assert any(f.details for f in hostile.files)


def test_every_registered_reporter_is_covered() -> None:
    covered = {"text", "md", "json", "html", "junit", "sarif", "badge", "shields"}
    assert set(REGISTRY) == covered, "a new reporter needs its hostile-text test here"


@pytest.mark.parametrize("fmt", sorted(REGISTRY))
def test_every_reporter_prints_nothing_raw(hostile: Scorecard, fmt: str) -> None:
    """Whatever the format, the output can be printed in a terminal or CI log and encoded as UTF-8."""
    assert_terminal_safe(REGISTRY[fmt].render(hostile).replace("\t", " "))


def _xml_texts(document: str) -> list[str]:
    from lxml import etree

    root = etree.fromstring(document.encode("utf-8"))  # strict XML 1.0: a forbidden character raises
    return [t for e in root.iter() for t in (e.text, *e.attrib.values()) if t]


def test_junit_is_well_formed_and_shows_hidden_characters(ordinary: Scorecard, hostile: Scorecard) -> None:
    from lxml import etree

    attacked = junit.render(hostile)
    texts = " ".join(_xml_texts(attacked))
    assert "\\u202e" in texts and "\\x1b[1A" in texts and "\\udcff" in texts
    shape = [e.tag for e in etree.fromstring(attacked.encode()).iter()]
    assert shape == [e.tag for e in etree.fromstring(junit.render(ordinary).encode()).iter()]


def test_badge_is_well_formed(hostile: Scorecard) -> None:
    _xml_texts(badge.render(hostile_card(hostile, "\x1b\u202e\udcff<b>")))


def test_sarif_and_shields_are_json_and_safe_to_print(hostile: Scorecard) -> None:
    for document in (sarif.render(hostile), shields.render(hostile)):
        json.loads(document)
        assert_terminal_safe(document)
    assert "\\u202e" in sarif.render(hostile)


def test_text_report_adds_no_line_and_prints_nothing_raw(ordinary: Scorecard, hostile: Scorecard) -> None:
    plain, attacked = text.render(ordinary), text.render(hostile)
    assert_terminal_safe(attacked)
    # Text is folded at 80 columns, so longer text takes more lines; but every line evidence text reaches
    # is indented under the report's own line: the report's own lines (at column 0) stay the same.
    assert len(_own_lines(attacked)) == len(_own_lines(plain))
    assert [line for line in attacked.splitlines() if line.startswith("Checks:")] == \
        [line for line in plain.splitlines() if line.startswith("Checks:")]
    assert "\\x1b[1A\\x1b[2K\\rChecks: 12 passed" in attacked  # shown, not obeyed


def _own_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line[0].isspace()]


def test_markdown_forms_nothing_from_hostile_text(ordinary: Scorecard, hostile: Scorecard) -> None:
    assert_markdown_safe(markdown.render(hostile, budget=10_000_000), baseline=markdown.render(ordinary))


@pytest.mark.parametrize("attack", HOSTILE)
def test_markdown_forms_nothing_from_each_hostile_string(card: Scorecard, ordinary: Scorecard, attack: str) -> None:
    assert_markdown_safe(markdown.render(hostile_card(card, attack)), baseline=markdown.render(ordinary))


def test_html_forms_no_tag_and_shows_hidden_characters(ordinary: Scorecard, hostile: Scorecard) -> None:
    page = html.render(hostile)
    tree = _parse(page)
    assert sorted(tag for tag, _ in tree.tags) == sorted(tag for tag, _ in _parse(html.render(ordinary)).tags)
    assert_terminal_safe(page.replace("\t", " "))
    shown = "".join(tree.text)
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
