"""Scorecards carrying text no XML file can hold, for the outputs that must stay valid anyway."""

from __future__ import annotations

from readiness.scorecard import Scorecard

# ESC (terminal rewriting), NUL, a C1 control, a lone surrogate (an undecodable file name byte), a bidi
# override, a zero-width space, and markup.
NASTY = "esc\x1b[2K nul\x00 c1\x85 lone\udcff rtl\u202e zw\u200b <b>&amp;</b> ]]> \"q\""


def hostile(card: Scorecard, statuses: dict[str, str] | None = None) -> Scorecard:
    """The card with NASTY in every check's reason, claim and fix, in file paths and in the service name;
    statuses maps check ids to a status to force (for statuses the engine gives only with a config)."""
    statuses = statuses or {}
    checks = [c.model_copy(update={
        "reason": f"{c.reason} {NASTY}", "claim": f"{c.claim} {NASTY}", "fix": f"fix {NASTY}",
        "status": statuses.get(c.id, c.status),
        "evidence": [r.model_copy(update={"path": f"{r.path}{NASTY}"}) for r in c.evidence],
    }) for c in card.checks]
    return card.model_copy(update={"checks": checks, "service": f"svc {NASTY}",
                                   "gate": card.gate.model_copy(update={"reasons": [f"gate {NASTY}"]})})
