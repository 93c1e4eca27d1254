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
    try:
        data = card.model_dump(mode="json")
    except UnicodeEncodeError:  # a lone surrogate; rare, so only then walk the card
        data = textsafe.scrub(card, textsafe.lone_surrogates).model_dump(mode="json")
    return dumps(data)


def dumps(data: object) -> str:
    """Indented JSON, safe to print, for any JSON-able data (the report, `inspect --format json`)."""
    try:
        document = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # a lone surrogate; rare, so only then walk the data
        document = orjson.dumps(textsafe.lone_surrogates(data), option=orjson.OPT_INDENT_2)
    return textsafe.json_escapes(document.decode()) + "\n"
