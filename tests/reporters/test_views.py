"""View-model helpers shared by the HTML and Markdown reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from readiness.findings import ConditionResult, EvidenceRef
from readiness.reporters import views
from readiness.scorecard import FileEntry, ScoredCheck


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


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (1023, "1,023 B"), (1024, "1 KB"), (1536, "1.5 KB"),
                                            (5 * 1024 * 1024, "5 MB")])
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
               "route": {"receiver": "pager"}, "alerts_truncated": True,
               "labels": [{"label": "GET /", "load.mean_ms": 4.116941201223094, "occurrences": 241.0}]}
    shown = dict(views.detail_lines(details, items=10, text=40))
    assert shown["Failures"][0] == "name: t<1>, message: boom at line 3"
    assert shown["Failures"][-1] == "…and 2 more" and len(shown["Failures"]) == 11
    assert shown["Route"] == ["receiver: pager"]
    assert shown["Alerts truncated"] == ["yes"]
    assert shown["Labels"] == ["label: GET /, load.mean_ms: 4.12 ms, oc…"]
    assert all(len(line) <= 40 for lines in shown.values() for line in lines)


def test_detail_lines_put_failing_items_first() -> None:
    """Four alerts, the last one failing, three shown: the failing one is among them, and named first."""
    alerts = [{"name": f"Alert{n}", "runbook_url": None if n == 3 else f"rb/{n}.md"} for n in range(4)]
    details = {"alerts": alerts, "offenders": {"alerts.runbook_missing": ["Alert3"]},
               "consistency": {"runbook_missing": ["Alert3"]}}
    shown = views.detail_lines(details, items=3)
    assert shown[0] == ("Failing", ["Alerts without a runbook: Alert3"])
    assert shown[1][0] == "Alerts" and shown[1][1][0] == "name: Alert3"
    assert shown[1][1][-1] == "…and 1 more"
    assert [heading for heading, _ in shown] == ["Failing", "Alerts"]  # consistency repeats the offenders


def _file(path: str, facts: dict[str, object], part_of: str | None = None) -> FileEntry:
    when = datetime(2026, 11, 28, tzinfo=UTC)
    return FileEntry(path=path, kind="locust", family="load", sha256="0" * 64, size=1, modified_at=when,
                     evidence_time=when, time_source="content", status="parsed", facts=facts,  # type: ignore[arg-type]
                     part_of=part_of)


def test_summed_counts_count_one_run_once() -> None:
    """Companion files of a run carry the same counts; only the primary file is added up."""
    stats = _file("load/stats.csv", {"load.requests": 10469, "load.failures": 241, "load.tool": "locust"})
    history = _file("load/stats_history.csv", {"load.requests": 10469, "load.failures": 241}, "load/stats.csv")
    other = _file("load/other.csv", {"load.requests": 100, "load.failures": 1})
    assert views.summed_counts([stats, history]) == {"load.requests": 10469.0, "load.failures": 241.0}
    assert views.summed_counts([stats, history, other]) == {"load.requests": 10569.0, "load.failures": 242.0}
    assert views.summed_counts([history]) == {}
    copy = _file("load/copy-of-stats.csv", {"load.requests": 10469, "load.failures": 241}).model_copy(
        update={"duplicate_of": "load/stats.csv", "duplicate": "copy"})
    assert views.summed_counts([stats, copy]) == {"load.requests": 10469.0, "load.failures": 241.0}


def test_condition_lines_name_counts_and_offenders() -> None:
    stats = _file("load/stats.csv", {"load.requests": 10469, "load.failures": 241})
    ref = EvidenceRef(path=stats.path, sha256="0" * 64, kind="locust", evidence_time=stats.evidence_time,
                      time_source="content", age_days=0.1)
    check = ScoredCheck(id="perf", category="performance", claim="c", status="fail", points=0, max_points=3,
                        required=False, fix=None, reason="r", evidence=[ref], gain=3.0, conditions=[
                            ConditionResult(condition="load.error_rate <= 0.01", fact="load.error_rate",
                                            expected="<= 0.01", actual=0.02302, holds=False)])
    lines = views.condition_lines(check, {stats.path: stats})
    assert [line.text for line in lines] == ["2.30 % of requests failed (241 of 10,469); needs at most 1 %"]
    assert views.headline(check, lines) == lines[0].text
