"""Fixed scorecards for report tests: a scored evidence folder with pinned clock and mtimes, a synthetic huge one,
and golden-file comparison (UPDATE_GOLDEN=1 rewrites)."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from readiness.findings import ConditionResult, EvidenceRef, decide
from readiness.gate import Gate
from readiness.packs import load_packs
from readiness.scorecard import CategoryResult, FileEntry, PackRef, Scorecard, ScoredCheck, score_folder

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
REPORT_FIXTURE = ROOT / "tests" / "fixtures" / "report"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# Files whose content carries no time are dated by mtime, which a checkout does not preserve: pin it.
MTIME = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SERVICE = "checkout <api>"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
HOSTILE = "<img src=x onerror=alert(1)> | pipe"


_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", "test-artifacts", "bench")


def render_fixed(folder: Path, packs: Sequence[str | Path] = ("service",), *, root: Path | None = None,
                 now: datetime = NOW, service: str = SERVICE, commit: str = COMMIT,
                 fail_under: float | None = None, required: Sequence[str] = (),
                 evidence_arg: str = "evidence") -> Scorecard:
    """Score a copy of folder (and of root, where documents and runbooks are found; empty when None) with
    every file's mtime pinned, so the scorecard is the same on any machine.

    Paths in the card read `evidence/...`; pack files given as paths are shown relative to the repository.
    """
    with tempfile.TemporaryDirectory() as tmp:
        copy, root_copy = Path(tmp) / "evidence", Path(tmp) / "root"
        shutil.copytree(folder, copy)
        if root is None:
            root_copy.mkdir()
        else:
            shutil.copytree(root, root_copy, ignore=_NOT_COPIED)
        stamp = MTIME.timestamp()
        for path in Path(tmp).rglob("*"):
            os.utime(path, (stamp, stamp))
        packset = load_packs([str(p) for p in packs])
        card = score_folder(packset, copy, evidence_arg, root_copy, ".", now=now, service=service,
                            commit=commit, fail_under=fail_under, required=list(required))
    refs = [ref.model_copy(update={"path": _relative(ref.path)}) for ref in card.packs]
    checks = [c.model_copy(update={"source": c.source.model_copy(update={"pack": _relative(c.source.pack)})})
              if c.source else c for c in card.checks]
    return card.model_copy(update={"packs": refs, "checks": checks})


def report_card() -> Scorecard:
    """The scorecard of tests/fixtures/report: every status, a required check, a gate, an unscored category."""
    return render_fixed(REPORT_FIXTURE / "evidence", [REPORT_FIXTURE / "pack.yaml"], fail_under=70)


def _relative(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute() and candidate.is_relative_to(ROOT):
        return candidate.relative_to(ROOT).as_posix()
    return path


def check_golden(name: str, text: str) -> None:
    """Compare text with tests/golden/name; with UPDATE_GOLDEN=1 write it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing; run UPDATE_GOLDEN=1 .venv/bin/pytest tests/reporters"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                 f"golden/{name}", "rendered"))[:80])
        raise AssertionError(f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it):\n{diff}")


def synthetic_card(checks: int = 2000, files: int = 5000, categories: int = 10, text: int = 400) -> Scorecard:
    """A huge scorecard built directly (no evidence on disk): long reasons, many files, hostile names."""
    when = NOW - timedelta(days=3)
    paths = [f"evidence/build-{n:05d}/TEST-{HOSTILE}-{n}.xml" for n in range(files)]
    statuses = ("fail", "invalid_evidence", "stale", "no_evidence", "pass")
    found = []
    for n in range(checks):
        status = statuses[n % len(statuses)]
        refs = [EvidenceRef(path=paths[(n + k) % files], sha256=f"{n:064x}", kind="junit", evidence_time=when,
                            time_source="content", age_days=3.0) for k in range(3)]
        found.append(ScoredCheck(
            id=f"check-{n:05d}", category=f"cat-{n % categories}", claim=f"Claim {n} about {HOSTILE} " + "x" * 60,
            status=status, points=1.0 if status == "pass" else 0.0, max_points=1.0, required=n % 7 == 0,
            fix="Fix it: " + "y" * text, reason=f"{HOSTILE} " + "z" * text, evidence=refs,
            conditions=[ConditionResult(condition="tests.total >= 1", fact="tests.total", expected=">= 1",
                                        actual=n, holds=True)],
            gain=round(10 / (n + 1), 2)))
    cats = [CategoryResult(id=f"cat-{c}", title=f"Category {c} {HOSTILE}", weight=1.0, score=5.0, earned=1.0,
                           possible=2.0, evidenced=1.0, checks=[f.id for f in found if f.category == f"cat-{c}"],
                           checks_evidenced=1, files=paths[:50]) for c in range(categories)]
    entries = [FileEntry(path=p, kind="junit", family="tests", sha256=f"{n:064x}", size=n * 100, modified_at=when,
                         evidence_time=when, time_source="mtime", status="parsed",
                         details={"failures": [{"name": HOSTILE, "message": "m" * text}] * 3},
                         warnings=["w" * text], used_by=[f.id for f in found[:20]]) for n, p in enumerate(paths)]
    reasons = [f"required check '{f.id}' is {f.status}: {f.reason}" for f in found if f.required and f.status != "pass"]
    return Scorecard(
        generated_at=NOW, service=SERVICE, commit=COMMIT, evidence_dir="evidence",
        packs=[PackRef(name="service", path="service (built-in)", sha256="0" * 64)], total=42.0, total_unwaived=42.0,
        grade="F",
        evidence_share=40.0, gate=Gate(configured=True, passed=False, reasons=reasons, fail_under=70),
        status_counts={s: sum(f.status == s for f in found) for s in statuses}, categories=cats, checks=found,
        unproven=[f.id for f in found if f.status in ("no_evidence", "invalid_evidence", "stale")],
        raise_most=[f.id for f in sorted((f for f in found if f.status != "pass"), key=lambda f: (-f.gain, f.id))],
        files=entries)


def decided(card: Scorecard, waived: str, disabled: str) -> Scorecard:
    """The card with one check waived and one disabled, as the config's waivers and a pack's disable do."""
    def change(check: ScoredCheck) -> ScoredCheck:
        if check.id == waived:
            decided = decide(check, "waiver", f"decided: {check.id}", "readiness.yaml:7", owner="ops",
                             expires=date(2026, 12, 31))
            return ScoredCheck(**{**decided.model_dump(), "gain": check.gain, "source": check.source})
        if check.id == disabled:
            decided = decide(check, "disable", f"decided: {check.id}", "team.yaml:3")
            return ScoredCheck(**{**decided.model_dump(), "gain": check.gain, "source": check.source})
        return check
    return card.model_copy(update={"checks": [change(c) for c in card.checks]})
