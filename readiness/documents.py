"""Documents and runbooks (Markdown, reStructuredText, AsciiDoc) resolved from --root, as evidence records."""

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
RST = (".rst", ".rest")
ASCIIDOC = (".adoc", ".asciidoc", ".asc")
DOCUMENTS = MARKDOWN + RST + ASCIIDOC
_RST_ADORNMENT = re.compile(r"""^([=\-`:'"~^_*+#<>.])\1{2,}\s*$""")
_ADOC_TITLE = re.compile(r"^(={1,6}|#{1,6})[ \t]+(\S.*?)(?:[ \t]+\1)?[ \t]*$")
_ADOC_BLOCK = re.compile(r"^(-{4,}|\.{4,}|={4,}|\+{4,}|/{4,}|`{3,})\s*$")
_WORD = re.compile(r"[^\W_]+")


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


def rst_headings(text: str) -> list[str]:
    """reStructuredText section titles: a text line underlined (and optionally overlined) by a run of
    one punctuation character."""
    lines = text.splitlines()
    found = []
    for index in range(len(lines) - 1):
        title, under = lines[index].strip(), lines[index + 1]
        if title and not _RST_ADORNMENT.match(lines[index]) and _RST_ADORNMENT.match(under) \
                and not lines[index].startswith((" ", "\t")):
            found.append(title)
    return found


def asciidoc_headings(text: str) -> list[str]:
    """AsciiDoc section titles (`= Title`, `== Section`, or Markdown-style `#`), outside delimited blocks."""
    found: list[str] = []
    block: str | None = None
    for line in text.splitlines():
        fence = _ADOC_BLOCK.match(line)
        if fence:
            block = None if block == fence.group(1) else (block or fence.group(1))
            continue
        if block is None and (title := _ADOC_TITLE.match(line)):
            found.append(title.group(2))
    return found


def headings_of(path: Path, text: str) -> list[str]:
    """The headings of a document, read by its format (by suffix; anything else is Markdown)."""
    suffix = path.suffix.lower()
    if suffix in RST:
        return rst_headings(text)
    if suffix in ASCIIDOC:
        return asciidoc_headings(text)
    return headings(text)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _mentions(heading: list[str], wanted: str) -> bool:
    """Whether consecutive words of a heading spell the wanted text, ignoring case, spaces, hyphens and
    punctuation: 'Quickstart' = 'Quick start' = 'quick-start'; 'API' is not found in 'Rapid'."""
    if not wanted:
        return False
    for start in range(len(heading)):
        joined = ""
        for word in heading[start:]:
            joined += word
            if len(joined) >= len(wanted):
                break
        if joined == wanted:
            return True
    return False


def section_name(required: str | list[str]) -> str:
    """A required section as people read it: 'Mitigation' or 'Mitigation or Remediation'."""
    return required if isinstance(required, str) else " or ".join(required)


def missing_sections(found: Iterable[str], required: Iterable[str | list[str]]) -> list[str]:
    """Required sections no heading mentions. Matching ignores case, spacing, hyphens and punctuation
    and may take part of a heading ('Quick start' matches '## Quick start (5 min)'); an entry that is a
    list accepts any of its alternatives ('[Mitigation, Remediation]')."""
    words = [_words(h) for h in found]
    missing = []
    for entry in required:
        options = [entry] if isinstance(entry, str) else entry
        wanted = ["".join(_words(option)) for option in options]
        if not any(_mentions(heading, text) for heading in words for text in wanted):
            missing.append(section_name(entry))
    return missing


def _record(path: Path, shown: str, kind: str, family: str, facts: dict[str, object],
            details: dict[str, object]) -> EvidenceFile:
    stat = path.stat()
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(microsecond=0)
    return EvidenceFile(path=shown, kind=kind, family=family, sha256=sha256_of(path), size=stat.st_size,
                        modified_at=modified, evidence_time=modified, time_source="mtime", status="parsed",
                        facts=facts, details=details)


def _read(path: Path) -> list[str] | None:
    try:
        return headings_of(path, path.read_text(encoding="utf-8", errors="replace"))
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
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in DOCUMENTS and p.is_file()):
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
            readable = path.suffix.lower() in DOCUMENTS or not path.suffix
            if not readable or not path.is_file() or path.resolve() in skip or (titles := _read(path)) is None:
                continue
            missing = missing_sections(titles, document.sections)
            facts = {f"docs.{name}.present": True, f"docs.{name}.sections_missing": len(missing)}
            about: dict[str, object] = {"document": name}
            if missing:
                about.update(sections_missing=missing, offenders={f"docs.{name}.sections_missing": missing})
            found.append(_record(path, _shown(root_arg, root, path), "markdown", "docs", facts, about))
    return found
