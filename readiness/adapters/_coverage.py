"""Shared coverage arithmetic: the six coverage facts from line and branch counts, with ABSENT branches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from readiness.adapters.base import Parsed, RunIdentity, fingerprint

FACTS = (
    "coverage.line_pct", "coverage.branch_pct", "coverage.lines_total", "coverage.lines_covered",
    "coverage.branches_total", "coverage.branches_covered",
)


def coverage_facts(lines: tuple[int, int], branches: tuple[int, int] | None) -> dict[str, Any]:
    """Facts from (covered, total) lines and branches; branch facts absent when branches is None or 0 total.

    A report with no measurable lines has no line_pct (there is nothing to be a percentage of).
    """
    covered, total = lines
    facts: dict[str, Any] = {"coverage.lines_total": total, "coverage.lines_covered": covered}
    if total > 0:
        facts["coverage.line_pct"] = round(covered / total * 100.0, 4)
    if branches is not None and branches[1] > 0:
        facts["coverage.branches_total"] = branches[1]
        facts["coverage.branches_covered"] = branches[0]
        facts["coverage.branch_pct"] = round(branches[0] / branches[1] * 100.0, 4)
    return facts


def header_warnings(name: str, header: Mapping[str, int | None], body: Mapping[str, int]) -> list[str]:
    """One warning when the report's summary header disagrees with the counts recomputed from its body."""
    wrong = [f"{key}={value} but the body gives {body[key]}" for key, value in header.items()
             if value is not None and key in body and value != body[key]]
    if not wrong:
        return []
    return [f"{name} header disagrees with the report body ({', '.join(wrong)}); facts recomputed from the body"]


def epoch(value: str | int | float | None) -> datetime | None:
    """A Unix timestamp in seconds or milliseconds (told apart by size) as an aware datetime, else None."""
    try:
        number = float(value) if value is not None else 0.0
    except ValueError:
        return None
    if number <= 0:
        return None
    if number > 1e11:  # no report was written before 1973 or after 5138: above this it is milliseconds
        number /= 1000.0
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def run_identity(per_file: Iterable[tuple[str, int, int]], facts: Mapping[str, Any],
                 tool: str | None = None) -> RunIdentity:
    """Which measurement a report records: its totals and, as fingerprint, every source file's
    (name, lines, covered lines). Cobertura, JSON and LCOV reports of one coverage.py run list the same
    files with the same numbers; file names are compared without folders, which formats write differently."""
    rows = [(PurePosixPath(name.replace("\\", "/")).name, total, covered) for name, total, covered in per_file]
    totals = {key.removeprefix("coverage."): facts[key] for key in
              ("coverage.lines_total", "coverage.lines_covered", "coverage.branches_total",
               "coverage.branches_covered") if key in facts}
    return RunIdentity(tool=tool, totals=totals, fingerprint=fingerprint(rows))


def finish(lines: tuple[int, int], branches: tuple[int, int] | None, *, observed_at: datetime | None,
           warnings: list[str], details: dict[str, Any],
           per_file: Iterable[tuple[str, int, int]] | None = None, tool: str | None = None) -> Parsed:
    """The Parsed record of one coverage report; a report with no lines at all gets a warning.
    `per_file` rows (source name, lines, covered lines) give the report its run identity."""
    facts = coverage_facts(lines, branches)
    if lines[1] == 0:
        warnings = [*warnings, "the report measures 0 lines: no evidence of coverage"]
    run = run_identity(per_file, facts, tool) if per_file is not None and lines[1] > 0 else None
    return Parsed(facts=facts, observed_at=observed_at, warnings=warnings, details=details, run=run)
