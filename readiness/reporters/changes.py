"""Renders a Diff (readiness diff, and the "What changed" part of a report with a baseline) as text, md or json."""

from __future__ import annotations

from readiness import textsafe
from readiness.diff import CheckChange, Diff
from readiness.reporters import json_report

FORMATS = ("text", "md", "json")


def signed(value: float | None) -> str:
    """A delta with its sign: +2.0, −4.0 (a real minus sign), ±0.0."""
    if value is None:
        return "n/a"
    if value == 0:
        return "±0.0"
    return f"+{value:.1f}" if value > 0 else f"\u2212{abs(value):.1f}"


def moved(before: float | None, after: float | None, change: float | None) -> str:
    """'48.0 → 44.0 (−4.0)'; a side that is absent or unscored reads 'n/a'."""
    shown = [("n/a" if v is None else f"{v:.1f}") for v in (before, after)]
    return f"{shown[0]} \u2192 {shown[1]} ({signed(change)})"


def _status(value: str | None) -> str:
    return "absent" if value is None else value


def _facts(change: CheckChange) -> list[str]:
    names = sorted(change.facts_before.keys() | change.facts_after.keys())
    out = []
    for name in names:
        old, new = change.facts_before.get(name), change.facts_after.get(name)
        if old != new:
            out.append(f"{name}: {old!r} \u2192 {new!r}" if old is not None and new is not None
                       else f"{name}: {'absent' if old is None else repr(old)} \u2192 "
                            f"{'absent' if new is None else repr(new)}")
    return out


def render(diff: Diff, fmt: str) -> str:
    """The diff in one of FORMATS."""
    if fmt == "json":
        return json_report.dumps(diff.model_dump(mode="json"))
    return _markdown(diff) if fmt == "md" else _text(diff)


def _text(diff: Diff) -> str:
    t = textsafe.terminal
    name = t(diff.head.service or diff.base.service or "service")
    lines = [f"{name}: {moved(diff.base.total, diff.head.total, diff.total_delta)}, grade "
             f"{t(diff.base.grade)} \u2192 {t(diff.head.grade)}"]
    changed = [c for c in diff.categories if c.delta != 0]
    if changed:
        lines.append("Categories:")
        lines += [f"  {t(c.title):<14} {moved(c.before, c.after, c.delta)}" for c in changed]
    if diff.checks:
        lines.append("Checks that changed:")
        for c in diff.checks:
            mark = "  regression" if c.regression else ""
            lines.append(f"  {t(c.id)}: {_status(c.before)} \u2192 {_status(c.after)}{mark}")
            lines += [f"      {t(f)}" for f in _facts(c)]
    if diff.files:
        lines.append("Evidence:")
        sign = {"added": "+", "removed": "-", "changed": "~"}
        lines += [f"  {sign[f.change]} {t(f.path)} ({f.change})" for f in diff.files]
    if len(lines) == 1:
        lines.append("No check, category or evidence file changed.")
    return "\n".join(lines) + "\n"


def _markdown(diff: Diff) -> str:
    m = textsafe.markdown
    name = m(diff.head.service or diff.base.service or "service")
    lines = [f"### {name}: {moved(diff.base.total, diff.head.total, diff.total_delta)}", ""]
    changed = [c for c in diff.categories if c.delta != 0]
    if changed:
        lines += ["| Category | Before | After | Change |", "|---|---:|---:|---:|"]
        lines += [f"| {m(c.title)} | {'n/a' if c.before is None else f'{c.before:.1f}'} | "
                  f"{'n/a' if c.after is None else f'{c.after:.1f}'} | {signed(c.delta)} |" for c in changed]
        lines.append("")
    if diff.checks:
        lines += ["| Check | Before | After | Facts |", "|---|---|---|---|"]
        for c in diff.checks:
            check = f"**{m(c.id)}** (regression)" if c.regression else m(c.id)
            facts = "<br>".join(m(f) for f in _facts(c)) or ""
            lines.append(f"| {check} | {_status(c.before)} | {_status(c.after)} | {facts} |")
        lines.append("")
    if diff.files:
        lines += [f"- {f.change}: {textsafe.markdown(f.path)}" for f in diff.files]
        lines.append("")
    if not (changed or diff.checks or diff.files):
        lines += ["No check, category or evidence file changed.", ""]
    return "\n".join(lines)
