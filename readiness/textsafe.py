"""Untrusted text made inert for each place readiness shows it: terminal and CI log, GitHub Markdown, HTML, JSON, XML.

Evidence (file names, test names, alert names, messages) and pack text reach people through these
functions only; docs/security.md says what each one guarantees and tests/hostile.py tries them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # for the type only: every printed error passes through here, and pydantic costs ~30 ms
    from pydantic import BaseModel

# Characters that move the cursor, change colours, reorder or hide text, or cannot be encoded: C0 and C1
# controls and DEL, every Unicode format character (category Cf: bidi controls, zero-width characters,
# soft hyphen, tags), line and paragraph separators, lone surrogates (undecodable file names), and the
# other default-ignorable characters that render as nothing (Hangul fillers, variation selectors 1-14
# and 17-256). Variation selectors 15 and 16 only choose text or emoji style and stay (⚠️ needs them).
# tests/test_textsafe.py checks this covers every Cc, Cf, Cs, Zl and Zp code point of the running Python.
_HIDDEN_REST = (
    "\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff\ufe00-\ufe0d\ufeff\uffa0\ufff0-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_HIDDEN = re.compile(f"[\x00-\x1f{_HIDDEN_REST}]")
_HIDDEN_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_HIDDEN_REST}]")
_ASCII_HIDDEN_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f]")  # its ASCII part: a quick scan
_HIDDEN_BUT_SPACING = re.compile(f"[\x00-\x08\x0b-\x1f{_HIDDEN_REST}]")
# XML keeps tab and newline (a carriage return would be read back as a newline); everything else hidden
# goes, and so do U+FFFE and U+FFFF, which XML 1.0 cannot hold.
_NOT_XML = re.compile(f"[\x00-\x08\x0b-\x1f{_HIDDEN_REST}\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# CI runners act on lines that start with `::name` (GitHub Actions, after leading spaces) and on
# `##[name]`, `##vso[...]` and `##teamcity[...]` anywhere in a line (Azure Pipelines, TeamCity).
_COMMAND_START = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
_COMMAND_ANYWHERE = re.compile(r"(##[A-Za-z]*)\[")
_HTML_TROUBLE = re.compile(f"[\x00-\x08\x0b-\x1f{_HIDDEN_REST}]|^\\s*::|##[A-Za-z]*\\[", re.MULTILINE)
_TERMINAL_TROUBLE = re.compile(f"[\x00-\x1f{_HIDDEN_REST}]|^\\s*::|##[A-Za-z]*\\[")

# Markdown inline syntax is stopped by backslash-escaping the ASCII punctuation that opens it (a
# backslash itself first, so `\[` cannot become `\\[`); `<`, `>` and `&` become entities. Block syntax
# (lists, breaks, setext headings) needs its character at the start of a line followed by a space or
# nothing else ("- x", "---", "=="), so those are escaped only then: "-1", "== 0" and "96.3" stay.
_MARKDOWN_ESCAPED = frozenset("\\`*_~[]|#")
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# GitHub links these after rendering, in the text of the page, so escapes do not stop them: a
# zero-width space (which GitHub shows as nothing) breaks @mentions, emails, #123 and GH-123
# references, and a dollar in a <span> is GitHub's documented way to show a dollar that starts no maths.
ZWSP = "&#8203;"
_DOLLAR = "<span>$</span>"
_GH_REFERENCE = re.compile(r"(?i)\b(gh-)(?=\d)")
_WHITESPACE = re.compile(r"[ \t\r\n]+")

T = TypeVar("T", bound="BaseModel")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


def visible(text: str) -> str:
    """Every control, format, zero-width or unencodable character shown as an escape: ESC is `\\x1b`,
    a right-to-left override `\\u202e`, a newline `\\n`. Other text is unchanged."""
    return _HIDDEN.sub(_escape, text)


def html(text: str) -> str:
    """Text for an HTML page (escaped for HTML by jinja2 afterwards): hidden characters are shown as
    escapes while tab and newline, which a page shows as spaces, stay; and since a page may be printed
    in a CI log, no line of it starts a workflow command."""
    if not _HTML_TROUBLE.search(text):  # most text: one scan, no copy
        return text
    return _no_commands(_HIDDEN_BUT_SPACING.sub(_escape, text))


def _no_commands(text: str) -> str:
    text = _COMMAND_START.sub(r"\1\\x3a", text)
    return _COMMAND_ANYWHERE.sub(r"\1\\x5b", text)


def terminal(text: str) -> str:
    """One field for a terminal or CI log: one line, nothing hidden, never a CI workflow command."""
    if not _TERMINAL_TROUBLE.search(text):  # most text: one scan, no copy
        return text
    return _no_commands(visible(text))


def terminal_block(text: str) -> str:
    """Several lines for a terminal or CI log (a whole report or message): newlines stay, every other
    hidden character is escaped, and no line starts a CI workflow command."""
    return _no_commands(_HIDDEN_BUT_NEWLINE.sub(_escape, text))


def markdown(text: str) -> str:
    """Untrusted text as one line of GitHub-flavoured Markdown that shows exactly that text: it cannot
    form links, images, autolinks, emphasis, code, HTML, headings or lists, break a table row, mention
    anyone, reference an issue or start maths. Spaces, tabs and newlines become one space."""
    flat = _GH_REFERENCE.sub("\\1\u200b", terminal(_WHITESPACE.sub(" ", text).strip()))
    digits = len(flat) - len(flat.lstrip("0123456789"))
    out = []
    for n, char in enumerate(flat):
        if char in _MARKDOWN_ESCAPED or (n == 0 and _opens_block(flat)):
            out.append("\\" + char + (ZWSP if char == "#" else ""))
        elif char in _MARKDOWN_ENTITIES:
            out.append(_MARKDOWN_ENTITIES[char])
        elif char == "$":
            out.append(_DOLLAR)
        elif char == "@":
            out.append("@" + ZWSP)
        elif char == "\u200b":
            out.append(ZWSP)
        elif char == ":" and flat.startswith("//", n + 1):
            out.append("\\:")  # scheme://host autolinks
        elif char == "." and flat[max(n - 3, 0):n].lower() == "www":
            out.append("\\.")  # www.example.com autolinks
        elif char in ".)" and 0 < n == digits and flat[n + 1:n + 2] in ("", " "):
            out.append("\\" + char)  # "1. " or "1) " at the start of a line opens a list
        else:
            out.append(char)
    return "".join(out)


def _opens_block(flat: str) -> bool:
    """Whether text at the start of a line would open a list ("- x", "+ x"), a thematic break
    ("---", "- - -") or a setext heading underline ("==")."""
    first = flat[:1]
    return (first in ("-", "+") and flat[1:2] in ("", " ")) or (first in ("-", "=") and set(flat) <= {first, " "})


def xml(text: str) -> str:
    """Text an XML 1.0 document can hold, also used for SARIF, whose viewers show text as it is:
    characters XML forbids (controls, lone surrogates, U+FFFE, U+FFFF), carriage returns and hidden
    ones (bidi, zero-width) become visible escapes; tab and newline stay. The XML writer still
    escapes <, & and quotes. As a file may be printed in a CI log, no line starts a workflow command."""
    return _no_commands(_NOT_XML.sub(_escape, text))


def clip(text: str, limit: int | None) -> str:
    """Text cut to limit characters with an ellipsis; None keeps it whole."""
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def flat(text: str, limit: int | None = None) -> str:
    """Text on one line (runs of whitespace become one space), clipped to limit characters."""
    return clip(" ".join(text.split()), limit)


def one_line(text: str, limit: int | None = None) -> str:
    """xml() text on one line, clipped: for attributes and short labels (a JUnit message, a badge)."""
    return flat(xml(text), limit)


def json_escapes(document: str) -> str:
    """A serialized JSON document with every hidden character, and the `[` of a `##vso[` CI command,
    written as a \\uXXXX escape: the same JSON value, but harmless to print. Valid because such
    characters occur only inside strings (the serializer escapes C0 controls there); newlines, which
    also separate tokens, are left alone."""
    def escape(match: re.Match[str]) -> str:
        point = ord(match.group())
        if point <= 0xFFFF:
            return f"\\u{point:04x}"
        point -= 0x10000
        return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"
    if document.isascii() and _ASCII_HIDDEN_BUT_NEWLINE.search(document) is None:
        # the usual case: a 160 MB ASCII report is checked in 0.3 s instead of 1.5 s
        return _COMMAND_ANYWHERE.sub(r"\1\\u005b", document) if "##" in document else document
    return _COMMAND_ANYWHERE.sub(r"\1\\u005b", _HIDDEN_BUT_NEWLINE.sub(escape, document))


def lone_surrogates(value: Any) -> Any:
    """A JSON-able value with lone surrogates (from undecodable file names) shown as `\\udcff`
    text, since UTF-8 cannot encode them; everything else unchanged."""
    if isinstance(value, str):
        return re.sub("[\ud800-\udfff]", _escape, value)
    if isinstance(value, dict):
        return {lone_surrogates(k): lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [lone_surrogates(v) for v in value]
    return value


def scrub(record: T, clean: Callable[[str], str]) -> T:
    """A copy of a record with `clean` applied to every string in it, keys included."""
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value
    return type(record).model_validate(walk(record.model_dump()))
