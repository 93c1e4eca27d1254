"""The JSON report: the scorecard as it is, versioned, for machines."""

from __future__ import annotations

import orjson

from readiness.scorecard import Scorecard


def render(card: Scorecard) -> str:
    """The scorecard as indented JSON with a trailing newline; same input, same bytes."""
    return orjson.dumps(card.model_dump(mode="json"), option=orjson.OPT_INDENT_2).decode() + "\n"
