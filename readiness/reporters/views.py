"""View-model helpers shared by the HTML and Markdown reports: the numbers and short texts templates show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readiness.scoring import GRADES

DETAIL_ITEMS = 10  # entries shown per details key (adapters already keep their samples small)
DETAIL_TEXT = 300  # characters per shown detail line


def clip(text: str, limit: int | None) -> str:
    """Text cut to limit characters with an ellipsis; None keeps it whole."""
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def band(score: float | None) -> str:
    """A category score's band for colouring (the score is always printed beside it)."""
    if score is None:
        return "none"
    if score >= 8:
        return "good"
    return "fair" if score >= 5 else "poor"


def grade_band(grade: str) -> str:
    """The colour band of a letter grade."""
    return {"A": "good", "B": "good", "C": "fair", "D": "fair"}.get(grade, "poor")


def grade_scale() -> str:
    """The grade thresholds as people read them: 'A 90+, B 80+, C 70+, D 60+, else F'."""
    return ", ".join(f"{letter} {floor}+" for floor, letter in GRADES) + ", else F"


def size_text(size: int) -> str:
    """A file size in bytes, KB or MB (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def age_text(days: float) -> str:
    """An evidence age such as '2.8 days', 'under an hour' or '1 day'."""
    if days < 1 / 24:
        return "under an hour"
    if days < 1:
        return f"{days * 24:.0f} hours"
    return "1 day" if round(days, 1) == 1 else f"{days:.1f} days"


SOURCE_NAMES = {"content": "content", "git": "git commit", "mtime": "file mtime"}


def source_text(time_source: str) -> str:
    """Where an evidence time came from, in words."""
    return {"content": "time from file content", "git": "time from the last git commit changing it"}.get(
        time_source, "time from file modification (mtime)")


def source_name(time_source: str) -> str:
    """Where an evidence time came from, in a word or two (the mtime is the weakest source)."""
    return SOURCE_NAMES.get(time_source, "file mtime")


def count_text(count: int, noun: str) -> str:
    """'1 check', '1,234 files': a count with thousands separators and a naive plural."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _one(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_one(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(_one(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split())


def detail_lines(details: Mapping[str, Any], items: int = DETAIL_ITEMS,
                 text: int | None = DETAIL_TEXT) -> list[tuple[str, list[str]]]:
    """An adapter's free-form details as (heading, lines) for people, each line one short string.

    Details are untrusted evidence text: this only flattens and shortens; templates escape.
    """
    shown = []
    for key, value in details.items():
        heading = key.replace("_", " ").capitalize()
        values = value if isinstance(value, list) else [value]
        lines = [clip(_one(v), text) for v in values[:items]]
        if len(values) > items:
            lines.append(f"…and {len(values) - items:,} more")
        if lines:
            shown.append((heading, lines))
    return shown
