"""Verify a JSON report: re-score with what it recorded (time, packs, evidence) and name every difference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from readiness import reportfile, waivers
from readiness.config import LoadedConfig
from readiness.diff import file_changes
from readiness.packs import BUILTIN_SUFFIX, PackError, load_packs
from readiness.scorecard import SCHEMA_VERSION, Scorecard, score_folder

_SHOWN_FIELDS = 8  # a hand-edited report lists this many differing fields, then a count


class VerifyError(Exception):
    """Verification could not run (usage): unreadable report, packs or folders. One line."""


class Verification(BaseModel):
    """What verify found: no differences means the report is what the evidence gives."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: str
    files: int
    differences: list[str] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list)


def _card(path: Path) -> tuple[Scorecard | None, dict[str, Any], str | None]:
    """The report as a scorecard, or None with the reason when it no longer fits the schema."""
    document = reportfile.parse(reportfile.read_bytes(path, reportfile.VERIFY_BYTES), str(path))
    if document.get("schema_version") != SCHEMA_VERSION:
        raise VerifyError(f"{path}: schema_version {document.get('schema_version')!r} was written by another "
                          f"readiness version (this one writes {SCHEMA_VERSION}); verify with that version")
    try:
        return Scorecard.model_validate(document), document, None
    except ValidationError as exc:
        return None, document, f"report edited by hand: {reportfile.first_error(exc)}"


def _pack_names(card: Scorecard) -> list[str]:
    return [p.name if p.path.endswith(BUILTIN_SUFFIX) else p.path for p in card.packs]


def verify(report: Path, evidence: Path | None = None, checks: list[str] | None = None,
           root: Path | None = None, loaded: LoadedConfig | None = None) -> Verification:
    """Re-score the report's evidence at its recorded time and compare, field by field. The waivers of
    `loaded` (readiness.yaml) apply as they did when the report was scored, judged at its time."""
    try:
        card, document, broken = _card(report)
    except reportfile.ReportError as exc:
        raise VerifyError(str(exc)) from None
    if card is None:
        return Verification(report=str(report), files=0, differences=[broken or "report does not validate"])
    try:
        packset = load_packs(checks or _pack_names(card))
    except PackError as exc:
        raise VerifyError("invalid check pack: " + "; ".join(str(i) for i in exc.issues)) from None
    folder = evidence or Path(card.evidence_dir)
    base = root or Path(card.root_dir)
    if not folder.is_dir():
        raise VerifyError(f"evidence folder {folder} does not exist; pass --evidence DIR")
    if not base.is_dir():
        raise VerifyError(f"root {base} does not exist; pass --root DIR")
    required = {**{i: f"required: true in {w}" for i, w in packset.required_at.items()},
                **{i: "the report's gate" for i in card.gate.required if i not in packset.required_at}}
    plan = waivers.plan(loaded, packset, card.generated_at, required)
    if plan.issues:
        raise VerifyError("invalid config: " + "; ".join(str(i) for i in plan.issues))
    fresh = score_folder(packset, folder, card.evidence_dir, base, card.root_dir, now=card.generated_at,
                         service=card.service, commit=card.commit, fail_under=card.gate.fail_under,
                         category_minimums=card.gate.category_minimums, required=card.gate.required,
                         min_evidence_share=card.gate.min_evidence_share,
                         decide=waivers.decider(packset, plan), warnings=plan.warnings)
    fresh = _outside(fresh, card)
    differences = _packs(card, fresh) + _files(card, fresh)
    if [(p.name, p.sha256) for p in fresh.packs] == [(p.name, p.sha256) for p in card.packs]:
        fresh = _same_packs(fresh, card)
    if not differences:
        differences = _fields(document, fresh.model_dump(mode="json"))
    not_checked = []
    if card.baseline is not None:
        not_checked.append(f"the baseline section (from {card.baseline.path}, sha256 {card.baseline.sha256[:12]}"
                           "...) is taken as recorded")
    if card.history is not None:
        not_checked.append("the history trend is taken as recorded")
    return Verification(report=str(report), files=len(fresh.files), differences=differences,
                        not_checked=not_checked)


def _outside(fresh: Scorecard, card: Scorecard) -> Scorecard:
    """Baseline and history come from outside the evidence: take them as recorded, gate included."""
    fresh = fresh.model_copy(update={"history": card.history})
    if card.baseline is None:
        return fresh
    from readiness.baseline import judge

    return judge(fresh, card.baseline, card.gate.max_drop, bool(card.gate.fail_on_regression))


def _same_packs(fresh: Scorecard, card: Scorecard) -> Scorecard:
    """The same packs (by content) loaded from another path: keep the paths and check sources recorded."""
    recorded = {c.id: c.source for c in card.checks}
    checks = [c.model_copy(update={"source": recorded.get(c.id, c.source)}) for c in fresh.checks]
    return fresh.model_copy(update={"packs": card.packs, "checks": checks})


def _packs(card: Scorecard, fresh: Scorecard) -> list[str]:
    out = []
    recorded = {p.name: p.sha256 for p in card.packs}
    for pack in fresh.packs:
        was = recorded.pop(pack.name, None)
        if was is None:
            out.append(f"pack {pack.name}: not in the report")
        elif was != pack.sha256:
            out.append(f"pack {pack.name}: differs (sha256 {was[:12]}... in the report, {pack.sha256[:12]}... now)")
    out += [f"pack {name}: in the report, not loaded now" for name in recorded]
    return out


def _files(card: Scorecard, fresh: Scorecard) -> list[str]:
    said = {"added": "new evidence file: {path}", "removed": "missing evidence file: {path}",
            "changed": "changed evidence file: {path} (sha256 {old}... in the report, {new}... now)"}
    return [said[c.change].format(path=c.path, old=(c.sha256_before or "")[:12], new=(c.sha256_after or "")[:12])
            for c in file_changes({f.path: f.sha256 for f in card.files}, {f.path: f.sha256 for f in fresh.files})]


def _fields(recorded: Any, fresh: Any) -> list[str]:
    """Every path at which the report's JSON differs from the re-scored one (a hand edit)."""
    found: list[str] = []
    _walk(recorded, fresh, "", found)
    if len(found) > _SHOWN_FIELDS:
        found = found[:_SHOWN_FIELDS] + [f"... and {len(found) - _SHOWN_FIELDS} more fields"]
    return [f"report edited by hand: {line}" for line in found]


def _walk(recorded: Any, fresh: Any, where: str, found: list[str]) -> None:
    if isinstance(recorded, dict) and isinstance(fresh, dict):
        for key in [*fresh, *(k for k in recorded if k not in fresh)]:
            _walk(recorded.get(key), fresh.get(key), f"{where}.{key}" if where else str(key), found)
    elif isinstance(recorded, list) and isinstance(fresh, list) and len(recorded) == len(fresh):
        for index, (a, b) in enumerate(zip(recorded, fresh, strict=True)):
            _walk(a, b, f"{where}[{index}]", found)
    elif recorded != fresh:
        found.append(f"{where or 'report'}: {_short(recorded)} in the report, {_short(fresh)} re-scored")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
