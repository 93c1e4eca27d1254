"""A parse-only check of Go text/template strings as Prometheus alert labels and annotations use them."""

from __future__ import annotations

import re

# Variables Prometheus defines before every alert template (rulefmt.testTemplateParsing).
PREDECLARED = frozenset({"$", "$labels", "$externalLabels", "$externalURL", "$value"})
# text/template builtins plus Prometheus' template.NewTemplateExpander function map.
FUNCTIONS = frozenset({
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println",
    "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
    "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title",
    "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "stripPort", "stripDomain", "humanize",
    "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration",
    "pathPrefix", "externalURL", "parseDuration", "now", "urlQueryEscape",
})
_OPENERS = frozenset({"if", "range", "with", "define", "block"})
_KEYWORDS = _OPENERS | {"else", "end", "template", "break", "continue", "nil", "true", "false"}
_TOKEN = re.compile(
    r"""\s+|"(?:\\.|[^"\\])*"|`[^`]*`|'(?:\\.|[^'\\])+'|:=|=|\||\(|\)|,"""
    r"""|\$[A-Za-z0-9_]*|\.[A-Za-z0-9_.]*|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*"""
    r"""|[-+]?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?)[i]?"""
)


def _actions(text: str) -> list[str]:
    """The bodies of the {{ }} actions, or ValueError for an unclosed one."""
    bodies, pos = [], 0
    while (start := text.find("{{", pos)) >= 0:
        end = _action_end(text, start + 2)
        if end < 0:
            raise ValueError("unclosed action")
        body = text[start + 2:end]
        bodies.append(body.removeprefix("- ").removesuffix(" -").strip())
        pos = end + 2
    return bodies


def _action_end(text: str, pos: int) -> int:
    """Index of the `}}` closing an action, skipping quoted strings; -1 when none."""
    quote = ""
    while pos < len(text):
        char = text[pos]
        if quote:
            if char == "\\" and quote != "`":
                pos += 1
            elif char == quote:
                quote = ""
        elif char in "\"`'":
            quote = char
        elif text.startswith("}}", pos):
            return pos
        pos += 1
    return -1


def _tokens(body: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        if not match or match.end() == pos:
            raise ValueError(f"unexpected {body[pos]!r} in command")
        if not match.group().isspace():
            tokens.append(match.group())
        pos = match.end()
    return tokens


def check(text: str) -> str | None:
    """The first parse error Go's text/template (with Prometheus' functions) would report, or None."""
    scopes: list[set[str]] = [set(PREDECLARED)]
    blocks: list[str] = []
    try:
        for body in _actions(text):
            if body.startswith("/*"):
                if not body.endswith("*/"):
                    return "unclosed comment"
                continue
            error = _check_action(_tokens(body), scopes, blocks)
            if error:
                return error
    except ValueError as exc:
        return str(exc)
    if blocks:
        return f"unexpected EOF (unclosed {{{{{blocks[-1]}}}}})"
    return None


def _check_action(tokens: list[str], scopes: list[set[str]], blocks: list[str]) -> str | None:
    if not tokens:
        return "missing value for command"
    head = tokens[0]
    if head == "end":
        if not blocks:
            return "unexpected {{end}}"
        blocks.pop()
        scopes.pop()
        return None
    if head == "else":
        if not blocks or blocks[-1] not in {"if", "range", "with"}:
            return "unexpected {{else}}"
        scopes[-1] = set()
        tokens = tokens[1:]
        if not tokens:
            return None
        head = tokens[0]
    if head in _OPENERS:
        blocks.append(head)
        scopes.append(set())
    if tokens.count("(") != tokens.count(")"):
        return "unclosed left paren" if tokens.count("(") > tokens.count(")") else "unexpected right paren"
    if ":=" in tokens:
        scopes[-1].update(t for t in tokens[: tokens.index(":=")] if t.startswith("$"))
    return _check_names(tokens, scopes)


def _check_names(tokens: list[str], scopes: list[set[str]]) -> str | None:
    defined = set().union(*scopes)
    for index, token in enumerate(tokens):
        if token.startswith("$"):
            name = token.split(".", 1)[0]
            assigned = index + 1 < len(tokens) and tokens[index + 1] in {":=", "=", ","}
            if name not in defined and not assigned:
                return f'undefined variable "{name}"'
        elif token[0].isalpha() or token[0] == "_":
            name = token.split(".", 1)[0]
            if name not in _KEYWORDS and name not in FUNCTIONS:
                return f'function "{name}" not defined'
    return None
