"""Run identity: which evidence files are copies of one another or record the same run in other formats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Protocol

from readiness.adapters.base import RunIdentity

# Formats of one run write their start times from the same clock, a few seconds apart at most.
SAME_START = timedelta(seconds=60)
_REL = 1e-9


class _File(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str | None: ...
    @property
    def family(self) -> str | None: ...
    @property
    def sha256(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def run(self) -> RunIdentity | None: ...
    @property
    def facts(self) -> Mapping[str, object]: ...
    @property
    def time_source(self) -> str: ...
    @property
    def part_of(self) -> str | None: ...


def _equal(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= _REL * max(abs(a), abs(b))


def _tool(name: str) -> str:
    """A tool's name without edition or version words: "Semgrep OSS" and "Semgrep" are one tool."""
    words = name.casefold().split()
    return words[0] if words else ""


def same_run(a: RunIdentity, b: RunIdentity) -> bool:
    """Whether two identities (of files of one family, in different formats) record the same run.

    Everything both state must agree: the tool, every shared total (at least one is needed), and the
    fingerprint. Without fingerprints on both sides, both start times must be stated and within a minute.
    """
    if a.tool and b.tool and _tool(a.tool) != _tool(b.tool):
        return False
    shared = set(a.totals) & set(b.totals)
    if not shared or not all(_equal(float(a.totals[k]), float(b.totals[k])) for k in shared):
        return False
    if a.fingerprint and b.fingerprint:
        return a.fingerprint == b.fingerprint
    if a.started_at and b.started_at:
        return abs(a.started_at - b.started_at) <= SAME_START
    return False


def copies(files: Sequence[_File]) -> dict[str, str]:
    """{path of a byte-identical copy: path of the first file (in path order) with the same sha256}.
    Files no adapter recognised count for nothing and are left alone."""
    first: dict[str, str] = {}
    found: dict[str, str] = {}
    for file in files:
        if file.status == "ignored":
            continue
        if file.sha256 in first:
            found[file.path] = first[file.sha256]
        else:
            first[file.sha256] = file.path
    return found


def same_runs(files: Sequence[_File], skip: set[str]) -> dict[str, str]:
    """{path of a file: path of the file counted for its run} for files of one family, in different
    formats, whose run identities say they record the same run. The richest format (the most facts;
    on a tie, the first path) is counted. Files in `skip` (copies) take no part."""
    candidates = [f for f in files if f.status == "parsed" and f.run is not None and f.path not in skip
                  and not f.part_of]
    groups: list[list[_File]] = []
    for file in candidates:
        for group in groups:
            if all(_pairs(file, member) for member in group):
                group.append(file)
                break
        else:
            groups.append([file])
    found: dict[str, str] = {}
    for group in groups:
        if len(group) < 2:
            continue
        kept = max(sorted(group, key=lambda f: f.path), key=lambda f: (len(f.facts), f.time_source == "content"))
        found.update({f.path: kept.path for f in group if f is not kept})
    return found


def _pairs(a: _File, b: _File) -> bool:
    if a.family != b.family or a.run is None or b.run is None or (a.kind, a.run.form) == (b.kind, b.run.form):
        return False
    return same_run(a.run, b.run)
