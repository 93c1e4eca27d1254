"""Tailoring: the override and disable entries of packs applied to checks any loaded pack defines, each change
recorded with the pack that made it, and required checks kept required."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from readiness.conditions import AnyOf, Condition, Expression
from readiness.packs import Category, Check, LoadedPack, PackIssue, check_issues, duration_text

# Fields an override may not set to null: every check has them.
_NEEDED = ("points", "when", "claim", "required", "select")


@dataclass(frozen=True)
class Tailored:
    """The checks after every override, what each pack changed, which checks are disabled and why, where each
    required check is made required, and what was wrong."""

    checks: tuple[Check, ...]
    disabled: dict[str, tuple[str, str]]
    overrides: dict[str, list[str]]
    required_at: dict[str, str]
    issues: list[PackIssue]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + "; ".join(c.text if isinstance(c, Condition | AnyOf) else str(c) for c in value) + "]"
    if isinstance(value, timedelta):
        return duration_text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if value is None:
        return "none"
    return f'"{value}"'


def unknown_check(check_id: str, known: Sequence[str]) -> str:
    """'unknown check 'x'; did you mean 'y'?' for any place a check id is named."""
    close = difflib.get_close_matches(check_id, list(known), n=1) or [
        k for k in known if k.startswith(check_id) or check_id in k][:1]
    return f"unknown check '{check_id}'" + (f"; did you mean '{close[0]}'?" if close else "")


def tailor(loaded: Sequence[LoadedPack], categories: Mapping[str, Category],
           derive: Mapping[str, Expression]) -> Tailored:
    """Apply every pack's override and disable, in load order (a pack that extends another comes after it)."""
    checks: dict[str, Check] = {}
    required_at: dict[str, str] = {}
    for item in loaded:
        for position, check in enumerate(item.pack.checks):
            if check.id not in checks:  # a duplicate id is reported by the pack loader
                checks[check.id] = check
                if check.required:
                    required_at[check.id] = item.place(("checks", item.index(position), "required"))
    issues: list[PackIssue] = []
    overrides: dict[str, list[str]] = {}
    disabled: dict[str, tuple[str, str]] = {}
    disabled_in: dict[str, tuple[LoadedPack, tuple[Any, ...]]] = {}  # where each disable is written
    for item in loaded:
        for check_id, change in item.pack.override.items():
            at: tuple[Any, ...] = ("override", check_id)
            if check_id not in checks:
                issues.append(_issue(item, at, unknown_check(check_id, list(checks))))
                continue
            old = checks[check_id]
            values = {name: getattr(change, name) for name in change.model_fields_set}
            empty = [name for name in _NEEDED if name in values and values[name] is None]
            for name in empty:
                issues.append(_issue(item, at + (name,), "needs a value (leave the field out to keep it)"))
            if empty:
                continue
            if values.get("required") is False and old.required:
                issues.append(_issue(item, at + ("required",), f"check '{check_id}' is required in "
                                     f"{required_at[check_id]}; an override cannot make it optional"))
                continue
            new = old.model_copy(update=values)
            if "when" in values:
                issues.extend(check_issues(item, at, new, dict(categories), dict(derive)))
            if values.get("required"):
                required_at.setdefault(check_id, item.place(at + ("required",)))
            overrides.setdefault(check_id, []).extend(
                f"{item.path}: {name} {_text(getattr(old, name))} → {_text(getattr(new, name))}"
                for name in sorted(values) if getattr(old, name) != getattr(new, name))
            checks[check_id] = new
        for check_id, reason in item.pack.disable.items():
            at = ("disable", check_id)
            if check_id not in checks:
                issues.append(_issue(item, at, unknown_check(check_id, list(checks))))
            elif check_id not in disabled:
                disabled[check_id] = (reason, item.place(at))
                disabled_in[check_id] = (item, at)
    for check_id, (item, at) in disabled_in.items():
        if check_id in required_at:
            issues.append(_issue(item, at, f"check '{check_id}' is required in {required_at[check_id]}; "
                                           "a required check cannot be disabled"))
    return Tailored(tuple(checks.values()), disabled, overrides, required_at, issues)


def _issue(item: LoadedPack, at: tuple[Any, ...], message: str) -> PackIssue:
    from readiness import yamlplaces

    return PackIssue(item.path, yamlplaces.line_for(item.lines, at), message, None, yamlplaces.where(at))
