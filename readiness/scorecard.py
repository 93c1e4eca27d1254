"""The scorecard: the one self-contained result every reporter formats, and the pipeline that builds it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from readiness import __version__, crossfile, documents, scoring
from readiness.diff import Baseline
from readiness.evidence import EvidenceFile, discover
from readiness.findings import DECIDED, STATUSES, UNPROVEN, Finding, judge_all, undecided
from readiness.gate import Gate, judge_gate
from readiness.history import Trend
from readiness.packs import BUILTIN_SUFFIX, PackSet

SCHEMA_VERSION = 2
# Applies waivers and disables to the judged findings (readiness.waivers.decider builds one from the config).
Decider = Callable[[list[Finding]], list[Finding]]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackRef(_Record):
    """A check pack that was used."""

    name: str
    path: str
    sha256: str


class CategoryResult(_Record):
    """One category's score; score is None when the category has no checks."""

    id: str
    title: str
    weight: float
    score: float | None
    max: int = 10
    earned: float
    possible: float
    evidenced: float
    checks: list[str] = Field(description="check ids, failures first, waived and not-applicable last")
    checks_evidenced: int
    files: list[str] = Field(description="evidence files its checks used")


class CheckSource(_Record):
    """Where a check is defined: its pack as shown in reports and the line of the check in that file."""

    pack: str
    line: int | None
    builtin: bool = Field(description="a pack shipped with readiness, not a file in the repository")


class ScoredCheck(Finding):
    """A finding with what passing it would add to the total."""

    gain: float
    source: CheckSource | None = None


class FileEntry(EvidenceFile):
    """An evidence file with the checks that used it."""

    used_by: list[str] = Field(default_factory=list)


class Scorecard(_Record):
    """Everything a report shows; renderers need nothing else."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str = __version__
    generated_at: datetime
    service: str | None
    commit: str | None
    evidence_dir: str
    root_dir: str = Field(".", description="the --root documents and runbooks were read from")
    packs: list[PackRef]
    total: float = Field(description="with waivers and disabled checks applied; the gate judges this")
    total_unwaived: float = Field(description="the evidence alone: every waiver and disable taken back")
    grade: str
    evidence_share: float
    gate: Gate
    status_counts: dict[str, int]
    categories: list[CategoryResult]
    checks: list[ScoredCheck]
    unproven: list[str] = Field(description="checks scored 0 for missing, unusable or stale evidence")
    raise_most: list[str] = Field(description="checks that do not pass, by what passing them would add")
    files: list[FileEntry]
    baseline: Baseline | None = Field(None, description="the report compared with and what changed since")
    history: Trend | None = Field(None, description="this service's recent runs from the history")
    warnings: list[str] = Field(default_factory=list, description="expired or unmatched waivers and the like")


def build(packset: PackSet, files: Sequence[EvidenceFile], *, now: datetime, evidence_arg: str,
          service: str | None, commit: str | None, fail_under: float | None = None,
          category_minimums: Mapping[str, float] | None = None, required: Sequence[str] = (),
          min_evidence_share: float | None = None, decide: Decider | None = None,
          warnings: Sequence[str] = ()) -> Scorecard:
    """Judge every check against the files, apply the people's decisions (waivers, disables), score,
    gate, and assemble the scorecard."""
    findings = judge_all(packset.checks, files, packset.derive, now, evidence_arg)
    if decide is not None:
        findings = decide(findings)
    rows = scoring.tally(packset.categories, findings)
    total = scoring.total(rows)
    share = scoring.evidence_share(rows)
    categories = [_category(r, findings) for r in rows]
    must_pass = [c.id for c in packset.checks if c.required] + [i for i in required if i not in
                                                                  {c.id for c in packset.checks if c.required}]
    gate = judge_gate(total, {c.id: c.score for c in categories}, findings, fail_under,
                      dict(category_minimums or {}), must_pass, min_evidence_share, share)
    sources = _sources(packset)
    checks = [ScoredCheck(**f.model_dump(), gain=scoring.gain(f, rows), source=sources.get(f.id)) for f in findings]
    used: dict[str, list[str]] = {}
    for finding in findings:
        for ref in finding.evidence:
            used.setdefault(ref.path, []).append(finding.id)
    counts = Counter(f.status for f in findings)
    return Scorecard(
        generated_at=now, service=service, commit=commit, evidence_dir=evidence_arg,
        packs=[PackRef(name=p.name, path=p.path, sha256=p.sha256) for p in packset.packs],
        total=total, total_unwaived=scoring.total(scoring.tally(packset.categories,
                                                                [undecided(f) for f in findings])),
        grade=scoring.grade(total), evidence_share=share, gate=gate,
        status_counts={s: counts.get(s, 0) for s in STATUSES},
        categories=categories, checks=checks,
        unproven=[f.id for f in findings if f.status in UNPROVEN],
        raise_most=[c.id for c in sorted((c for c in checks if c.status not in ("pass", *DECIDED)),
                                         key=lambda c: (-c.gain, c.id))],
        files=[FileEntry(**f.model_dump(), used_by=used.get(f.path, [])) for f in files],
        warnings=list(warnings),
    )


def _sources(packset: PackSet) -> dict[str, CheckSource]:
    """Each check's pack file and line, for outputs that point at a place in the repository (SARIF)."""
    found: dict[str, CheckSource] = {}
    for item in packset.packs:
        builtin = item.path.endswith(BUILTIN_SUFFIX)
        for index, check in enumerate(item.pack.checks):
            found.setdefault(check.id, CheckSource(pack=item.path, line=item.lines.get(("checks", item.index(index))),
                                                   builtin=builtin))
    return found


def _category(row: scoring.CategoryTally, findings: Sequence[Finding]) -> CategoryResult:
    mine = sorted((f for f in findings if f.category == row.category.id), key=lambda f: STATUSES.index(f.status))
    files = sorted({ref.path for f in mine for ref in f.evidence})
    return CategoryResult(
        id=row.category.id, title=row.category.title, weight=row.category.weight,
        score=scoring.round_below_max(row.score, 10) if row.scored else None,
        earned=float(row.earned), possible=float(row.possible), evidenced=float(row.evidenced),
        checks=[f.id for f in mine], checks_evidenced=sum(f.status in scoring.EVIDENCED for f in mine),
        files=files,
    )


def gather(packset: PackSet, folder: Path, evidence_arg: str, root: Path, root_arg: str,
           now: datetime | None = None) -> list[EvidenceFile]:
    """Every evidence record: files in the evidence folder, documents and runbooks under the root,
    then the cross-file facts that need several of them together. `now` is the scoring time."""
    files = discover(folder, evidence_arg, now)
    seen = {Path(f.path).resolve() for f in files}
    files += documents.collect(root, root_arg, packset.documents, packset.runbooks, seen)
    runbooks_shown = packset.runbooks.path if root_arg in ("", ".") else f"{root_arg}/{packset.runbooks.path}"
    return crossfile.apply(files, root / packset.runbooks.path, runbooks_shown)


def score_folder(packset: PackSet, folder: Path, evidence_arg: str, root: Path, root_arg: str,
                 **options: Any) -> Scorecard:
    """Gather the evidence and build the scorecard."""
    files = gather(packset, folder, evidence_arg, root, root_arg, options.get("now"))
    card = build(packset, files, evidence_arg=evidence_arg, **options)
    return card.model_copy(update={"root_dir": root_arg or "."})
