"""The Markdown report: GitHub-flavoured, for pull-request comments and CI job summaries, within a size budget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from readiness.findings import DECIDED
from readiness.reporters import trendview, views
from readiness.reporters.templating import environment, show
from readiness.scorecard import Scorecard, ScoredCheck

# GitHub rejects comments over 65,536 characters; keep room for a bot's own header and footer.
BUDGET = 60_000
OPEN_ROWS = 5  # a longer list shows this many rows, failures first, and folds the rest into <details>
MIN_ROW = 30  # no check or file row renders shorter (status, id, evidence, pipes)


@dataclass(frozen=True)
class Limits:
    """How much of each section one rendering shows; None shows everything."""

    categories: int | None  # rows of the category table and sections under "Checks by category"
    rows: int | None  # check rows per category section
    unproven: int | None
    raise_most: int | None
    files: int | None
    reasons: int | None  # gate reasons
    text: int | None  # characters per table cell
    details: int  # notes per evidence file


# From everything to a floor that fits the budget whatever the input: at the last level each
# section is bounded by row count x clipped cell length (roughly 35,000 characters in all).
LEVELS = (
    Limits(None, None, None, None, None, None, None, 5),
    Limits(100, 50, 50, 30, 300, 20, 400, 3),
    Limits(50, 15, 25, 15, 100, 10, 250, 2),
    Limits(40, 10, 20, 10, 50, 10, 200, 1),
    Limits(30, 5, 15, 10, 30, 5, 160, 0),
    Limits(20, 0, 10, 10, 0, 5, 100, 0),
)
ICONS = {"pass": "✅", "fail": "❌", "no_evidence": "⚪", "invalid_evidence": "⚠️", "stale": "⌛", "waived": "🏳️",
         "not_applicable": "➖"}


def render(card: Scorecard, budget: int = BUDGET) -> str:
    """The scorecard as GitHub-flavoured Markdown of at most budget characters.

    Renders everything first; when that is too long, renders again with smaller per-section limits,
    so what is left out is always counted in the report ("…and 1,234 more files").
    """
    template = environment().get_template("report.md.j2")
    text = ""
    words = results(card)
    for n, limits in enumerate(LEVELS):
        if n < len(LEVELS) - 1 and _rows(card, limits) * MIN_ROW > budget:
            continue  # cannot fit: skip rendering megabytes only to measure them
        text = template.render(card=card, view=view(card, limits, words), icons=ICONS, cut=_cutter(limits.text))
        if len(text) <= budget:
            return text
    # Unreachable for budgets near BUDGET (see LEVELS); a tiny budget still gets a bounded answer.
    note = "\n\n…report cut to fit; see the HTML or JSON report.\n"
    return text[: max(budget - len(note), 0)].rsplit("\n", 1)[0] + note


def _rows(card: Scorecard, limits: Limits) -> int:
    """How many check and file rows a rendering under these limits would have."""
    def upto(count: int, limit: int | None) -> int:
        return count if limit is None else min(count, limit)
    categories = card.categories if limits.categories is None else card.categories[: limits.categories]
    return (sum(upto(len(c.checks), limits.rows) for c in categories)
            + upto(len(card.unproven), limits.unproven) + upto(len(card.raise_most), limits.raise_most)
            + upto(len(card.files), limits.files)
            + upto(sum(c.status in DECIDED for c in card.checks), limits.unproven))


def _cutter(limit: int | None) -> Callable[[object], str]:
    def cut(value: object) -> str:
        return views.clip(show(value), limit)
    return cut


def _more(count: int, noun: str, plural: str | None = None, tail: str = "") -> str:
    """'…and 1,234 more files' or '' when nothing was left out."""
    if count <= 0:
        return ""
    return f"…and {count:,} more {noun if count == 1 else plural or noun + 's'}{tail}."


def _take(items: list[Any], limit: int | None) -> tuple[list[Any], list[Any], int]:
    """The open rows, the rows folded into <details>, and how many are left out entirely."""
    shown = items if limit is None else items[:limit]
    return shown[:OPEN_ROWS], shown[OPEN_ROWS:], len(items) - len(shown)


def results(card: Scorecard) -> dict[str, str]:
    """Each check's result in words and units, computed once for every rendering."""
    files = {f.path: f for f in card.files}
    return {c.id: views.headline(c, views.condition_lines(c, files)) for c in card.checks}


