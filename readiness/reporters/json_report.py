"""The JSON report: the scorecard as it is, versioned, for machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from readiness import textsafe

if TYPE_CHECKING:  # `inspect --format json` uses dumps() alone and need not load the scoring stages
    from readiness.scorecard import Scorecard


def render(card: Scorecard) -> str:
    """The scorecard as indented JSON with a trailing newline; same input, same bytes.

    Values are the data as read; control, bidi and zero-width characters in them are written as
    \\uXXXX escapes so the file is harmless to print, and lone surrogates (undecodable file names),
    which UTF-8 cannot hold, as the visible text \\udcff."""
    return _text(_serialized(card))


def dumps(data: object) -> str:
    """Indented JSON, safe to print, for any JSON-able data (the report, `inspect --format json`)."""
    return _text(_json(data))


def _serialized(card: Scorecard) -> bytes:
    """The card as JSON bytes; the intermediate data is freed on return, before the text is made (a
    report of thousands of files would otherwise hold both at once)."""
    try:
        data = card.model_dump(mode="json")
    except UnicodeEncodeError:  # a lone surrogate; rare, so only then walk the card
        data = textsafe.scrub(card, textsafe.lone_surrogates).model_dump(mode="json")
    return _json(data)


def _json(data: object) -> bytes:
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # a lone surrogate; rare, so only then walk the data
        return orjson.dumps(textsafe.lone_surrogates(data), option=orjson.OPT_INDENT_2)


def _text(document: bytes) -> str:
    return textsafe.json_escapes(document.decode()) + "\n"
