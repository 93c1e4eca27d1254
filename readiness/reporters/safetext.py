"""Text from evidence made safe for XML and JSON outputs: characters XML 1.0 cannot hold, lone surrogates,
other control characters and invisible format characters become visible escapes such as \\x1b or \\u202e."""

from __future__ import annotations

import re

# Not allowed in XML 1.0 (C0 controls but tab, LF, CR; surrogates; U+FFFE/U+FFFF), plus characters
# that are legal but hide or rewrite what a reader sees: DEL and C1 controls, bidi overrides and
# isolates, zero-width characters, line/paragraph separators.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """The text with every unsafe character replaced by a visible escape; other text is unchanged."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str, limit: int | None = None) -> str:
    """Safe text on one line (runs of whitespace become one space), cut to limit characters with an ellipsis."""
    line = " ".join(safe(text).split())
    if limit is not None and len(line) > limit:
        return line[: limit - 1] + "…"
    return line
