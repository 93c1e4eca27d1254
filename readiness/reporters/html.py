"""The HTML report: one self-contained page (inline CSS and SVG, no network, works without JavaScript)."""

from __future__ import annotations

import math
from typing import Any

from readiness.findings import DECIDED, STATUSES, EvidenceRef
from readiness.reporters import trendview, views
from readiness.reporters.templating import STATUS_LABELS, environment
from readiness.scorecard import FileEntry, Scorecard, ScoredCheck

GAUGE_RADIUS = 52
OPEN_ROWS = 10  # longer ranked lists show this many and fold the rest into <details>
# Details of evidence files are shown under checks that did not pass for a reason the file explains.
EXPLAINED = ("fail", "invalid_evidence")
FILTERS = (("all", "All"), ("open", "Not passing")) + tuple((s, STATUS_LABELS[s].capitalize()) for s in STATUSES)


def render(card: Scorecard) -> str:
    """The scorecard as one self-contained HTML page."""
    return environment().get_template("report.html.j2").render(card=card, view=view(card))


def view(card: Scorecard) -> dict[str, Any]:
    """Everything the template shows beyond the scorecard itself, computed here so the template only formats."""
    checks = {c.id: c for c in card.checks}
    anchors = {f.path: f"file-{n}" for n, f in enumerate(card.files, 1)}
    files = {f.path: f for f in card.files}
    raise_rows = [_raise_row(checks[i], max((checks[j].gain for j in card.raise_most), default=0))
                  for i in card.raise_most]
    unproven = [_check(checks[i], anchors, files) for i in card.unproven]
    return {
        "gauge": _gauge(card.total),
        "grade_band": views.grade_band(card.grade),
        "grade_scale": views.grade_scale(),
        "commit_short": card.commit[:12] if card.commit else None,
        "counts": {s: card.status_counts.get(s, 0) for s in STATUSES},
        "not_proven": len(card.unproven),
        "share_width": _width(card.evidence_share, 100),
        "weighted": len({c.weight for c in card.categories}) > 1,
        "categories": [_category(card, cat.id, checks, anchors, files) for cat in card.categories],
        "unproven": unproven[:OPEN_ROWS], "unproven_more": unproven[OPEN_ROWS:],
        "raise": raise_rows[:OPEN_ROWS], "raise_more": raise_rows[OPEN_ROWS:],
        "filters": [(key, label, _filter_count(card, key)) for key, label in FILTERS
                    if key not in DECIDED or _filter_count(card, key)],
        "files": [_file(f, anchors[f.path]) for f in card.files],
        "decided": [c for c in card.checks if c.status in DECIDED],
        "file_counts": {s: sum(f.status == s for f in card.files) for s in ("parsed", "invalid", "ignored")},
        "since_baseline": trendview.since_baseline(card),
        "trend": trendview.trend_svg(card.history),
    }


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


def _filter_count(card: Scorecard, key: str) -> int:
    if key == "all":
        return len(card.checks)
    if key == "open":
        return sum(c.status not in ("pass", *DECIDED) for c in card.checks)
    return card.status_counts.get(key, 0)


def _category(card: Scorecard, category_id: str, checks: dict[str, ScoredCheck], anchors: dict[str, str],
              files: dict[str, FileEntry]) -> dict[str, Any]:
    cat = next(c for c in card.categories if c.id == category_id)
    mine = [checks[i] for i in cat.checks]
    tally = {s: sum(c.status == s for c in mine) for s in STATUSES}
    summary = views.count_text(len(mine), "check") + ": " + ", ".join(
        f"{n} {STATUS_LABELS[s].lower()}" for s, n in tally.items() if n)
    return {
        "cat": cat, "band": views.band(cat.score), "width": _width(cat.score, 10), "summary": summary,
        "anchor": f"cat-{cat.id}", "checks": [_check(c, anchors, files) for c in mine],
    }


def _check(check: ScoredCheck, anchors: dict[str, str], files: dict[str, FileEntry]) -> dict[str, Any]:
    explained = check.status in EXPLAINED
    return {
        "c": check,
        "conditions": [
            {"fact": r.fact, "actual": r.actual, "expected": r.expected,
             "holds": "missing" if r.holds is None else ("yes" if r.holds else "no")}
            for r in check.conditions
        ],
        "evidence": [_ref(ref, anchors) for ref in check.evidence],
        "details": [(ref.path, views.detail_lines(files[ref.path].details)) for ref in check.evidence
                    if explained and ref.path in files and files[ref.path].details],
        "open": check.status == "fail",
    }


def _ref(ref: EvidenceRef, anchors: dict[str, str]) -> dict[str, Any]:
    return {"path": ref.path, "anchor": anchors.get(ref.path), "sha": ref.sha256[:12], "sha256": ref.sha256,
            "age": views.age_text(ref.age_days), "source": views.source_text(ref.time_source)}


def _raise_row(check: ScoredCheck, top: float) -> dict[str, Any]:
    return {"c": check, "width": _width(check.gain, top)}


def _file(entry: FileEntry, anchor: str) -> dict[str, Any]:
    return {"f": entry, "anchor": anchor, "size": views.size_text(entry.size), "sha": entry.sha256[:12],
            "source": "file content" if entry.time_source == "content" else views.source_name(entry.time_source),
            "details": views.detail_lines(entry.details)}
