"""The shields.io endpoint JSON: the badge's label, message and colour, for https://img.shields.io/endpoint."""

from __future__ import annotations

import json

from readiness.reporters import badge
from readiness.scorecard import Scorecard


def render(card: Scorecard) -> str:
    """The endpoint document (schemaVersion 1) as JSON with a trailing newline."""
    document = {"schemaVersion": 1, "label": badge.LABEL, "message": badge.message(card),
                "color": badge.colour(card)}
    return json.dumps(document, indent=2) + "\n"
