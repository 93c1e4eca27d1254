"""Hostile text and the checks any reporter's test can run on its output (see docs/security.md).

Use HOSTILE (or hostile_card) to put attacker-controlled text where evidence text goes, render, and
call the assert_* function for the output's kind:

    card = hostile_card(report_card())
    assert_terminal_safe(text.render(card))
    assert_markdown_safe(markdown.render(card), baseline=markdown.render(report_card()))
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from readiness.scorecard import Scorecard

# Each string attacks one way a reader or a renderer can be fooled.
HOSTILE: tuple[str, ...] = (
    "\x1b[1A\x1b[2K\rChecks: 12 passed, 0 failed, 0 not proven",  # erase the line above, print a fake result
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 terminal hyperlink
    "\x1b]0;owned\x07 title and bell",  # set the window title
    "safe\rFAKE",  # carriage return overwrites the line
    "first line\n::error file=app.py,line=1::injected",  # a newline, then a GitHub Actions command
    "::add-mask::secret",  # at the start of a line
    "  ::warning::indented command",
    "\u00a0::notice::after a no-break space",  # GitHub trims any Unicode space before '::'
    "##vso[task.setvariable variable=x]1",  # Azure Pipelines, anywhere in a line
    "text ##[error]fake error",
    "##teamcity[buildStatus text='ok']",
    "\x9b2J C1 control sequence introducer",
    "\x08\x08\x08backspaces\x7f",
    "admin\u202egnp.exe",  # right-to-left override: shows as admin[exe.png]
    "\u2066isolate\u2069 \u200e\u200f\u061c",
    "zero\u200bwidth\u200c\u200d\u2060\ufeffjoiners",
    "tag\U000e0041\U000e0042 characters",
    "line\u2028separator\u2029paragraph",
    "lone \udcff surrogate",  # an undecodable file name byte
    "nul\x00byte \x0b\x0c",
    "<img src=x onerror=alert(1)> <script>alert(1)</script>",
    "[link](https://evil.example) ![image](https://evil.example/x.png)",
    "\\[text\\](https://evil.example)",  # backslashes must not re-enable the link
    "\\\\[text\\\\](https://evil.example)",
    "[ref]: https://evil.example [ref]",
    "*em* _em_ **strong** __strong__ ~del~ ~~del~~",
    "`code` ``code``",
    "https://evil.example/path www.evil.example user@evil.example <https://evil.example>",
    "mailto:user@evil.example xmpp:user@evil.example",
    "@octocat @org/team",
    "#123 GH-456 org/repo#789",
    "$x^2$ $$\\int$$ $`a`$",
    "| cell | break |",
    "# heading",
    "1. ordered",
    "2) ordered",
    "- bullet",
    "+ bullet",
    "> quote",
    "---",
    "=== setext",
    "[ ] task [x] done",
    "&lt;entity&gt; &amp; &#x3c;",
    "<!-- comment --> <details open>",
    "trailing backslash\\",
    "   four   spaces   ",
)

ALL_HOSTILE = " ".join(HOSTILE)

# The fields of a scorecard that carry evidence or pack text (ids and statuses are checked by the
# pack schema and the code, and keep their meaning).
_UNTRUSTED = {"claim", "reason", "fix", "path", "title", "service", "commit", "evidence_dir", "name", "warnings",
              "details", "facts", "actual", "expected", "condition", "fact", "reasons", "files", "related",
              "part_of", "duplicate_of"}


def hostile_card(card: Scorecard, text: str = ALL_HOSTILE) -> Scorecard:
    """A copy of the card where every evidence- or pack-derived string also carries text (the same
    way everywhere, so paths still match between checks and files)."""
    def taint(value: Any) -> Any:
        if isinstance(value, str):
            return value + " " + text
        if isinstance(value, dict):
            return {taint(k): taint(v) for k, v in value.items()}
        if isinstance(value, list):
            return [taint(v) for v in value]
        return value

    def walk(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return taint(value) if key in ("facts", "details") else {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        return taint(value) if isinstance(value, str) and key in _UNTRUSTED else value

    data = walk(card.model_dump())
    data["warnings"] = [*data["warnings"], text]  # run warnings, which a fixture card rarely has
    if len(data["files"]) > 1:  # and a file counted once, listed as a copy of another
        data["files"][-1].update(duplicate_of=data["files"][0]["path"], duplicate="copy")
    return Scorecard.model_validate(data)


# ---- terminal and CI log ----

_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                  "\ud800-\udfff\ufeff\U000e0000-\U000e0fff]")
_COMMAND_LINE = re.compile(r"^\s*::", re.MULTILINE)
_COMMAND_ANYWHERE = re.compile(r"##[A-Za-z]*\[")


def assert_terminal_safe(output: str) -> None:
    """No control, bidi, zero-width or unencodable character but newline; no CI workflow command."""
    raw = _RAW.search(output)
    assert raw is None, f"raw {raw.group()!r} at {output[max(raw.start() - 40, 0):raw.end() + 40]!r}"
    command = _COMMAND_LINE.search(output) or _COMMAND_ANYWHERE.search(output)
    assert command is None, f"CI command at {output[command.start():command.start() + 60]!r}"
    output.encode("utf-8")  # strict: a lone surrogate would raise


# ---- GitHub Markdown ----

# Tags GitHub-flavoured Markdown makes from inline text; a hostile string must make none of them.
FORMED = ("a", "img", "em", "strong", "del", "code", "s", "h1", "h2", "h4", "h5", "h6", "ol", "blockquote",
          "hr", "input", "script", "iframe", "details", "pre", "sup", "section", "math")


def render_gfm(markdown: str) -> str:
    """GitHub-flavoured HTML with GitHub's extensions (tables, autolinks, strikethrough, tag filter).
    Raw HTML is kept (GitHub sanitises it afterwards) so escapes that fail show up."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def tag_counts(rendered: str) -> dict[str, int]:
    """How many of each FORMED tag the HTML opens."""
    return {tag: len(re.findall(rf"<{tag}[\s>]", rendered)) for tag in FORMED}


