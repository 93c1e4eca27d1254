"""The HTML report: one self-contained page (inline CSS and SVG, no network, works without JavaScript)."""

from __future__ import annotations

import math
from typing import Any

from readiness.findings import DECIDED, STATUSES, UNPROVEN, EvidenceRef
from readiness.reporters import trendview, views
from readiness.reporters.templating import STATUS_LABELS, environment
from readiness.scorecard import CategoryResult, FileEntry, Scorecard, ScoredCheck

GAUGE_RADIUS = 52
OPEN_ROWS = 5  # longer lists show this many, failures first, and fold the rest into "Show N more"
USED = 3  # checks named per evidence file before "and N more"
TOP = 3  # the things that would raise the score most, above the fold
# A page a person can open: with thousands of evidence files the report lists the first FILE_ROWS (unreadable
# first), each check links its first EVIDENCE_LINKS files and each file shows SERIES_ROWS per-series facts;
# the rest are counted, and every file with its sha256 and facts is in the JSON report.
FILE_ROWS = 200
EVIDENCE_LINKS = 10
SERIES_ROWS = 100


def render(card: Scorecard) -> str:
    """The scorecard as one self-contained HTML page."""
    return environment().get_template("report.html.j2").render(card=card, view=view(card))


def view(card: Scorecard) -> dict[str, Any]:
    """Everything the template shows beyond the scorecard itself, computed here so the template only formats."""
    checks = {c.id: c for c in card.checks}
    listed = views.failures_first(card.files)
    shown, hidden = listed[:FILE_ROWS], listed[FILE_ROWS:]
    listed_paths = {f.path for f in shown}
    anchors = {f.path: f"file-{n}" for n, f in enumerate(card.files, 1) if f.path in listed_paths}
    files = {f.path: f for f in card.files}
    items = {c.id: _check(c, anchors, files) for c in card.checks}
    top_gain = max((checks[j].gain for j in card.raise_most), default=0)
    raise_rows = [{**items[i], "width": _width(checks[i].gain, top_gain)} for i in card.raise_most]
    unproven = [items[i] for i in card.unproven]
    statuses = [s for s in STATUSES if card.status_counts.get(s, 0)] + sorted(
        s for s in card.status_counts if s not in STATUSES and card.status_counts[s])
    return {
        "verdict": _verdict(card),
        "reasons": views.gate_reasons(card),
        "gauge": _gauge(card.total),
        "grade_band": views.grade_band(card.grade),
        "grade_scale": views.grade_scale(),
        "commit_short": card.commit[:12] if card.commit else None,
        "counts": {s: card.status_counts.get(s, 0) for s in STATUSES},
        "not_proven": len(card.unproven),
        "share_width": _width(card.evidence_share, 100),
        "weighted": len({c.weight for c in card.categories}) > 1,
        "categories": [_category(cat, [items[i] for i in cat.checks]) for cat in card.categories],
        "top": raise_rows[:TOP], "raise_more": raise_rows[TOP:],
        "unproven": unproven[:OPEN_ROWS], "unproven_more": unproven[OPEN_ROWS:],
        "filters": [("all", "All", len(card.checks)), ("open", "Not passing", sum(
            c.status not in ("pass", *DECIDED) for c in card.checks))] + [
            (s, STATUS_LABELS.get(s, s).capitalize(), card.status_counts[s]) for s in statuses],
        "files": [_file(f, anchors[f.path]) for f in shown],
        "files_more": views.count_text(len(hidden), "more file") if hidden else "",
        "decided": [c for c in card.checks if c.status in DECIDED],
        "file_counts": {s: sum(f.status == s for f in card.files) for s in ("parsed", "invalid", "ignored")},
        "since_baseline": trendview.since_baseline(card),
        "trend": trendview.trend_svg(card.history),
    }


def _verdict(card: Scorecard) -> dict[str, str]:
    """The one sentence a reader takes away, and its tone."""
    if not card.gate.configured:
        return {"tone": "none", "icon": "no_evidence", "title": "No gate set",
                "text": "No minimum score, category minimum or required check was given, so this report "
                        "does not pass or fail the build."}
    if card.gate.passed:
        floor = f" (minimum total {card.gate.fail_under:g})" if card.gate.fail_under is not None else ""
        return {"tone": "pass", "icon": "pass", "title": "Gate passed", "text": f"Every gate condition holds{floor}."}
    return {"tone": "fail", "icon": "fail", "title": "Gate failed", "text": ""}


def _width(value: float | None, out_of: float) -> float:
    """A bar length on a 0-100 scale."""
    if not value or out_of <= 0:
        return 0.0
    return round(min(max(value / out_of, 0.0), 1.0) * 100, 2)


def _gauge(total: float) -> dict[str, Any]:
    circumference = 2 * math.pi * GAUGE_RADIUS
    dash = round(circumference * _width(total, 100) / 100, 2)
    return {"r": GAUGE_RADIUS, "dash": dash, "gap": round(circumference - dash, 2),
            "band": views.band(total / 10)}


def _category(cat: CategoryResult, mine: list[dict[str, Any]]) -> dict[str, Any]:
    """A category row: its bar split into points earned, points whose evidence failed, and points not proven."""
    summary = views.status_summary([i["c"] for i in mine])
    earned = _width(cat.earned, cat.possible)
    failed = _width(max(cat.evidenced - cat.earned, 0), cat.possible)
    unproven = round(max(100 - earned - failed, 0.0), 2) if cat.possible else 0.0
    return {
        "cat": cat, "band": views.band(cat.score), "summary": summary, "anchor": f"cat-{cat.id}", "checks": mine,
        "earned": earned, "failed": failed, "unproven": unproven,
        "not_proven": bool(cat.checks) and cat.checks_evidenced == 0,
        "points": f"{cat.earned:g} of {cat.possible:g} points",
    }


def _check(check: ScoredCheck, anchors: dict[str, str], files: dict[str, FileEntry]) -> dict[str, Any]:
    lines = views.condition_lines(check, files)
    return {
        "c": check,
        "lines": [{"text": line.text, "raw": f"{r.fact} = {_raw(r.actual)}, expected {r.expected}",
                   "holds": "missing" if line.holds is None else ("yes" if line.holds else "no")}
                  for line, r in zip(lines, check.conditions, strict=True)],
        "headline": views.clip(views.headline(check, lines), 240),
        "evidence": [_ref(ref, anchors) for ref in check.evidence[:EVIDENCE_LINKS]],
        "evidence_more": max(len(check.evidence) - EVIDENCE_LINKS, 0),
        "unproven": check.status in UNPROVEN,
    }


def _raw(value: object) -> str:
    """The value as the evidence carries it, for engineers (secondary text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value[:5]) + (", …]" if len(value) > 5 else "]")
    return "missing" if value is None else str(value)


def _ref(ref: EvidenceRef, anchors: dict[str, str]) -> dict[str, Any]:
    return {"path": ref.path, "anchor": anchors.get(ref.path), "sha": ref.sha256[:12], "sha256": ref.sha256,
            "age": views.age_text(ref.age_days), "source": views.source_text(ref.time_source)}


def _file(entry: FileEntry, anchor: str) -> dict[str, Any]:
    own, series, series_total = views.fact_rows(entry.facts, SERIES_ROWS)
    return {"f": entry, "anchor": anchor, "size": views.size_text(entry.size), "sha": entry.sha256[:12],
            "source": views.source_name(entry.time_source, content="file content"),
            "facts": own, "series": series, "series_total": series_total,
            "details": views.detail_lines(entry.details),
            "used": entry.used_by[:USED], "used_more": len(entry.used_by) - USED}
