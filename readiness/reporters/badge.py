"""The badge: a self-contained SVG (no external references, no scripts) showing the total and grade."""

from __future__ import annotations

from html import escape

from readiness import textsafe
from readiness.scorecard import Scorecard

LABEL = "readiness"
# shields.io's named colours for A..F, so the SVG and the endpoint JSON agree.
COLOURS = {"A": "brightgreen", "B": "green", "C": "yellow", "D": "orange", "F": "red"}
HEX = {"brightgreen": "#4c1", "green": "#97ca00", "yellow": "#dfb317", "orange": "#fe7d37", "red": "#e05d44"}
_NARROW = set("iIl.,:;|!' ")
_WIDE = set("mwMW@%")


def message(card: Scorecard) -> str:
    """What the badge says: the total out of 100 and the grade, e.g. '72.4 C'."""
    return f"{card.total:.1f} {card.grade}"


def colour(card: Scorecard) -> str:
    """The shields.io colour name of the grade (red for anything unknown)."""
    return COLOURS.get(card.grade, "red")


def _width(text: str) -> int:
    """An estimate of the text's width in 11 px Verdana, in pixels."""
    return round(sum(3.5 if ch in _NARROW else 10.0 if ch in _WIDE else 7.0 for ch in text))


def _decisions(card: Scorecard) -> str:
    """For the tooltip: how many checks people set aside and the total without them, when any were."""
    waived, disabled = card.status_counts.get("waived", 0), card.status_counts.get("not_applicable", 0)
    if not waived and not disabled:
        return ""
    return f" ({waived} waived, {disabled} not applicable; {card.total_unwaived:.1f} without them)"


def render(card: Scorecard) -> str:
    """The badge as an SVG document."""
    label, value = LABEL, textsafe.one_line(message(card), 40)
    left, right = _width(label) + 10, _width(value) + 10
    total = left + right
    title = escape(f"{label}: {value}{_decisions(card)}")
    fill = HEX[colour(card)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{title}">\n'
        f"  <title>{title}</title>\n"
        f'  <rect width="{total}" height="20" rx="3" fill="#555"/>\n'
        f'  <rect x="{left}" width="{right}" height="20" rx="3" fill="{fill}"/>\n'
        f'  <rect x="{left}" width="4" height="20" fill="{fill}"/>\n'
        f'  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\n'
        f'    <text x="{left / 2:g}" y="14">{escape(label)}</text>\n'
        f'    <text x="{left + right / 2:g}" y="14">{escape(value)}</text>\n'
        "  </g>\n"
        "</svg>\n"
    )
