"""Evidence discovery: walk a folder, hash and sniff each file, and let the owning adapter read it."""

from __future__ import annotations

import hashlib
import math
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from readiness import adapters, ownoutput, progress, repo, runs, textsafe
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed, RunIdentity
from readiness.encodings import bom_encoding, utf8_copy
from readiness.selectors import series, split_selector
from readiness.vocabulary import FactValue, any_impossible, impossible, is_number, spec_for

_HASH_IN_THREAD = 8 * 1024 * 1024  # above this, hash while the adapter parses (hashlib releases the GIL)
_CHUNK = 1024 * 1024
# A producer's clock may run a little ahead of the scoring machine's; more than this is not clock skew.
FUTURE_SKEW = timedelta(minutes=5)
TimeSource = Literal["content", "git", "mtime"]


class EvidenceFile(BaseModel):
    """One file seen in the evidence folder: what it is, its hash, when it was produced, and its facts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    kind: str | None
    family: str | None
    sha256: str
    size: int
    modified_at: datetime = Field(description="git's time of the last commit changing it when tracked and unchanged, "
                                              "else the file's mtime")
    evidence_time: datetime
    time_source: TimeSource = Field(description="content (the file says when), git (commit time) or mtime (weakest)")
    status: Literal["parsed", "invalid", "ignored"]
    reason: str | None = None
    facts: dict[str, FactValue] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    related: list[str] = Field(default_factory=list)
    part_of: str | None = Field(None, description="the primary file this companion file belongs to")
    run: RunIdentity | None = Field(None, description="which run the file records, as its adapter reads it")
    duplicate_of: str | None = Field(None, description="the file counted instead of this one, which records the "
                                                       "same thing: listed, never counted twice")
    duplicate: Literal["copy", "same run"] | None = Field(
        None, description="copy: byte-identical (same sha256); same run: the same run in another format")


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


def read_evidence(path: Path, display: str, now: datetime | None = None,
                  committed: datetime | None = None) -> EvidenceFile:
    """Read one evidence file (see _read_evidence). A file in UTF-16 or UTF-32 with a byte-order mark
    (PowerShell's default) is read from a UTF-8 copy; its hash, size and path stay the original's."""
    with path.open("rb") as handle:  # the start, read once: byte-order mark, own-output mark, sniffing
        head = handle.read(HEAD_BYTES)
    codec = bom_encoding(head)
    if codec is None:
        return _read_evidence(path, display, now, committed, head)
    with utf8_copy(path, codec) as readable:
        record = _read_evidence(readable, display, now, committed)
    return record.model_copy(update={"sha256": sha256_of(path), "size": path.stat().st_size, "warnings": [
        *record.warnings, f"read as {codec.upper()} (byte-order mark), converted to UTF-8"]})


def _read_evidence(path: Path, display: str, now: datetime | None = None,
                   committed: datetime | None = None, head: bytes | None = None) -> EvidenceFile:
    """Hash, sniff and parse one file; a parser problem, an impossible value or (given the scoring time
    `now`) a content time in the future becomes status 'invalid' with a one-line reason. `committed` is
    git's time for a tracked, unchanged file, used when the content records no time."""
    stat = path.stat()
    mtime = datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(microsecond=0)
    modified, fallback = (committed, "git") if committed is not None else (mtime, "mtime")
    if head is None:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    base: dict[str, Any] = {"path": display, "size": stat.st_size, "modified_at": modified}
    own = ownoutput.recognise(head)
    if own is not None:  # readiness's JUnit of its checks is not test results: never score a report
        return EvidenceFile(**base, kind=None, family=None, sha256=sha256_of(path), evidence_time=modified,
                            time_source=fallback, status="ignored", reason=own)
    adapter = adapters.sniff(path, head)
    if adapter is None:
        return EvidenceFile(**base, kind=None, family=None, sha256=sha256_of(path), evidence_time=modified,
                            time_source=fallback, status="ignored", reason="no adapter recognises this file")
    base.update(kind=adapter.KIND, family=adapter.FAMILY)
    parsed, reason, digest = _parse_and_hash(adapter, path, stat.st_size)
    if parsed is not None:
        reason = _implausible(parsed, now)
    if parsed is None or reason is not None:
        return EvidenceFile(**base, sha256=digest, evidence_time=modified, time_source=fallback,
                            status="invalid", reason=reason)
    facts, dropped = sane_facts(parsed.facts)
    when, source = (parsed.observed_at, "content") if parsed.observed_at else (modified, fallback)
    part_of = str(PurePosixPath(display).parent / parsed.part_of) if parsed.part_of else None
    return EvidenceFile(**base, sha256=digest, evidence_time=when.astimezone(UTC), time_source=source,
                        status="parsed", facts=facts, warnings=parsed.warnings + dropped, details=parsed.details,
                        part_of=part_of, run=parsed.run)


def _implausible(parsed: Parsed, now: datetime | None) -> str | None:
    """Why a parsed file cannot be true: impossible values, or a content time after the scoring moment
    (the later of `now` and the clock) plus FUTURE_SKEW."""
    found = []
    if any_impossible(parsed.facts):  # the one-pass test; the messages, per series, only then
        found = [problem for shown, facts in series(parsed.facts).items() for problem in impossible(facts, shown)]
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        return "impossible values: " + "; ".join(found[:3]) + more
    if now is not None and parsed.observed_at is not None:
        moment = max(now, datetime.now(tz=UTC))
        if parsed.observed_at > moment + FUTURE_SKEW:
            return (f"dated in the future: the content says {parsed.observed_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}, "
                    f"after the scoring time {moment:%Y-%m-%dT%H:%M:%SZ} (+{int(FUTURE_SKEW.total_seconds() // 60)} "
                    "min skew)")
    return None


def sane_facts(facts: dict[str, FactValue]) -> tuple[dict[str, FactValue], list[str]]:
    """Drop values no check can judge honestly: NaN or infinite numbers, and negative values of fact
    names the vocabulary does not know (known facts out of range make the file invalid instead). Each
    drop is a warning, so the check that needed the fact says it is missing instead of comparing nonsense."""
    if not any((type(value) is float and not 0 <= value < math.inf) or (type(value) is int and value < 0)
               for value in facts.values()):
        return facts, []  # the usual case, decided in one pass: every number finite and not negative
    kept: dict[str, FactValue] = {}
    dropped: list[str] = []
    for key, value in facts.items():
        if isinstance(value, float) and not math.isfinite(value):
            dropped.append(f"{key} dropped: not a finite number ({value})")
        elif is_number(value) and value < 0 \
                and spec_for(split_selector(key)[0]) is None:
            dropped.append(f"{key} dropped: negative ({value})")
        else:
            kept[key] = value
    return kept, dropped[:20]


def _parse_and_hash(adapter: Any, path: Path, size: int) -> tuple[Parsed | None, str | None, str]:
    if size <= _HASH_IN_THREAD:
        parsed, reason = _parse(adapter, path)
        return parsed, reason, sha256_of(path)
    from concurrent.futures import ThreadPoolExecutor  # only big files pay for the thread pool's imports

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
    return textsafe.flat(text, limit)


def display_path(folder_arg: str, path: Path, folder: Path) -> str:
    """The path shown in reports: the folder as the user wrote it, joined with the file's relative path."""
    relative = path.relative_to(folder).as_posix()
    prefix = PurePosixPath(Path(folder_arg).as_posix())
    return relative if str(prefix) in ("", ".") else f"{prefix}/{relative}"


def discover(folder: Path, folder_arg: str | None = None, now: datetime | None = None) -> list[EvidenceFile]:
    """Read every file under the evidence folder (a missing folder yields no evidence at all), then mark
    byte-identical copies and other formats of one run so that each counts once. `now` is the scoring
    time, against which content dated in the future is refused."""
    if not folder.is_dir():
        return []
    shown = folder_arg if folder_arg is not None else str(folder)
    committed = repo.commit_times(folder)
    paths = walk(folder)
    bar = progress.for_stage(f"reading {len(paths):,} evidence files")
    files = []
    for done, path in enumerate(paths, 1):
        files.append(read_evidence(path, display_path(shown, path, folder), now,
                                   committed.get(path.relative_to(folder).as_posix())))
        bar.update(done / len(paths))
    bar.close()
    return mark_duplicates(files)


def mark_duplicates(files: list[EvidenceFile]) -> list[EvidenceFile]:
    """Copies (same sha256) and files recording the same run as another format are listed with
    `duplicate_of` the file counted instead, and a warning on both."""
    copies = runs.copies(files)
    same = runs.same_runs(files, skip=set(copies))
    kinds = {f.path: f.kind for f in files}
    notes: dict[str, list[str]] = {}
    for path, kept in copies.items():
        notes.setdefault(path, []).append(f"byte-identical to {kept} (same sha256): counted once, as {kept}")
        notes.setdefault(kept, []).append(f"{path} is a byte-identical copy (same sha256): counted once")
    for path, kept in same.items():
        notes.setdefault(path, []).append(f"same run as {kept} ({kinds[kept]}): counted once, from {kept}")
        notes.setdefault(kept, []).append(f"same run as {path} ({kinds[path]}): counted once, from this file")
    marked = []
    for file in files:
        update: dict[str, Any] = {}
        if file.path in notes:
            update["warnings"] = [*file.warnings, *notes[file.path]]
        if file.path in copies:
            update.update(duplicate_of=copies[file.path], duplicate="copy")
        elif file.path in same:
            update.update(duplicate_of=same[file.path], duplicate="same run")
        marked.append(file.model_copy(update=update) if update else file)
    return marked
