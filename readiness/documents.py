"""Markdown documents and runbooks resolved from the repository root (--root), as evidence records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from readiness.evidence import EvidenceFile, sha256_of
from readiness.packs import Document, Runbooks

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")  # a closing run of # needs a space before it
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
MARKDOWN = (".md", ".markdown")


def headings(text: str) -> list[str]:
    """ATX and setext headings of a Markdown text, outside fenced code blocks."""
    found: list[str] = []
    fence: str | None = None
    previous = ""
    for line in text.splitlines():
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence and marker.group(1)[0] == fence else (fence or marker.group(1)[0])
            previous = ""
            continue
        if fence:
            continue
        atx = _ATX.match(line)
        if atx:
            if atx.group(2):
                found.append(atx.group(2))
            previous = ""  # a heading is no setext paragraph: a --- under it is a rule
            continue
        if _SETEXT.match(line) and previous.strip() and not previous.lstrip().startswith(("-", "*", ">")):
            found.append(previous.strip())
            previous = ""
            continue
        previous = line
    return found


def missing_sections(found: Iterable[str], required: Iterable[str]) -> list[str]:
    """Required sections no heading mentions (case-insensitive; 'Quick start' matches '## Quick start (5 min)')."""
    lowered = [h.casefold() for h in found]
    return [r for r in required if not any(r.casefold() in h for h in lowered)]


def _record(path: Path, shown: str, kind: str, family: str, facts: dict[str, object],
            details: dict[str, object]) -> EvidenceFile:
    stat = path.stat()
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(microsecond=0)
    return EvidenceFile(path=shown, kind=kind, family=family, sha256=sha256_of(path), size=stat.st_size,
                        modified_at=modified, evidence_time=modified, time_source="mtime", status="parsed",
                        facts=facts, details=details)


def _read(path: Path) -> list[str] | None:
    try:
        return headings(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def _shown(root_arg: str, root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return relative if root_arg in ("", ".") else f"{Path(root_arg).as_posix()}/{relative}"


def collect(root: Path, root_arg: str, documents: Mapping[str, Document], runbooks: Runbooks,
            skip: set[Path]) -> list[EvidenceFile]:
    """One record per runbook and per document matched under root; files in `skip` (already read
    as evidence) are left alone."""
    found: list[EvidenceFile] = []
    folder = root / runbooks.path
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in MARKDOWN and p.is_file()):
            if path.resolve() in skip or (titles := _read(path)) is None:
                continue
            missing = missing_sections(titles, runbooks.sections)
            facts = {"runbooks.count": 1, "runbooks.sections": sorted(set(titles)),
                     "runbooks.incomplete": 1 if missing else 0}
            notes: dict[str, object] = {}
            if missing:
                notes.update(sections_missing=missing, offenders={"runbooks.incomplete": [path.name]})
            found.append(_record(path, _shown(root_arg, root, path), "runbook", "runbooks", facts, notes))
    for name, document in documents.items():
        for path in sorted(root.glob(document.path)):
            if not path.is_file() or path.resolve() in skip or (titles := _read(path)) is None:
                continue
            missing = missing_sections(titles, document.sections)
            facts = {f"docs.{name}.present": True, f"docs.{name}.sections_missing": len(missing)}
            about: dict[str, object] = {"document": name}
            if missing:
                about.update(sections_missing=missing, offenders={f"docs.{name}.sections_missing": missing})
            found.append(_record(path, _shown(root_arg, root, path), "markdown", "docs", facts, about))
    return found
