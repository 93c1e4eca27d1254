"""View-model helpers shared by the HTML and Markdown reports."""

from __future__ import annotations

import pytest

from readiness.reporters import views


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("abcdef", None, "abcdef"), ("abcdef", 6, "abcdef"), ("abcdef", 4, "abc…"), ("abcdef", 1, "…"),
])
def test_clip(text: str, limit: int | None, expected: str) -> None:
    assert views.clip(text, limit) == expected


@pytest.mark.parametrize(("score", "band"), [(None, "none"), (0.0, "poor"), (4.9, "poor"), (5.0, "fair"),
                                             (7.9, "fair"), (8.0, "good"), (10.0, "good")])
def test_band(score: float | None, band: str) -> None:
    assert views.band(score) == band


def test_grade_scale_follows_scoring() -> None:
    assert views.grade_scale() == "A 90+, B 80+, C 70+, D 60+, else F"


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (1536, "1.5 KB"),
                                            (5 * 1024 * 1024, "5.0 MB")])
def test_size_text(size: int, text: str) -> None:
    assert views.size_text(size) == text


@pytest.mark.parametrize(("days", "text"), [(0.01, "under an hour"), (0.5, "12 hours"), (1.0, "1 day"),
                                            (2.84, "2.8 days"), (400.0, "400.0 days")])
def test_age_text(days: float, text: str) -> None:
    assert views.age_text(days) == text


def test_count_text() -> None:
    assert views.count_text(1, "file") == "1 file"
    assert views.count_text(1234, "file") == "1,234 files"


def test_detail_lines_flatten_and_bound() -> None:
    details = {"failures": [{"name": "t<1>", "message": "boom\n  at line 3", "empty": ""}] * 12,
               "route": {"receiver": "pager"}, "alerts_truncated": True}
    shown = dict(views.detail_lines(details, items=10, text=40))
    assert shown["Failures"][0] == "name: t<1>, message: boom at line 3"
    assert shown["Failures"][-1] == "…and 2 more" and len(shown["Failures"]) == 11
    assert shown["Route"] == ["receiver: pager"]
    assert shown["Alerts truncated"] == ["yes"]
    assert all(len(line) <= 40 for lines in shown.values() for line in lines)
