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
    return textsafe.json_escapes(_serialized(card)) + "\n"


def dumps(data: object) -> str:
    """Indented JSON, safe to print, for any JSON-able data (the report, `inspect --format json`)."""
    return textsafe.json_escapes(_json(data).decode()) + "\n"


def _serialized(card: Scorecard) -> str:
    """The card as JSON text, serialised straight from the model: no Python copy of the data, which for
    a report of thousands of evidence files is several hundred MB. Byte for byte what orjson writes from
    model_dump (tests/reporters/test_json_report.py); a lone surrogate takes that path, through the scrub."""
    from pydantic_core import PydanticSerializationError

    try:
        return card.model_dump_json(indent=2)
    except PydanticSerializationError:
        return _json(textsafe.scrub(card, textsafe.lone_surrogates).model_dump(mode="json")).decode()


def _json(data: object) -> bytes:
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # a lone surrogate; rare, so only then walk the data
        return orjson.dumps(textsafe.lone_surrogates(data), option=orjson.OPT_INDENT_2)