def assert_github_after_render_safe(markdown: str) -> None:
    """GitHub adds mentions, issue references and maths to the rendered page: none may start here."""
    assert not re.search(r"(?<![\w`])@(?!&#8203;)[\w-]", markdown), "an @mention"
    assert not re.search(r"(?<![\w`&])#(?!&#8203;)\d", markdown), "a #123 reference"
    assert not re.search(r"(?i)\bGH-\d", markdown), "a GH-123 reference"
    assert "$" not in markdown.replace("<span>$</span>", ""), "a $ that could start maths"


def assert_markdown_safe(markdown: str, baseline: str) -> None:
    """A report with hostile text forms no link, image, emphasis or other tag beyond what the same
    report with ordinary text forms, every table row keeps its cells, and nothing GitHub adds later
    starts."""
    hostile, ordinary = render_gfm(markdown), render_gfm(baseline)
    assert tag_counts(hostile) == tag_counts(ordinary), (tag_counts(hostile), tag_counts(ordinary))
    for table in re.findall(r"<table>.*?</table>", hostile, re.DOTALL):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
        widths = {len(re.findall(r"<t[hd][\s>]", row)) for row in rows}
        assert len(widths) == 1, f"rows of different widths: {widths}"
    assert_github_after_render_safe(re.sub(r"`[^`\n]*`", "", markdown))  # code spans hold check ids
    assert_terminal_safe(markdown)


_CONTEXTS = ("{}\n", "- {}\n", "### {}\n", "| h | h |\n|---|---|\n| {} | x |\n", "| h |\n|---|\n| a {} b |\n")


def markdown_text(escaped: str) -> list[str]:
    """What GitHub shows for an escaped field in a paragraph, list item, heading and table cell: the
    text of each, failing if any of them forms a tag (a <span> around a dollar is ours)."""
    shown = []
    for context in _CONTEXTS:
        rendered = render_gfm(context.format(escaped))
        inner = re.sub(r"^(?:<table>.*<tbody>\s*<tr>\s*<td>|<(?:p|h3)>|<ul>\s*<li>)", "", rendered.strip(),
                       flags=re.DOTALL)
        inner = re.sub(r"(?:</td>\s*(?:<td>x</td>\s*)?</tr>\s*</tbody>\s*</table>|</(?:p|h3)>|</li>\s*</ul>)$", "",
                       inner, flags=re.DOTALL)
        inner = inner.replace("<span>$</span>", "$")
        assert "<" not in inner, f"{context.strip()!r} formed markup: {rendered!r}"
        text = html.unescape(inner).replace("\u200b", "")
        shown.append(text[2:-2] if context.startswith("| h |\n") else text)
    return shown


def every(strings: Iterable[str]) -> list[str]:
    """The hostile strings, one by one and all together."""
    return [*strings, " ".join(strings)]
