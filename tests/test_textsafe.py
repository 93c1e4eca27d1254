"""Escaping of untrusted text for each output: exact escapes, GitHub rendering of hostile strings, and properties."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import textsafe
from tests.hostile import HOSTILE, assert_terminal_safe, every, markdown_text

FAST = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2K", "\\x1b[2K"),
    ("a\rb\nc\td", "a\\rb\\nc\\td"),
    ("\x9b", "\\x9b"),
    ("\x7f", "\\x7f"),
    ("x\u202ey", "x\\u202ey"),
    ("\u200b\u200d\ufeff", "\\u200b\\u200d\\ufeff"),
    ("\U000e0041", "\\U000e0041"),
    ("\udcff", "\\udcff"),
    ("café ✅ ⚠️ 日本", "café ✅ ⚠️ 日本"),  # ordinary text, accents, emoji and their presentation selector stay
])
def test_visible(raw: str, shown: str) -> None:
    assert textsafe.visible(raw) == shown


def test_hidden_characters_cover_every_control_format_and_separator_code_point() -> None:
    """Computed from the running Python's Unicode database, so a newer Unicode cannot slip past."""
    missed = [hex(cp) for cp in range(0x110000)
              if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs", "Zl", "Zp")
              and textsafe.visible(chr(cp)) == chr(cp)]
    assert missed == []


@pytest.mark.parametrize(("raw", "shown"), [
    ("::error::x", "\\x3a:error::x"),
    ("  ::add-mask::s", "  \\x3a:add-mask::s"),
    ("\u00a0::notice::n", "\u00a0\\x3a:notice::n"),
    ("a ::error:: mid-line is inert", "a ::error:: mid-line is inert"),
    ("x ##vso[task.complete]", "x ##vso\\x5btask.complete]"),
    ("##[error]e", "##\\x5berror]e"),
    ("##teamcity[x]", "##teamcity\\x5bx]"),
    ("line\n::error::x", "line\\n::error::x"),  # one field is one line: the newline is shown, not made
])
def test_terminal_field(raw: str, shown: str) -> None:
    assert textsafe.terminal(raw) == shown


def test_terminal_block_keeps_lines_and_stops_commands_on_each() -> None:
    block = "Title\n::error::x\n  ok\x1b[2K\n\t::warning::y"
    assert textsafe.terminal_block(block) == "Title\n\\x3a:error::x\n  ok\\x1b[2K\n\\t::warning::y"


@pytest.mark.parametrize("raw", every(HOSTILE))
def test_terminal_is_safe_for_every_hostile_string(raw: str) -> None:
    field = textsafe.terminal(raw)
    assert "\n" not in field
    assert_terminal_safe(field)
    assert_terminal_safe(textsafe.terminal_block(raw))


@given(st.text())
@FAST
def test_terminal_is_safe_for_any_text(raw: str) -> None:
    assert_terminal_safe(textsafe.terminal(raw))
    assert_terminal_safe(textsafe.terminal_block(raw))


def _expected_markdown_text(raw: str) -> str:
    return textsafe.terminal(re.sub(r"[ \t\r\n]+", " ", raw).strip())


@pytest.mark.parametrize("raw", every(HOSTILE))
def test_markdown_shows_hostile_text_as_text(raw: str) -> None:
    """Rendered by GitHub's own cmark-gfm: no tag forms and the reader sees exactly the text."""
    for shown in markdown_text(textsafe.markdown(raw)):
        assert shown == _expected_markdown_text(raw)


# The characters Markdown gives meaning to, mixed with letters, digits and spaces.
MARKDOWN_TEXT = st.text(alphabet=st.sampled_from(list("\\`*_~[]()!|#+-=:{}^<>&$@.;/ \n\tawwwhtps0123GH")),
                        min_size=1, max_size=40)


@given(MARKDOWN_TEXT)
@FAST
def test_markdown_shows_any_text_as_text(raw: str) -> None:
    if not raw.strip():
        return
    for shown in markdown_text(textsafe.markdown(raw)):
        assert shown == _expected_markdown_text(raw)


@pytest.mark.parametrize(("raw", "escaped"), [
    ("@octocat", "@&#8203;octocat"),
    ("see #123", "see \\#&#8203;123"),
    ("GH-456", "GH-\u200b456".replace("\u200b", "&#8203;")),
    ("$x$", "<span>$</span>x<span>$</span>"),
    ("\\[a\\](b)", "\\\\\\[a\\\\\\](b)"),
    ("a|b", "a\\|b"),
    ("tests/junit.xml (line 2)", "tests/junit.xml (line 2)"),  # ordinary text stays readable
])
def test_markdown_escapes(raw: str, escaped: str) -> None:
    assert textsafe.markdown(raw) == escaped


@pytest.mark.parametrize("raw", every(HOSTILE))
def test_xml_text_parses_and_round_trips_visibly(raw: str) -> None:
    element = ET.Element("testcase", name=textsafe.xml(raw))
    element.text = textsafe.xml(raw)
    document = ET.tostring(element, encoding="unicode")
    parsed = ET.fromstring(document.encode("utf-8"))
    assert parsed.text == textsafe.xml(raw)


@given(st.text())
@FAST
def test_xml_text_is_always_legal(raw: str) -> None:
    legal = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
    assert legal.fullmatch(textsafe.xml(raw))


@given(st.text())
@FAST
def test_json_escapes_keep_the_value(raw: str) -> None:
    import json

    clean = textsafe.lone_surrogates(raw)
    document = textsafe.json_escapes(json.dumps(clean, ensure_ascii=False))
    assert json.loads(document) == clean
    assert_terminal_safe(document)


@given(st.text())
@FAST
def test_html_text_keeps_spacing_and_hides_nothing(raw: str) -> None:
    shown = textsafe.html(raw)
    assert_terminal_safe(shown.replace("\t", " "))
    assert shown.count("\n") == raw.count("\n")


@given(st.lists(st.sampled_from([*"ab#[]{}\":\\ ", "\n", "\t", "\r", "\x00", "\x1b", "\x7f", "##vso[", "\u00e9"]),
                max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_json_escapes_fast_path_for_ascii_documents_matches_the_general_one(document: str) -> None:
    """ASCII documents take a C-speed check; whatever it decides must equal the regex path's result."""
    general = textsafe._COMMAND_ANYWHERE.sub(r"\1\\u005b", textsafe._HIDDEN_BUT_NEWLINE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", document))
    assert textsafe.json_escapes(document) == general
