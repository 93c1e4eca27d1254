"""Renders the runs of a history (readiness history) as text, md or json, grouped by service, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from readiness import textsafe
from readiness.diff import delta
from readiness.history import HistoryRun
from readiness.reporters import json_report
from readiness.reporters.changes import moved, signed

FORMATS = ("text", "md", "json")


def _by_service(found: Sequence[HistoryRun]) -> dict[str, list[HistoryRun]]:
    groups: dict[str, list[HistoryRun]] = {}
    for run in found:
        groups.setdefault(run.service, []).append(run)
    return dict(sorted(groups.items()))


def _headline(runs: list[HistoryRun]) -> str:
    first, last = runs[0], runs[-1]
    count = f"{len(runs)} run{'s' if len(runs) != 1 else ''}"
    if len(runs) == 1:
        return f"{count}, {last.total:.1f}"
    return f"{count}, {moved(first.total, last.total, delta(first.total, last.total))} since {first.scored_at:%Y-%m-%d}"


def render(found: Sequence[HistoryRun], target: str, fmt: str) -> str:
    """The history in one of FORMATS."""
    groups = _by_service(found)
    if fmt == "json":
        document = {"history": target, "services": [
            {"service": name, "runs": [r.model_dump(mode="json") for r in runs]} for name, runs in groups.items()]}
        return json_report.dumps(document)
    if fmt == "md":
        lines = [f"## History ({textsafe.markdown(target)})", ""]
        for name, runs in groups.items():
            lines += [f"### {textsafe.markdown(name or '(no service)')}: {_headline(runs)}", "",
                      "| Scored at (UTC) | Commit | Total | Grade | Gate | Change |", "|---|---|---:|---|---|---:|"]
            previous = None
            for run in runs:
                change = "" if previous is None else f"({signed(delta(previous, run.total))})"
                lines.append(f"| {run.scored_at:%Y-%m-%d %H:%M} | {textsafe.markdown((run.commit or '')[:12])} | "
                             f"{run.total:.1f} | {run.grade} | {'passed' if run.gate_passed else 'failed'} | "
                             f"{change} |")
                previous = run.total
            lines.append("")
        if not groups:
            lines.append("No runs recorded yet.\n")
        return "\n".join(lines)
    t = textsafe.terminal
    lines = [f"History: {t(target)}"]
    for name, runs in groups.items():
        lines += ["", f"{t(name or '(no service)')}: {_headline(runs)}"]
        for run in runs:
            gate = "gate passed" if run.gate_passed else "gate FAILED"
            lines.append(f"  {run.scored_at:%Y-%m-%d %H:%M}  {t((run.commit or '-')[:12]):<12}  "
                         f"{run.total:5.1f}  {run.grade:<2} {gate}")
    if not groups:
        lines.append("No runs recorded yet.")
    return "\n".join(lines) + "\n"
