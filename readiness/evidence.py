"""Evidence discovery: walk a folder, hash and sniff each file, and let the owning adapter read it."""

from __future__ import annotations

import hashlib
import math
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from readiness import adapters, ownoutput
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from readiness.vocabulary import FactValue

_HASH_IN_THREAD = 8 * 1024 * 1024  # above this, hash while the adapter parses (hashlib releases the GIL)
_CHUNK = 1024 * 1024


class EvidenceFile(BaseModel):
    """One file seen in the evidence folder: what it is, its hash, when it was produced, and its facts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    kind: str | None
    family: str | None
    sha256: str
    size: int
    modified_at: datetime
    evidence_time: datetime
    time_source: Literal["content", "mtime"]
    status: Literal["parsed", "invalid", "ignored"]
    reason: str | None = None
    facts: dict[str, FactValue] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    related: list[str] = Field(default_factory=list)
    part_of: str | None = Field(None, description="the primary file this companion file belongs to")


def sha256_of(path: Path) -> str:
    """The file's sha256, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def walk(folder: Path, hidden: bool = False) -> list[Path]:
    """Every regular file under folder in a stable order, skipping hidden files and folders unless
    `hidden`. Iterative, so a tree thousands of folders deep is no RecursionError; symbolic links to
    folders are not followed (as Path.rglob), and a folder that cannot be listed is passed over."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found)


def read_evidence(path: Path, display: str) -> EvidenceFile:
    """Hash, sniff and parse one file; a parser problem becomes status 'invalid' with a one-line reason."""
    stat = path.stat()
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(microsecond=0)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    base: dict[str, Any] = {"path": display, "size": stat.st_size, "modified_at": modified}
    own = ownoutput.recognise(head)
    if own is not None:  # readiness's JUnit of its checks is not test results: never score a report
        return EvidenceFile(**base, kind=None, family=None, sha256=sha256_of(path), evidence_time=modified,
                            time_source="mtime", status="ignored", reason=own)
    adapter = adapters.sniff(path, head)
    if adapter is None:
        return EvidenceFile(**base, kind=None, family=None, sha256=sha256_of(path), evidence_time=modified,
                            time_source="mtime", status="ignored", reason="no adapter recognises this file")
    base.update(kind=adapter.KIND, family=adapter.FAMILY)
    parsed, reason, digest = _parse_and_hash(adapter, path, stat.st_size)
    if parsed is None:
        return EvidenceFile(**base, sha256=digest, evidence_time=modified, time_source="mtime",
                            status="invalid", reason=reason)
    facts, dropped = sane_facts(parsed.facts)
    when, source = (parsed.observed_at, "content") if parsed.observed_at else (modified, "mtime")
    part_of = str(PurePosixPath(display).parent / parsed.part_of) if parsed.part_of else None
    return EvidenceFile(**base, sha256=digest, evidence_time=when.astimezone(UTC), time_source=source,
                        status="parsed", facts=facts, warnings=parsed.warnings + dropped, details=parsed.details,
                        part_of=part_of)


def sane_facts(facts: dict[str, FactValue]) -> tuple[dict[str, FactValue], list[str]]:
    """Drop values no check can judge honestly: NaN or infinite numbers, and negative values of facts
    that cannot be negative (counts, latencies, rates, costs; raw metrics.* gauges may be). Each drop
    is a warning, so the check that needed the fact says it is missing instead of comparing nonsense."""
    kept: dict[str, FactValue] = {}
    dropped: list[str] = []
    for key, value in facts.items():
        if isinstance(value, float) and not math.isfinite(value):
            dropped.append(f"{key} dropped: not a finite number ({value})")
        elif isinstance(value, int | float) and not isinstance(value, bool) and value < 0 \
                and not key.startswith("metrics."):
            dropped.append(f"{key} dropped: negative ({value})")
        else:
            kept[key] = value
    return kept, dropped[:20]


def _parse_and_hash(adapter: Any, path: Path, size: int) -> tuple[Parsed | None, str | None, str]:
    if size <= _HASH_IN_THREAD:
        parsed, reason = _parse(adapter, path)
        return parsed, reason, sha256_of(path)
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(sha256_of, path)
        parsed, reason = _parse(adapter, path)
        return parsed, reason, hashing.result()


def _parse(adapter: Any, path: Path) -> tuple[Parsed | None, str | None]:
    try:
        return adapter.parse(path), None
    except InvalidEvidence as exc:
        return None, _one_line(str(exc)) or "unreadable"
    except MemoryError:
        return None, "too large to read in memory"
    except Exception as exc:  # a parser bug must not sink the report; the file scores zero and says why
        return None, _one_line(f"could not be read ({type(exc).__name__}: {exc})")


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def display_path(folder_arg: str, path: Path, folder: Path) -> str:
    """The path shown in reports: the folder as the user wrote it, joined with the file's relative path."""
    relative = path.relative_to(folder).as_posix()
    prefix = PurePosixPath(Path(folder_arg).as_posix())
    return relative if str(prefix) in ("", ".") else f"{prefix}/{relative}"


def discover(folder: Path, folder_arg: str | None = None) -> list[EvidenceFile]:
    """Read every file under the evidence folder; a missing folder yields no evidence at all."""
    if not folder.is_dir():
        return []
    shown = folder_arg if folder_arg is not None else str(folder)
    return [read_evidence(path, display_path(shown, path, folder)) for path in walk(folder)]
