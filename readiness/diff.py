"""What changed between two reports: total and category deltas, checks that changed status, evidence in and out."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from readiness.reportfile import CheckView, ReportView


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def delta(before: float | None, after: float | None) -> float | None:
    """after - before on the scores' one-decimal grid, free of binary float noise."""
    if before is None or after is None:
        return None
    exact = Decimal(str(after)) - Decimal(str(before))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class Side(_Record):
    """One of the two reports compared."""

    service: str | None
    commit: str | None
    generated_at: str
    total: float
    grade: str
    sha256: str | None = None


class CategoryDelta(_Record):
    id: str
    title: str
    before: float | None
    after: float | None
    delta: float | None


class CheckChange(_Record):
    """A check whose status or points differ; status None means the check is absent on that side."""

    id: str
    category: str
    before: str | None
    after: str | None
    points_before: float | None
    points_after: float | None
    facts_before: dict[str, Any] = Field(default_factory=dict)
    facts_after: dict[str, Any] = Field(default_factory=dict)
    regression: bool = Field(description="it passed before and does not pass now")


class FileChange(_Record):
    path: str
    change: Literal["added", "removed", "changed"]
    sha256_before: str | None
    sha256_after: str | None


class Diff(_Record):
    """The difference between a base report and a head report."""

    base: Side
    head: Side
    total_delta: float
    categories: list[CategoryDelta]
    checks: list[CheckChange]
    files: list[FileChange]

    @property
    def regressions(self) -> list[CheckChange]:
        return [c for c in self.checks if c.regression]


class Baseline(_Record):
    """The report a run was compared with (named by its sha256) and what changed since."""

    path: str
    sha256: str
    diff: Diff


def side(report: ReportView, sha256: str | None = None) -> Side:
    return Side(service=report.service, commit=report.commit, generated_at=report.generated_at.isoformat(),
                total=report.total, grade=report.grade, sha256=sha256)


def compare(base: ReportView, head: ReportView, base_sha: str | None = None,
            head_sha: str | None = None) -> Diff:
    """Everything that differs between base and head, in a stable order."""
    return Diff(base=side(base, base_sha), head=side(head, head_sha),
                total_delta=delta(base.total, head.total) or 0.0, categories=_categories(base, head),
                checks=_checks(base, head), files=_files(base, head))


def _categories(base: ReportView, head: ReportView) -> list[CategoryDelta]:
    before = {c.id: c for c in base.categories}
    after = {c.id: c for c in head.categories}
    out = []
    for cid in [*after, *(c for c in before if c not in after)]:
        b, a = before.get(cid), after.get(cid)
        old, new = (b.score if b else None), (a.score if a else None)
        title = a.title if a else (b.title if b else cid)
        out.append(CategoryDelta(id=cid, title=title, before=old, after=new, delta=delta(old, new)))
    return out


def _change(cid: str, b: CheckView | None, a: CheckView | None) -> CheckChange:
    return CheckChange(
        id=cid, category=a.category if a else (b.category if b else ""), before=b.status if b else None,
        after=a.status if a else None, points_before=b.points if b else None, points_after=a.points if a else None,
        facts_before=b.facts if b else {}, facts_after=a.facts if a else {},
        regression=b is not None and b.status == "pass" and (a is None or a.status != "pass"))


def _checks(base: ReportView, head: ReportView) -> list[CheckChange]:
    before = {c.id: c for c in base.checks}
    after = {c.id: c for c in head.checks}
    changes = []
    for cid in sorted(before.keys() | after.keys()):
        b, a = before.get(cid), after.get(cid)
        if b is not None and a is not None and (b.status, b.points) == (a.status, a.points):
            continue
        changes.append(_change(cid, b, a))
    return sorted(changes, key=lambda c: (not c.regression, c.id))


def _files(base: ReportView, head: ReportView) -> list[FileChange]:
    return file_changes({f.path: f.sha256 for f in base.files}, {f.path: f.sha256 for f in head.files})


def file_changes(before: dict[str, str], after: dict[str, str]) -> list[FileChange]:
    """Files added, removed or changed (by sha256) between two path -> sha256 maps, by path."""
    out = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        change: Literal["added", "removed", "changed"] = (
            "added" if old is None else "removed" if new is None else "changed")
        out.append(FileChange(path=path, change=change, sha256_before=old, sha256_after=new))
    return out
