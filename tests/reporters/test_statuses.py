"""Every reporter renders every status, old and new, and shows waivers and disables with owner, reason and
expiry beside the total without them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fixed_cards import NOW, REPORT_FIXTURE, ROOT

from readiness import reporters, textsafe
from readiness.findings import STATUSES, Finding, decide
from readiness.packs import load_packs
from readiness.scorecard import Scorecard, score_folder


def _set_aside(findings: list[Finding]) -> list[Finding]:
    """Waive the first failing check and disable the first passing one."""
    failing = next(i for i, f in enumerate(findings) if f.status == "fail")
    passing = next(i for i, f in enumerate(findings) if f.status == "pass")
    out = list(findings)
    out[failing] = decide(findings[failing], "waiver", "fix <scheduled> next sprint", "readiness.yaml:9",
                          owner="alice@example.com", expires=date(2026, 12, 15), ticket="OPS-42")
    out[passing] = decide(findings[passing], "disable", "no such component here", "team.yaml:5")
    return out


@pytest.fixture(scope="module")
def decided_card() -> Scorecard:
    packset = load_packs([str(REPORT_FIXTURE / "pack.yaml")])
    return score_folder(packset, REPORT_FIXTURE / "evidence", "evidence", ROOT / "examples" / "shop", ".",
                        now=NOW, service="svc", commit=None, fail_under=10, decide=_set_aside,
                        warnings=["waiver for 'old-*' (readiness.yaml:20) expired on 2026-11-01; ignored"])


def test_the_card_has_both_new_statuses(decided_card: Scorecard) -> None:
    counts = decided_card.status_counts
    assert list(counts) == list(STATUSES)
    assert counts["waived"] == 1 and counts["not_applicable"] == 1
    # The disabled check passed: setting it aside lowers the total; waiving a failure raises it.
    assert decided_card.total != decided_card.total_unwaived
    assert not any(c.status in ("waived", "not_applicable") for c in decided_card.checks
                   if c.id in decided_card.unproven + decided_card.raise_most)


# A badge is a one-line summary: it shows the total the gate uses, and its tooltip the total without
# decisions (test_badge.py); the full decisions are in every report.
SUMMARIES = ("badge", "shields")


@pytest.mark.parametrize("fmt", [f for f in reporters.REGISTRY if f not in SUMMARIES])
def test_every_reporter_shows_decisions(decided_card: Scorecard, fmt: str) -> None:
    text = reporters.REGISTRY[fmt].render(decided_card)
    waived = next(c for c in decided_card.checks if c.status == "waived")
    disabled = next(c for c in decided_card.checks if c.status == "not_applicable")
    assert waived.id in text and disabled.id in text
    # The terminal report folds lines at 80 columns: read it as the words it prints.
    words = " ".join(text.split()) if fmt == "text" else text
    for needle in ("alice@example.com", "2026-12-15", "OPS-42", "no such component here", "team.yaml:5",
                   "expired on 2026-11-01", f"{decided_card.total_unwaived:.1f}"):
        shown = textsafe.markdown(needle) if fmt == "md" else needle  # e.g. alice@&#8203;example.com
        assert shown in words, (fmt, needle)
    if fmt == "html":
        assert "<scheduled>" not in text and "&lt;scheduled&gt;" in text


def test_json_carries_both_totals_and_the_decision(decided_card: Scorecard) -> None:
    import json

    data: dict[str, Any] = json.loads(reporters.REGISTRY["json"].render(decided_card))
    assert data["total"] == decided_card.total and data["total_unwaived"] == decided_card.total_unwaived
    waived = next(c for c in data["checks"] if c["status"] == "waived")
    assert waived["decision"] == {"kind": "waiver", "reason": "fix <scheduled> next sprint",
                                  "owner": "alice@example.com", "expires": "2026-12-15", "ticket": "OPS-42",
                                  "source": "readiness.yaml:9", "status_without": "fail", "points_without": 0.0}


def test_the_badge_names_the_total_without_decisions(decided_card: Scorecard) -> None:
    text = reporters.REGISTRY["badge"].render(decided_card)
    assert f"1 waived, 1 not applicable; {decided_card.total_unwaived:.1f} without them" in text
    assert f"{decided_card.total:.1f} {decided_card.grade}" in reporters.REGISTRY["shields"].render(decided_card)