def view(card: Scorecard, limits: Limits, lines: dict[str, str] | None = None) -> dict[str, Any]:
    """The sections as the template shows them under these limits."""
    checks = {c.id: c for c in card.checks}
    lines = lines if lines is not None else results(card)
    categories = card.categories if limits.categories is None else card.categories[: limits.categories]
    unproven, unproven_folded, unproven_left = _take([checks[i] for i in card.unproven], limits.unproven)
    raise_open, raise_folded, raise_left = _take([checks[i] for i in card.raise_most], limits.raise_most)
    ordered = views.failures_first(card.files)
    files = ordered if limits.files is None else ordered[: limits.files]
    all_reasons = views.gate_reasons(card)
    reasons = all_reasons if limits.reasons is None else all_reasons[: limits.reasons]
    elsewhere = " (see the HTML or JSON report)"
    decided = [c for c in card.checks if c.status in DECIDED]
    return {
        "reasons": reasons,
        "reasons_more": _more(len(card.gate.reasons) - len(reasons), "reason"),
        "categories": categories,
        "tallies": [views.tally([checks[i] for i in cat.checks]) for cat in categories],
        "total_tally": views.tally(card.checks),
        "categories_more": _more(len(card.categories) - len(categories), "category", "categories", elsewhere),
        "sections": [_section([checks[i] for i in cat.checks], limits.rows) for cat in categories],
        "lines": lines,
        "unproven": unproven, "unproven_folded": unproven_folded,
        "unproven_more": _more(unproven_left, "check", tail=" not proven" + elsewhere),
        "raise": raise_open, "raise_folded": raise_folded,
        "raise_more": _more(raise_left, "check", tail=" that do not pass" + elsewhere),
        "files": [{"f": f, "size": views.size_text(f.size), "source": views.source_name(f.time_source),
                   "notes": _notes(f.warnings, f.details, limits)}
                  for f in files],
        "files_more": _more(len(card.files) - len(files), "file", tail=elsewhere),
        "not_proven": len(card.unproven),
        "share": f"{card.evidence_share:.1f} %",
        "since_baseline": trendview.since_baseline(card),
        "changed": _changed(card, limits.reasons),
        "trend": trendview.trend_line(card.history),
        "decided": decided if limits.unproven is None else decided[: limits.unproven],
        "decided_count": len(decided),
        "overridden": [c for c in card.checks if c.overrides][: limits.unproven or None],
        "decided_more": _more(len(decided) - (len(decided) if limits.unproven is None else
                                              min(len(decided), limits.unproven)), "check",
                              tail=" set aside" + elsewhere),
    }


def _changed(card: Scorecard, limit: int | None) -> list[str]:
    """The checks that changed since the baseline, regressions first, as short lines."""
    if card.baseline is None:
        return []
    lines = [f"{'regression: ' if c.regression else ''}{c.id}: {c.before or 'absent'} → {c.after or 'absent'}"
             for c in card.baseline.diff.checks]
    keep = 10 if limit is None else min(limit, 10)
    return lines[:keep] + ([f"and {len(lines) - keep} more (readiness diff lists them all)"]
                           if len(lines) > keep else [])


def _section(mine: list[ScoredCheck], limit: int | None) -> dict[str, Any]:
    shown = mine if limit is None else mine[:limit]
    return {"rows": shown, "summary": views.status_summary(mine),
            "more": _more(len(mine) - len(shown), "check", tail=" in this category not shown")}


def _notes(warnings: list[str], details: dict[str, Any], limits: Limits) -> list[str]:
    """A file's warnings and what it says, failing items first; what is cut is counted."""
    notes = list(warnings)
    for heading, lines in views.detail_lines(details, items=limits.details, text=limits.text):
        notes += [f"{heading}: {line}" for line in lines]
    if len(notes) > limits.details:
        left = len(notes) - limits.details
        return notes[: limits.details] + [f"…and {left:,} more"] if limits.details else []
    return notes
