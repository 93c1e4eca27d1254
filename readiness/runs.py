"""Run identity: which evidence files are copies of one another or record the same run in other formats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from readiness.adapters.base import RunIdentity

if TYPE_CHECKING:  # evidence imports this module
    from readiness.evidence import EvidenceFile

# Formats of one run write their start times from the same clock, a few seconds apart at most.
SAME_START = timedelta(seconds=60)
_REL = 1e-9
# The total every format of a family states (see the adapters' run identities).
_MAIN = {"coverage": "lines_total", "security": "findings", "load": "requests", "tests": "total"}


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


def copies(files: Sequence[EvidenceFile]) -> dict[str, str]:
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


def same_runs(files: Sequence[EvidenceFile], skip: set[str]) -> dict[str, str]:
    """{path of a file: path of the file counted for its run} for files of one family, in different
    formats, whose run identities say they record the same run. The richest format (the most facts;
    on a tie, the first path) is counted. Files in `skip` (copies) take no part."""
    groups: list[list[EvidenceFile]] = []
    forms: list[set[tuple[object, ...]]] = []  # the (kind, form) of each group's members
    # run key -> (kind, form) -> groups with a member of that format: narrows the search to groups of
    # other formats, since two files of one format are never one run (20,000 JUnit files of one minute
    # and one test count made this quadratic: 223 s).
    index: dict[tuple[object, ...], dict[tuple[object, ...], list[int]]] = {}
    for file in files:
        if file.status != "parsed" or file.run is None or file.path in skip or file.part_of:
            continue
        own = (file.kind, file.run.form)
        near = sorted({number for key in _keys(file, probe=True) for form, numbers in index.get(key, {}).items()
                       if form != own for number in numbers if own not in forms[number]})
        joined = next((n for n in near if all(_pairs(file, member) for member in groups[n])), None)
        if joined is None:
            joined = len(groups)
            groups.append([file])
            forms.append(set())
        else:
            groups[joined].append(file)
        forms[joined].add(own)
        for key in _keys(file, probe=False):
            index.setdefault(key, {}).setdefault(own, []).append(joined)
    found: dict[str, str] = {}
    for group in groups:
        if len(group) < 2:
            continue
        kept = max(sorted(group, key=lambda f: f.path), key=lambda f: (len(f.facts), f.time_source == "content"))
        found.update({f.path: kept.path for f in group if f is not kept})
    return found


def _keys(file: EvidenceFile, *, probe: bool) -> list[tuple[object, ...]]:
    """Index keys of a file's run: files of one run share the family's main total and either the
    fingerprint or a start minute (a probe also looks at the neighbouring minutes)."""
    run = file.run
    assert run is not None
    main = _MAIN.get(file.family or "")
    base = (file.family, run.totals.get(main) if main else None)
    keys: list[tuple[object, ...]] = []
    if run.fingerprint:
        keys.append((*base, "fingerprint", run.fingerprint))
    if run.started_at:
        minute = int(run.started_at.timestamp() // 60)
        keys += [(*base, "minute", m) for m in ((minute - 1, minute, minute + 1) if probe else (minute,))]
    return keys


def _pairs(a: EvidenceFile, b: EvidenceFile) -> bool:
    if a.family != b.family or a.run is None or b.run is None or (a.kind, a.run.form) == (b.kind, b.run.form):
        return False
    return same_run(a.run, b.run)
