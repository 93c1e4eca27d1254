"""The terminal scorecard: a plain table that reads well in a CI log."""

from __future__ import annotations

from readiness import textsafe
from readiness.findings import DECIDED
from readiness.reporters import trendview
from readiness.reporters.templating import STATUS_LABELS, score10
from readiness.scorecard import Scorecard


def render(card: Scorecard) -> str:
    """The scorecard as plain text lines. Every text from evidence or packs goes through `t`
    (textsafe.terminal), so it can neither add a line nor reach the terminal raw."""
    t = textsafe.terminal
    checks = {c.id: c for c in card.checks}
    title = f"Production readiness{': ' + t(card.service) if card.service else ''}"
    lines = [title, "=" * len(title), ""]
    width = max([len(t(c.title)) for c in card.categories] + [8])
    lines.append(f"{'Category':<{width}}  Score  Evidence")
    for cat in card.categories:
        decided = sum(checks[i].status in DECIDED for i in cat.checks)
        judged = len(cat.checks) - decided
        evidence = f"{cat.checks_evidenced}/{judged} checks have evidence" if cat.checks else "no checks"
        if decided:
            evidence = f"{evidence}, {decided} set aside" if judged else f"all {decided} checks set aside"
        lines.append(f"{t(cat.title):<{width}}  {score10(cat.score):>5}  {evidence}")
    lines += ["", f"Total {card.total:.1f}/100  grade {card.grade}  "
              f"(evidence backs {card.evidence_share:.1f}% of possible points)"]
    if card.baseline is not None:
        lines.append(f"Since the baseline: {trendview.since_baseline(card)}")
    if trendview.trend_line(card.history):
        lines.append(f"History: {trendview.trend_line(card.history)}")
    counts = card.status_counts
    set_aside = [c for c in card.checks if c.status in DECIDED]
    if set_aside:
        lines.append(f"Without waivers and disabled checks: {card.total_unwaived:.1f}/100")
    tail = "".join(f", {counts[s]} {STATUS_LABELS[s].lower()}" for s in DECIDED if counts.get(s))
    lines.append(f"Checks: {counts['pass']} passed, {counts['fail']} failed, {len(card.unproven)} not proven{tail}")
    if card.unproven:
        lines += ["", "Claimed but not proven:"]
        lines += [f"  - {i} [{STATUS_LABELS[checks[i].status]}]: {t(checks[i].reason)}" for i in card.unproven]
    failing = [c for c in card.checks if c.status == "fail"]
    if failing:
        lines += ["", "Failed:"]
        lines += [f"  - {c.id}: {t(c.reason)}" for c in failing]
    changed = [c for c in card.checks if c.overrides]
    if changed:
        lines += ["", "Changed by packs:"]
        lines += [f"  - {c.id}: {t(note)}" for c in changed for note in c.overrides]
    repeated = [f for f in card.files if f.duplicate_of]
    if repeated:
        lines += ["", "Counted once (listed, not counted again):"]
        lines += [f"  - {t(f.path)}: {'byte-identical to' if f.duplicate == 'copy' else 'same run as'} "
                  f"{t(f.duplicate_of or '')}" for f in repeated]
    if set_aside:
        lines += ["", "Set aside by people (not evidence):"]
        lines += [f"  - {c.id} [{STATUS_LABELS[c.status]}]: {t(c.reason)}" for c in set_aside]
    if card.warnings:
        lines += ["", "Warnings:"] + [f"  - {t(w)}" for w in card.warnings]
    if card.gate.configured:
        verdict = "passed" if card.gate.passed else "FAILED"
        lines += ["", f"Gate: {verdict}"] + [f"  - {t(r)}" for r in card.gate.reasons]
    return "\n".join(lines) + "\n"
