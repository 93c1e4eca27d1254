"""Waivers and disables applied to judged findings: which waivers hold at the time of scoring, which expired or
match nothing (warnings), and which must be refused (too long, or on a required check)."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from readiness import settings
from readiness.config import LoadedConfig, Waiver
from readiness.packs import PackIssue, PackSet
from readiness.settings import Settings

if TYPE_CHECKING:  # `validate` plans waivers without loading the scoring stages
    from readiness.findings import Finding
    from readiness.scorecard import Decider


@dataclass(frozen=True)
class Plan:
    """What the people decided for this run: check id -> (waiver, where it is written), and what to say."""

    waived: dict[str, tuple[Waiver, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    issues: list[PackIssue] = field(default_factory=list)


def checked_plan(loaded: LoadedConfig | None, chosen: Settings, packset: PackSet,
                 now: datetime) -> tuple[Plan, list[str]]:
    """The run's plan (required checks as the settings and packs say), and every problem of the settings
    with these packs: unknown names, required checks a pack disables, refused waivers, and category
    minimums on a category the disables and waivers leave with nothing to score."""
    made = plan(loaded, packset, now, settings.required_places(chosen, packset))
    problems = settings.check(chosen, packset) + [str(issue) for issue in made.issues]
    problems += [f"{chosen.category_from.get(category, '--category-min')}: a minimum for '{category}', which has "
                 f"nothing left to score: {why}"
                 for category, why in emptied(list(chosen.category_min), packset, made).items()]
    return made, problems


def plan(loaded: LoadedConfig | None, packset: PackSet, now: datetime, required: Mapping[str, str]) -> Plan:
    """Match every waiver against the checks at `now` (UTC). `required` maps each check that must pass to
    where that is said, so a waiver on it is refused naming both places."""
    if loaded is None:
        return Plan()
    config = loaded.config
    today = now.date()
    ids = [c.id for c in packset.checks if c.id not in packset.disabled]
    result = Plan()
    for index, waiver in enumerate(config.waivers):
        where = loaded.place("waivers", index)
        label = f"waiver for '{waiver.check}' ({where})"
        if waiver.expires < today:
            result.warnings.append(f"{label} expired on {waiver.expires.isoformat()}; ignored, the check "
                                   "scores as usual")
            continue
        days = (waiver.expires - today).days
        if days > config.max_waiver_days:
            result.issues.append(loaded.issue(("waivers", index, "expires"), (
                f"{waiver.expires.isoformat()} is {days} days after {today.isoformat()}; max_waiver_days is "
                f"{config.max_waiver_days} (renew a waiver when it ends rather than writing a long one)")))
            continue
        matched = [i for i in ids if fnmatch.fnmatchcase(i, waiver.check)]
        if not matched:
            close = [] if _is_glob(waiver.check) else difflib.get_close_matches(waiver.check, ids, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            result.warnings.append(f"{label} matches no check{hint}")
            continue
        for check_id in matched:
            if check_id in required:
                result.issues.append(loaded.issue(("waivers", index, "check"), (
                    f"check '{check_id}' is required ({required[check_id]}); a required check cannot be waived")))
            else:
                result.waived.setdefault(check_id, (waiver, where))
    return result


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def decider(packset: PackSet, waivers: Plan) -> Decider:
    """The step between judging and scoring: disables from the packs, then waivers from the config,
    and each pack's overrides noted on the finding."""
    from readiness.findings import decide

    def apply(findings: list[Finding]) -> list[Finding]:
        out = []
        for finding in findings:
            notes = packset.overrides.get(finding.id)
            if notes:
                finding = finding.model_copy(update={"overrides": list(notes)})
            if finding.id in packset.disabled:
                reason, where = packset.disabled[finding.id]
                finding = decide(finding, "disable", reason, where)
            elif finding.id in waivers.waived:
                waiver, where = waivers.waived[finding.id]
                finding = decide(finding, "waiver", waiver.reason, where, owner=waiver.owner,
                                 expires=waiver.expires, ticket=waiver.ticket)
            out.append(finding)
        return out
    return apply


def emptied(categories: Sequence[str], packset: PackSet, waivers: Plan) -> dict[str, str]:
    """Categories among `categories` left with nothing to score, each with why."""
    found = {}
    for category in categories:
        mine = [c.id for c in packset.checks if c.category == category]
        live = [i for i in mine if i not in packset.disabled and i not in waivers.waived]
        if not live:
            found[category] = ("it has no checks" if not mine else
                               "every check in it is disabled or waived: " + ", ".join(mine))
    return found

