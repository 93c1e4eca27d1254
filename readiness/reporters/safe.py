"""PLACEHOLDER until the shared escaping module lands: evidence text made inert for terminals and Markdown."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$@&])")


def terminal(text: object) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                        str(text))


def markdown(text: object) -> str:
    return _MD.sub(r"\\\1", terminal(text))


def code(text: object) -> str:
    return terminal(text).replace("`", "'")
