"""The terminal scorecard: plain text that reads well in a CI log and fits 80 columns."""

from __future__ import annotations

import re
import textwrap

from readiness import textsafe
from readiness.findings import DECIDED
from readiness.reporters import trendview, views
from readiness.reporters.templating import score10, status_label
from readiness.scorecard import FileEntry, Scorecard, ScoredCheck

WIDTH = 80
RAISE_ROWS = 5  # checks listed under "What would raise the score most"
UNIT = re.compile(r"(\d) (%|ms|s|min|h|B|KB|MB|GB)(?![\w])")
t = textsafe.terminal  # every text from evidence or packs, where it is printed
KEEP = "\u00a0"  # textwrap splits on ASCII whitespace only, so this holds a number to its unit while wrapping


def render(card: Scorecard) -> str:
    """The scorecard as plain text lines, none longer than 80 characters. Every text from evidence or packs
    goes through `t` (textsafe.terminal) where it is printed, so it can neither add a line nor reach the
    terminal raw, and the folded lines go through textsafe.terminal_block."""
    checks = {c.id: c for c in card.checks}
    files = {f.path: f for f in card.files}
    title = views.clip(f"Production readiness{': ' + t(card.service) if card.service else ''}", WIDTH)
    lines = [title, "=" * len(title), ""]
    lines += _wrap(f"Total {card.total:.1f}/100, grade {card.grade}; evidence backs "
                   f"{card.evidence_share:.1f} % of the possible points.")
    set_aside = [c for c in card.checks if c.status in DECIDED]
    if set_aside:
        lines += _wrap(f"Without waivers and disabled checks: {card.total_unwaived:.1f}/100 "
                       f"({len(set_aside):,} set aside by people, listed below).")
    if card.baseline is not None:
        lines += _wrap(f"Since the baseline: {trendview.since_baseline(card)}", hang="  ")
    trend = trendview.trend_line(card.history)
    if trend:
        lines += _wrap(f"History: {trend}", hang="  ")
    lines += _gate(card)
    lines += ["", *_categories(card)]
    if card.raise_most:
        lines += ["", "What would raise the score most:"]
        for check_id in card.raise_most[:RAISE_ROWS]:
            check = checks[check_id]
            lines += _wrap(f"{'+' + format(check.gain, '.1f'):>5}  {t(check.id)} [{_label(check)}]", indent="  ",
                           hang="         ")
            lines += _wrap(t(_why(check, files)), indent="         ")
        if len(card.raise_most) > RAISE_ROWS:
            lines.append(f"  …and {len(card.raise_most) - RAISE_ROWS:,} more below.")
    lines += _listed("Claimed but not proven:", [f"{t(c.id)} [{_label(c)}]: {t(c.reason)}"
                                                  for c in (checks[i] for i in card.unproven)])
    lines += _listed("Failed:", [f"{t(c.id)}: {t(_why(c, files))}" for c in card.checks if c.status == "fail"])
    lines += _listed("Counted once (listed, not counted again):", [
        f"{t(f.path)}: {'byte-identical to' if f.duplicate == 'copy' else 'same run as'} {t(f.duplicate_of or '')}"
        for f in card.files if f.duplicate_of])
    lines += _listed("Set aside by people (not evidence):",
                     [f"{t(c.id)} [{_label(c)}]: {t(c.reason)}" for c in set_aside])
    lines += _listed("Changed by a team pack:",
                     [f"{t(c.id)}: {t('; '.join(c.overrides))}" for c in card.checks if c.overrides])
    lines += _listed("Warnings:", [t(w) for w in card.warnings])
    # Folding can bring evidence text to the start of a line: no line may start a CI workflow command.
    return textsafe.terminal_block("\n".join(lines) + "\n")


def _listed(heading: str, items: list[str]) -> list[str]:
    """A blank line, the heading and one wrapped bullet per item; nothing when there are no items."""
    if not items:
        return []
    lines = ["", heading]
    for item in items:
        lines += _wrap(f"- {item}", indent="  ", hang="    ")
    return lines


def _gate(card: Scorecard) -> list[str]:
    if not card.gate.configured:
        return ["Gate: not configured (no --fail-under, category minimum or required check)."]
    if card.gate.passed:
        return ["Gate: passed."]
    lines = ["Gate: FAILED"]
    for reason in views.gate_reasons(card):
        lines += _wrap(f"- {t(reason)}", indent="  ", hang="    ")
    return lines


def _categories(card: Scorecard) -> list[str]:
    width = min(max([len(t(c.title)) for c in card.categories] + [8]), 24)
    lines = [f"{'Category':<{width}}     Score  Checks"]
    for cat in card.categories:
        score = "–" if cat.score is None else f"{score10(cat.score)}/10"
        members = set(cat.checks)  # once per category, not once per check
        checks = views.tally([c for c in card.checks if c.id in members]) if cat.checks else "no checks"
        row = f"{views.clip(t(cat.title), width):<{width}}  {score:>8}  {checks}"
        lines += _wrap(row, hang=" " * (width + 12))
    lines.append(f"Checks: {views.tally(card.checks)}")
    return lines


def _label(check: ScoredCheck) -> str:
    return status_label(check.status)


def _why(check: ScoredCheck, files: dict[str, FileEntry]) -> str:
    return views.headline(check, views.condition_lines(check, files))


def _wrap(text: str, indent: str = "", hang: str | None = None) -> list[str]:
    """Text folded to 80 columns, a number never parted from its unit; long paths break rather than overflow."""
    glued = UNIT.sub(lambda m: m.group(1) + KEEP + m.group(2), text.replace("\n", " "))
    lines = textwrap.wrap(glued, WIDTH, initial_indent=indent, subsequent_indent=indent if hang is None else hang,
                          break_long_words=True, break_on_hyphens=False)
    return [line.replace(KEEP, " ") for line in lines] or [indent.rstrip()]
