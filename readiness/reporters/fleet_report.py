"""Renders the fleet view (readiness fleet) as text, md, json or a self-contained HTML heat map."""

from __future__ import annotations

from typing import Any

from readiness import textsafe
from readiness.fleet import Fleet, FleetRow
from readiness.reporters import json_report
from readiness.reporters.templating import environment, score10

FORMATS = ("text", "md", "json", "html")
BANDS = ((9.0, "top"), (7.0, "good"), (5.0, "fair"), (3.0, "poor"), (0.0, "bad"))


def band(score: float | None) -> str:
    """The heat-map band of a 0-10 score; 'none' when the category was not scored."""
    if score is None:
        return "none"
    return next(name for floor, name in BANDS if score >= floor)


def _gate(row: FleetRow) -> str:
    if not row.gate_configured:
        return "no gate"
    return "passed" if row.gate_passed else "FAILED"


def _weakest(row: FleetRow, titles: dict[str, str]) -> str:
    scored = [(s, cid) for cid, s in row.categories.items() if s is not None]
    if not scored:
        return "-"
    score, cid = min(scored)
    return f"{titles.get(cid, cid)} {score:.1f}"


def _day(value: Any) -> str:
    return "-" if value is None else f"{value:%Y-%m-%d}"


def render(fleet: Fleet, fmt: str) -> str:
    """The fleet in one of FORMATS."""
    if fmt == "json":
        document = fleet.model_dump(mode="json")
        return json_report.dumps(document)
    if fmt == "html":
        return environment().get_template("fleet.html.j2").render(fleet=fleet, view=_view(fleet))
    return _markdown(fleet) if fmt == "md" else _text(fleet)


def _summary(fleet: Fleet) -> str:
    failed = sum(r.gate_failed for r in fleet.rows)
    return (f"{len(fleet.rows)} service{'s' if len(fleet.rows) != 1 else ''}, {failed} failing the gate"
            + (f", {len(fleet.skipped)} file{'s' if len(fleet.skipped) != 1 else ''} skipped"
               if fleet.skipped else ""))


def _text(fleet: Fleet) -> str:
    t = textsafe.terminal
    titles = dict(fleet.categories)
    lines = [f"Fleet: {_summary(fleet)}", "",
             f"{'Service':<22} {'Total':>5} Gr {'Gate':<7} {'Evid.':>5}  {'Oldest':<10}  Weakest category"]
    for row in fleet.rows:
        name = t(row.service)
        name = name if len(name) <= 22 else name[:21] + "\u2026"
        lines.append(f"{name:<22} {row.total:5.1f} {row.grade:<2} {_gate(row):<7} {row.evidence_share:4.0f}%  "
                     f"{_day(row.oldest_evidence):<10}  {t(_weakest(row, titles))[:24]}")
    if fleet.skipped:
        lines += ["", "Skipped (not readable reports):"]
        lines += [f"  - {t(s.file)}: {t(s.reason)}" for s in fleet.skipped]
    return "\n".join(lines) + "\n"


def _markdown(fleet: Fleet) -> str:
    m = textsafe.markdown
    heads = [m(title) for _, title in fleet.categories]
    lines = [f"## Fleet readiness: {_summary(fleet)}", "",
             "| Service | Total | Grade | Gate | Evidence | " + " | ".join(heads) + " | Oldest evidence | Report age |",
             "|---|---:|---|---|---:|" + "---:|" * len(heads) + "---|---:|"]
    for row in fleet.rows:
        cats = " | ".join(score10(row.categories.get(cid)) for cid, _ in fleet.categories)
        lines.append(f"| {m(row.service)} | {row.total:.1f} | {m(row.grade)} | {_gate(row)} | "
                     f"{row.evidence_share:.1f} % | {cats} | {_day(row.oldest_evidence)} | "
                     f"{row.report_age_days:g} d |")
    if fleet.skipped:
        lines += ["", "<details><summary>Skipped files</summary>", ""]
        lines += [f"- {textsafe.markdown(s.file)}: {m(s.reason)}" for s in fleet.skipped]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _view(fleet: Fleet) -> dict[str, Any]:
    t = textsafe.html

    def row(r: FleetRow) -> dict[str, Any]:
        return {"row": r, "service": t(r.service), "file": t(r.file), "gate": _gate(r),
                "oldest": _day(r.oldest_evidence),
                "cells": [(score10(r.categories.get(cid)), band(r.categories.get(cid)), t(title))
                          for cid, title in fleet.categories]}

    by_name = sorted(fleet.rows, key=lambda r: (r.service.lower(), r.file))
    return {"summary": _summary(fleet), "worst": [row(r) for r in fleet.rows],
            "by_name": [row(r) for r in by_name] if len(fleet.rows) <= 2000 else None,
            "titles": [t(title) for _, title in fleet.categories],
            "skipped": [(t(s.file), t(s.reason)) for s in fleet.skipped]}
