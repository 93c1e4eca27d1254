"""The fleet view: one row per service from report files alone, gate failures first, then the lowest totals.

Report files come from other teams: each is size-capped, parsed on its own and schema-checked; only the
summary fields are kept, so memory stays flat however many reports there are. A file that is not a
readable report is listed with the reason, never fatal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from readiness import reportfile


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Category(reportfile.Lenient):
    id: str = Field(max_length=200)
    title: str = Field(max_length=200)
    score: float | None = Field(ge=0, le=10)


class _Gate(reportfile.Lenient):
    configured: bool
    passed: bool


class _File(reportfile.Lenient):
    evidence_time: datetime


class _Summary(reportfile.Lenient):
    """The fields of a report the fleet reads."""

    schema_version: int
    generated_at: datetime
    service: str | None = Field(None, max_length=500)
    total: float = Field(ge=0, le=100)
    grade: str = Field(max_length=4)
    evidence_share: float = Field(ge=0, le=100)
    gate: _Gate
    categories: list[_Category]
    files: list[_File] = Field(default_factory=list)


class FleetRow(_Record):
    """One service's latest report."""

    file: str
    service: str
    total: float
    grade: str
    gate_configured: bool
    gate_passed: bool
    evidence_share: float
    categories: dict[str, float | None]
    oldest_evidence: datetime | None
    generated_at: datetime
    report_age_days: float

    @property
    def gate_failed(self) -> bool:
        return self.gate_configured and not self.gate_passed


class Skipped(_Record):
    file: str
    reason: str


class Fleet(_Record):
    """Every readable report as a row (worst first), the categories seen, and the files skipped."""

    generated_at: datetime
    readable_schema_versions: list[int]
    categories: list[tuple[str, str]] = Field(description="(id, title) in first-seen order")
    rows: list[FleetRow]
    skipped: list[Skipped]


def from_history(target: str, now: datetime) -> Fleet:
    """The fleet from a history: each service's latest recorded run (no evidence times are recorded there)."""
    from readiness import history

    rows: list[FleetRow] = []
    titles: dict[str, str] = {}
    for run in history.latest(target):
        rows.append(FleetRow(
            file=f"{history.shown(target)} run {run.id}", service=run.service or "(no service)", total=run.total,
            grade=run.grade, gate_configured=run.gate_configured, gate_passed=run.gate_passed,
            evidence_share=run.evidence_share, categories=run.categories, oldest_evidence=None,
            generated_at=run.scored_at,
            report_age_days=round(max((now - run.scored_at).total_seconds(), 0.0) / 86400, 1)))
        for cid, title in run.titles.items():
            titles.setdefault(cid, title)
    rows.sort(key=lambda r: (not r.gate_failed, r.total, r.service))
    return Fleet(generated_at=now, readable_schema_versions=list(reportfile.READABLE_SCHEMA_VERSIONS),
                 categories=list(titles.items()), rows=rows, skipped=[])


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each given file, and every *.json under each given folder (hidden names skipped), in a stable order."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(".json") and not name.startswith("."):
                    yield Path(folder) / name


def read_row(path: Path, now: datetime) -> tuple[FleetRow, list[tuple[str, str]]]:
    """One report's row and its categories' (id, title); ReportError when the file is not a readable report."""
    name = str(path)
    document = reportfile.document(path, hashed=False)[0]
    summary = reportfile.validated(_Summary, document, name)
    times = [f.evidence_time for f in summary.files]
    row = FleetRow(
        file=name, service=summary.service or path.stem, total=summary.total, grade=summary.grade,
        gate_configured=summary.gate.configured, gate_passed=summary.gate.passed,
        evidence_share=summary.evidence_share, categories={c.id: c.score for c in summary.categories},
        oldest_evidence=min(times) if times else None, generated_at=summary.generated_at,
        report_age_days=round(max((now - summary.generated_at).total_seconds(), 0.0) / 86400, 1))
    return row, [(c.id, c.title) for c in summary.categories]


def collect(paths: Iterable[Path], now: datetime) -> Fleet:
    """Read every report under paths; the fleet sorted gate failures first, then by total, then by name."""
    rows: list[FleetRow] = []
    skipped: list[Skipped] = []
    titles: dict[str, str] = {}
    for path in report_files(paths):
        try:
            row, seen = read_row(path, now)
        except reportfile.ReportError as exc:
            skipped.append(Skipped(file=str(path), reason=str(exc).removeprefix(f"{path}: ")))
            continue
        rows.append(row)
        for cid, title in seen:
            titles.setdefault(cid, title)
    rows.sort(key=lambda r: (not r.gate_failed, r.total, r.service))
    return Fleet(generated_at=now, readable_schema_versions=list(reportfile.READABLE_SCHEMA_VERSIONS),
                 categories=list(titles.items()), rows=rows, skipped=skipped)

