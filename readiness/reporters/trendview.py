"""What the reports show of a baseline and a history: the delta line and an inline SVG trend of the total."""

from __future__ import annotations

from typing import Any

from readiness.diff import delta
from readiness.history import Trend
from readiness.reporters.changes import moved
from readiness.scorecard import Scorecard

WIDTH, HEIGHT, PAD = 320, 80, 6


def since_baseline(card: Scorecard) -> str | None:
    """'48.0 → 44.0 (−4.0)' against the baseline, or None without one."""
    if card.baseline is None:
        return None
    diff = card.baseline.diff
    return moved(diff.base.total, card.total, diff.total_delta)


def trend_line(trend: Trend | None) -> str | None:
    """'5 runs: 62.0 → 58.0 (−4.0) since 2026-11-01', or None when the history has fewer than two runs."""
    if trend is None or len(trend.points) < 2:
        return None
    first, last = trend.points[0], trend.points[-1]
    return (f"{len(trend.points)} runs: {moved(first.total, last.total, delta(first.total, last.total))} "
            f"since {first.scored_at:%Y-%m-%d}")


def trend_svg(trend: Trend | None) -> dict[str, Any] | None:
    """Coordinates for an inline SVG polyline of the totals (0-100 upwards), oldest left, or None."""
    if trend is None or len(trend.points) < 2:
        return None
    step = (WIDTH - 2 * PAD) / (len(trend.points) - 1)
    spots = []
    for index, point in enumerate(trend.points):
        spots.append({"x": round(PAD + index * step, 1), "y": _y(point.total), "total": point.total,
                      "label": f"{point.scored_at:%Y-%m-%d %H:%M} UTC: {point.total:.1f} ({point.grade})"})
    return {"width": WIDTH, "height": HEIGHT, "spots": spots,
            "points": " ".join(f"{s['x']},{s['y']}" for s in spots), "line": trend_line(trend),
            "gridlines": [{"y": _y(v), "value": v} for v in (0, 50, 100)]}


def _y(total: float) -> float:
    """The SVG y of a total: 100 at the top, 0 at the bottom."""
    return round(PAD + (100 - total) / 100 * (HEIGHT - 2 * PAD), 1)
