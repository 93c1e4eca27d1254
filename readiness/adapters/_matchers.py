"""Alertmanager label matchers, shared by the alerting adapters: parsing, and matching with RE2.

Alertmanager compiles every regex matcher as Go's regexp `^(?:pattern)$`, which is RE2: matching
takes linear time whatever the pattern, so `(a|a)*b` cannot hang a run, and backreferences or
lookarounds are refused as Alertmanager refuses them. RE2 (google-re2) is imported only when a
regex matcher is compiled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The name and the operator only; the value is the rest of the text, stripped. A lazy `(.*?)\s*$`
# for the value was quadratic on a value with long runs of spaces.
_HEAD = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^\s=!~"]+)\s*(=~|!~|!=|=)', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(frozen=True)
class Matcher:
    """One Alertmanager label matcher; a missing label matches as the empty string."""

    name: str
    op: str
    value: str

    def matches(self, labels: Mapping[str, str]) -> bool:
        """True when the alert's labels satisfy this matcher."""
        actual = labels.get(self.name, "")
        if self.op == "=":
            return actual == self.value
        if self.op == "!=":
            return actual != self.value
        found = compile_regex(self.value).fullmatch(actual) is not None
        return found if self.op == "=~" else not found


@lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> Any:
    """The matcher regex, anchored as Alertmanager anchors it (^(?:...)$), compiled by RE2; ValueError
    naming the problem when RE2 (and so Alertmanager) refuses it."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would log the (evidence) pattern to stderr itself
    try:
        return re2.compile(f"^(?:{pattern})$", options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid"
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise ValueError(f"invalid regular expression {pattern[:200]!r}: {text}") from None


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text[1:-1])
    return text


def _split_commas(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def parse_matchers(text: str) -> list[Matcher]:
    """Alertmanager's matcher syntax: `a="b"`, `a=~b`, or `{a="b", c!="d"}`; ValueError when malformed."""
    body = text.strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    found = []
    for part in _split_commas(body):
        head = _HEAD.match(part)
        if not head:
            raise ValueError(f"bad matcher format: {part.strip()[:200]}")
        name, op = head.groups()
        matcher = Matcher(_unquote(name), op, _unquote(part[head.end():].strip()))
        if op in {"=~", "!~"}:
            compile_regex(matcher.value)
        found.append(matcher)
    return found


def route_matchers(route: Mapping[str, Any]) -> list[Matcher]:
    """Every matcher of one route node: match (equality), match_re (regex) and matchers strings."""
    found = [Matcher(str(k), "=", str(v)) for k, v in (route.get("match") or {}).items()]
    found += [Matcher(str(k), "=~", str(v)) for k, v in (route.get("match_re") or {}).items()]
    for text in route.get("matchers") or []:
        found += parse_matchers(str(text))
    return found
