"""Findings: one check judged against the evidence it selects (pass, fail, no_evidence, invalid_evidence, stale),
or set aside by a person (waived, not_applicable)."""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from readiness import progress
from readiness.adapters import REGISTRY
from readiness.adapters.base import labeled
from readiness.conditions import AnyOf, Condition, Expression, flatten, label_matches, split_selector
from readiness.evidence import EvidenceFile, TimeSource
from readiness.merging import Facts, Source, merge, select
from readiness.numbers import significant
from readiness.packs import Check, duration_text
from readiness.samples import sample_rules
from readiness.vocabulary import FactValue, spec_for, with_inputs

Status = Literal["pass", "fail", "no_evidence", "invalid_evidence", "stale", "waived", "not_applicable"]
# Report order: what needs work first, then what passes, then what people set aside.
STATUSES: tuple[Status, ...] = ("fail", "invalid_evidence", "stale", "no_evidence", "pass", "waived",
                                "not_applicable")
# Statuses a person decided (a waiver, a pack's disable): outside the possible points, neither proven nor unproven.
DECIDED: tuple[Status, ...] = ("waived", "not_applicable")
# Statuses of a claim no usable evidence backs: scored 0, reported as "not proven".
UNPROVEN: tuple[Status, ...] = ("no_evidence", "invalid_evidence", "stale")
NAMED_FILES = 5  # a reason names up to this many files it summed; beyond, the first ones and how many more


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceRef(_Record):
    """A file a finding used, with its hash and age."""

    path: str
    sha256: str
    kind: str | None
    evidence_time: datetime
    time_source: TimeSource
    age_days: float


class ConditionResult(_Record):
    """One condition with the value it was compared to."""

    condition: str
    fact: str
    expected: str
    actual: FactValue | None
    holds: bool | None


class Decision(_Record):
    """A human decision that set a check aside: a waiver (status waived) or a pack's disable (not_applicable).
    Not evidence: reports show who decided, why, until when, and what the check scored without it."""

    kind: Literal["waiver", "disable"]
    reason: str
    owner: str | None = None
    expires: date | None = None
    ticket: str | None = None
    source: str = Field(description="where the decision is written, e.g. readiness.yaml:12")
    status_without: Status = Field(description="the status the evidence gave the check")
    points_without: float = Field(description="the points the evidence gave the check")


class Finding(_Record):
    """The verdict on one check, self-contained for the reports."""

    id: str
    category: str
    claim: str
    status: Status
    points: float
    max_points: float
    required: bool
    fix: str | None
    reason: str
    evidence: list[EvidenceRef] = Field(default_factory=list)
    facts: dict[str, FactValue] = Field(default_factory=dict)
    conditions: list[ConditionResult] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    decision: Decision | None = None
    overrides: list[str] = Field(default_factory=list, description="which pack changed what in this check")


def _selects(check: Check, file: EvidenceFile, prefix: str) -> bool:
    kind = check.evidence.kind
    if kind not in (file.family, file.kind) or file.status == "ignored" or file.part_of or file.duplicate_of:
        return False
    if not check.evidence.files:
        return True
    relative = file.path.removeprefix(prefix + "/") if prefix not in ("", ".") else file.path
    return any(fnmatch.fnmatchcase(relative, glob) for glob in check.evidence.files)


def _ref(file: EvidenceFile, now: datetime) -> EvidenceRef:
    age = (now - file.evidence_time).total_seconds() / 86400
    return EvidenceRef(path=file.path, sha256=file.sha256, kind=file.kind, evidence_time=file.evidence_time,
                       time_source=file.time_source, age_days=round(age, 2))


def _source(files: Sequence[EvidenceFile], formats: Formats, fact: str | None = None,
            derive: Mapping[str, Expression] | None = None) -> str:
    """Name the files a fact came from: those whose format can carry it (for a derived fact, any of
    its inputs), summed, or the newest of them for a fact that cannot be summed (percentiles)."""
    name = split_selector(fact)[0] if fact else None
    if name is not None:
        inputs = [split_selector(f)[0] for f in derive[name].facts] if derive and name in derive else [name]
        able = [f for f in files if any(formats.can_produce(f, i) for i in inputs)]
        files = able or files
    if len(files) == 1:
        return files[0].path
    spec = spec_for(name) if name else None
    if spec is not None and spec.merge == "newest":
        return f"newest of {len(files):,} files: {files[-1].path}"
    if len(files) > NAMED_FILES:  # every file is in the finding's evidence list; a reason stays one readable line
        return (f"{len(files):,} files: " + " + ".join(f.path for f in files[:NAMED_FILES - 1])
                + f" and {len(files) - NAMED_FILES + 1:,} more")
    return " + ".join(f.path for f in files)


def _in_environment(file: EvidenceFile, prefix: str, environment: str) -> bool:
    """Whether a folder on the file's path under the evidence folder is named after the environment."""
    relative = file.path.removeprefix(prefix + "/") if prefix not in ("", ".") else file.path
    return environment.casefold() in (part.casefold() for part in relative.split("/")[:-1])


def _needed(check: Check, derive: Mapping[str, Expression]) -> set[str]:
    """The bare fact names a check's conditions read, derived facts replaced by their inputs."""
    needed: set[str] = set()
    for condition in flatten(check.when):
        base = condition.base_fact
        if base in derive:
            needed.update(split_selector(f)[0] for f in derive[base].facts)
        else:
            needed.add(base)
    return needed


def _offenders(files: Sequence[EvidenceFile], fact: str, limit: int = 10) -> str:
    """The items behind a failing count, when a file names them in details["offenders"]."""
    named: list[str] = []
    for file in files:
        listed = file.details.get("offenders", {}).get(split_selector(fact)[0], [])
        named += [str(item) for item in listed if str(item) not in named]
    if not named:
        return ""
    more = f" and {len(named) - limit} more" if len(named) > limit else ""
    return f": {', '.join(named[:limit])}{more}"


class Formats:
    """Which facts each file can carry, computed once per scoring run rather than per check: the
    names it carries (documents; facts the cross-file stage added) and its adapter's FACTS, and an
    index of its keys by bare name, so a check merges only the facts it reads."""

    def __init__(self, files: Iterable[EvidenceFile]) -> None:
        # bare name -> label (None for the bare key) -> the keys: a check looks up only what it reads
        self._keys: dict[int, dict[str, dict[str | None, list[str]]]] = {}
        for file in files:  # every key looked at once per run, not once per check
            keys: dict[str, dict[str | None, list[str]]] = {}
            for key in file.facts:
                name, brace, rest = key.partition("{")
                label = rest[:rest.find("=")] if brace else None
                by_label = keys.get(name)
                if by_label is None:
                    keys[name] = {label: [key]}
                elif label in by_label:
                    by_label[label].append(key)
                else:
                    by_label[label] = [key]
            self._keys[id(file)] = keys
        self._series: dict[tuple[int, str], tuple[str, ...]] = {}  # (file, label) -> its selectors, in file order
        self._merged: dict[tuple[object, ...], Facts] = {}
        self._usable: dict[int, tuple[Facts, list[str]]] = {}
        self._verdicts: dict[tuple[str, str], dict[str, bool]] = {}  # (label, glob) -> selector -> matches

    def usable(self, file: EvidenceFile) -> tuple[Facts, list[str]]:
        """The facts a check may judge a file by, and why any were set aside: a load run's percentiles,
        users and run length need the traffic behind them (readiness/samples.py). The file's own facts
        stay as the tool wrote them, for the inventory and `inspect`."""
        if id(file) not in self._usable:
            if file.family == "load":
                facts = dict(file.facts)  # the copy the sample rules drop facts from
                self._usable[id(file)] = (facts, sample_rules(facts))
            else:  # read only from here on: no copy (a run over thousands of files would hold two of each)
                self._usable[id(file)] = (file.facts, [])
        return self._usable[id(file)]

    def merged(self, files: Sequence[EvidenceFile], reads: Reads) -> Facts:
        """The merged facts a check reads from these files (a fresh copy): the bare names in
        `reads.names`, and their series under the labels in `reads.labels`. Merging is per key, so
        leaving the other facts out changes none of these; several checks usually read the same ones."""
        key = (tuple(id(f) for f in files), reads)
        if key not in self._merged:
            self._merged[key] = merge([Source(self._subset(f, reads), _adapter_facts(f),
                                              frozenset(self._keys[id(f)])) for f in files])
        return dict(self._merged[key])

    def _subset(self, file: EvidenceFile, reads: Reads) -> Facts:
        """The file's facts a check reads; of the labels it selects, only the series whose value matches
        (select drops the others, and merging is per key, so they would change nothing)."""
        facts, keys = self.usable(file)[0], self._keys[id(file)]
        selected = dict(reads.select)
        subset: Facts = {}
        for name in reads.names:
            by_label = keys.get(name)
            if by_label is None:
                continue
            if name in facts:
                subset[name] = facts[name]
            for label in reads.labels:
                pattern = selected.get(label)
                for key in by_label.get(label, ()):
                    if key in facts and (pattern is None or self._selected(label, pattern, key[len(name):])):
                        subset[key] = facts[key]
        return subset

    def holds_series(self, file: EvidenceFile, selection: Mapping[str, str]) -> bool:
        """Whether the file has a labelled series whose label value matches the selection's glob."""
        return any(self._selected(label, pattern, selector)
                   for label, pattern in selection.items() for selector in self._selectors(file, label))

    def _selected(self, label: str, pattern: str, selector: str) -> bool:
        """Whether a `{label="value"}` selector matches the select glob, decided once per run."""
        verdicts = self._verdicts.setdefault((label, pattern), {})
        verdict = verdicts.get(selector)
        if verdict is None:
            verdict = verdicts[selector] = label_matches(selector, label, pattern)
        return verdict

    def _selectors(self, file: EvidenceFile, label: str) -> tuple[str, ...]:
        """The distinct `{label="value"}` selectors of the file's keys (computed once per file and label)."""
        cached = self._series.get((id(file), label))
        if cached is None:
            selectors: dict[str, None] = {}
            for by_label in self._keys[id(file)].values():
                for key in by_label.get(label, ()):
                    selectors[key[key.find("{"):]] = None
            cached = self._series[(id(file), label)] = tuple(selectors)
        return cached

    def can_produce(self, file: EvidenceFile, name: str) -> bool:
        """Whether the file carries the fact or its format can produce it."""
        return name in self._keys[id(file)] or _declares(file.kind or "", name)


@dataclass(frozen=True)
class Reads:
    """What a check reads from merged facts: bare names (derived facts replaced by their inputs, rates
    with the counts they are recomputed from) and the labels whose series it selects or names."""

    names: frozenset[str]
    labels: frozenset[str]
    select: tuple[tuple[str, str], ...] = ()  # the check's select: (label, glob) pairs


def reads(check: Check, derive: Mapping[str, Expression]) -> Reads:
    """The facts `check` reads (see Reads)."""
    names: set[str] = set()
    labels: set[str] = set(check.select or {})
    pending = [c.fact for c in flatten(check.when)]
    while pending:
        name, label, _ = split_selector(pending.pop())
        if label is not None:
            labels.add(label)
        if name in derive and name not in names:
            pending += derive[name].facts
        names.add(name)
    return Reads(with_inputs(names), frozenset(labels), tuple(sorted((check.select or {}).items())))


def _adapter_facts(file: EvidenceFile) -> tuple[str, ...]:
    module = REGISTRY.get(file.kind or "")
    return tuple(module.FACTS) if module is not None else ()


@functools.cache
def _declares(kind: str, name: str) -> bool:
    module = REGISTRY.get(kind)
    return module is not None and any(fnmatch.fnmatchcase(name, p) for p in module.FACTS)


def _lookup(facts: Facts, fact: str) -> FactValue | None:
    name, label, value = split_selector(fact)
    if label is None or value is None:
        return facts.get(name)
    return facts.get(labeled(name, label, value))


def _choose(check: Check, files: Sequence[EvidenceFile], derive: Mapping[str, Expression],
            prefix: str, formats: Formats) -> tuple[list[EvidenceFile], list[EvidenceFile]]:
    """The files a check judges, oldest first, and those set aside as from another environment."""
    chosen = sorted((f for f in files if _selects(check, f, prefix)), key=lambda f: (f.evidence_time, f.path))
    elsewhere: list[EvidenceFile] = []
    if check.environment:
        here = [_in_environment(f, prefix, check.environment) for f in chosen]  # one pass: never `f in list`
        elsewhere = [f for f, inside in zip(chosen, here, strict=True) if not inside]
        chosen = [f for f, inside in zip(chosen, here, strict=True) if inside]
    if check.select:
        # Files without a matching series have nothing to say about this claim (unit-test files for an
        # integration check); unreadable files stay, since they might have held one.
        chosen = [f for f in chosen if f.status != "parsed" or formats.holds_series(f, check.select)] or chosen
    # A family mixes formats (OpenAPI specs and Markdown documents): keep the files whose format can
    # produce a fact this check tests, so the finding names only the evidence that bears on it.
    needed = _needed(check, derive)
    relevant = [f for f in chosen if any(formats.can_produce(f, n) for n in needed)]
    return relevant or chosen, elsewhere


def judge(check: Check, files: Sequence[EvidenceFile], derive: Mapping[str, Expression], now: datetime,
          prefix: str, formats: Formats | None = None) -> Finding:
    """Judge one check: pick its files, merge their facts, and test every condition. Pass `formats`
    (built once from the same files) when judging many checks."""
    formats = formats or Formats(files)
    chosen, elsewhere = _choose(check, files, derive, prefix, formats)
    # Companion files were read with their primary; related files fed its cross-file facts; copies and
    # other formats of a chosen file's run are listed but not counted.
    paths = {c.path for c in chosen}
    related = {r for c in chosen for r in c.related}
    companions = [f for f in files if f.path not in paths
                  and (f.part_of in paths or f.path in related or f.duplicate_of in paths)]
    base = {"id": check.id, "category": check.category, "claim": check.claim, "max_points": check.points,
            "required": check.required, "fix": check.fix, "points": 0.0,
            "evidence": [_ref(f, now) for f in chosen + companions]}
    if not chosen:
        kind, env = check.evidence.kind, check.environment
        if elsewhere:
            names = ", ".join(f.path for f in elsewhere[:3]) + (" and more" if len(elsewhere) > 3 else "")
            reason = f"no {kind} evidence from the {env} environment (under a '{env}' folder); not from it: {names}"
        else:
            where = f" matching {', '.join(check.evidence.files)}" if check.evidence.files else ""
            reason = f"no {kind} evidence{where} found in {prefix or '.'}"
        return Finding(**base, status="no_evidence", reason=reason)
    broken = [f for f in chosen if f.status == "invalid"]
    if broken:
        reason = "; ".join(f"{f.path}: {f.reason}" for f in broken)
        return Finding(**base, status="invalid_evidence", reason=reason)
    if check.max_age is not None:
        old = [f for f in chosen if now - f.evidence_time > check.max_age]
        if old:
            reason = "; ".join(
                f"{f.path} is {(now - f.evidence_time).days} days old (limit {duration_text(check.max_age)}; "
                f"time from {_TIME_FROM[f.time_source]})"
                for f in old)
            return Finding(**base, status="stale", reason=reason)
    return _evaluate(check, chosen, derive, base, formats)


_TIME_FROM = {"content": "file content", "git": "the git commit that last changed it",
              "mtime": "file modification time"}


def _evaluate(check: Check, chosen: Sequence[EvidenceFile], derive: Mapping[str, Expression],
              base: dict[str, object], formats: Formats) -> Finding:
    facts = formats.merged(chosen, reads(check, derive))
    warnings = sorted({w for f in chosen for w in [*f.warnings, *formats.usable(f)[1]]})
    source = _source(chosen, formats)
    if check.select:
        facts, matched = select(facts, check.select)
        wanted = ", ".join(f'{k}="{v}"' for k, v in check.select.items())
        if not matched:
            return Finding(**base, status="no_evidence", warnings=warnings,
                           reason=f"no series matches {wanted} in {source}")
    for name, expression in derive.items():
        value, why = expression.evaluate(facts)
        if value is not None:
            facts[name] = round(value, 6)
        elif any(c.base_fact == name for c in flatten(check.when)):
            return Finding(**base, status="no_evidence", warnings=warnings,
                           reason=f"{name} cannot be derived from {source}: {why}")
    results: list[ConditionResult] = []
    missing: list[list[str]] = []
    failed: list[str] = []
    for item in check.when:
        # An `any:` group holds when one member does; it is missing only when every member is.
        members = item.conditions if isinstance(item, AnyOf) else (item,)
        judged = [(c, actual, None if actual is None else c.holds(actual))
                  for c in members for actual in [_lookup(facts, c.fact)]]
        if any(holds for _, _, holds in judged):  # a group that holds shows the member(s) that do
            results += [_result(c, actual, holds) for c, actual, holds in judged if holds]
            continue
        results += [_result(c, actual, holds) for c, actual, holds in judged]
        known = [(c, actual) for c, actual, _ in judged if actual is not None]
        if not known:
            missing.append([c.fact for c in members])
            continue
        failed.append(" and ".join(
            f"{c.fact} = {_show(actual)} ({_source(chosen, formats, c.fact, derive)}), "
            f"expected {_expected(c)}{_offenders(chosen, c.fact)}" for c, actual in known)
            + (f" (needs one of: {item.text.removeprefix('any of: ')})" if isinstance(item, AnyOf) else ""))
    used = {r.fact: r.actual for r in results if r.actual is not None}
    common = {"facts": used, "conditions": results, "warnings": warnings}
    if missing:
        hint = f" ({'; '.join(warnings)})" if warnings else ""
        reason = "; ".join(f"{' or '.join(names)}: not in {_source(chosen, formats, names[0], derive)}"
                           for names in missing) + hint
        return Finding(**base, **common, status="no_evidence", reason=reason)
    if failed:
        return Finding(**base, **common, status="fail", reason="; ".join(failed))
    shown = "; ".join(f"{r.fact} = {_show(r.actual)} {r.expected}" for r in results if r.actual is not None)
    return Finding(**{**base, "points": check.points}, **common, status="pass",
                   reason=f"{shown} ({source})")


def _result(condition: Condition, actual: FactValue | None, holds: bool | None) -> ConditionResult:
    return ConditionResult(condition=condition.text, fact=condition.fact, expected=_expected(condition),
                           actual=actual, holds=holds)


def _expected(condition: Condition) -> str:
    return f"{condition.op} {_show(condition.value)}"


def _show(value: FactValue | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return significant(value)
    if isinstance(value, list):
        return "[" + ", ".join(value[:10]) + (", …" if len(value) > 10 else "") + "]"
    return str(value)


def decide(finding: Finding, kind: Literal["waiver", "disable"], reason: str, source: str, *,
           owner: str | None = None, expires: date | None = None, ticket: str | None = None) -> Finding:
    """Set a judged finding aside by a person's decision: it scores nothing and leaves the possible points,
    and its reason says who decided, why, until when, and what the evidence said."""
    decision = Decision(kind=kind, reason=reason, owner=owner, expires=expires, ticket=ticket, source=source,
                        status_without=finding.status, points_without=finding.points)
    if kind == "waiver":
        until = f" until {expires.isoformat()}" if expires else ""
        head = f"waived by {owner or 'unknown owner'}{until}{f' ({ticket})' if ticket else ''}: {reason}"
    else:
        head = f"disabled in {source}: {reason}"
    said = finding.status.replace("_", " ")
    text = f"{head} (without it: {said}; {finding.reason})"
    status: Status = "waived" if kind == "waiver" else "not_applicable"
    return finding.model_copy(update={"status": status, "points": 0.0, "reason": text, "decision": decision})


def undecided(finding: Finding) -> Finding:
    """The finding scored as the evidence alone judged it (status and points), any waiver or disable taken
    back; for the total without decisions (the reason still tells the decision)."""
    if finding.decision is None:
        return finding
    d = finding.decision
    return finding.model_copy(update={"status": d.status_without, "points": d.points_without, "decision": None})


def judge_all(checks: Sequence[Check], files: Sequence[EvidenceFile], derive: Mapping[str, Expression],
              now: datetime, prefix: str) -> list[Finding]:
    """Judge every check in pack order (a bar on a terminal when that takes a while: thousands of files)."""
    formats = Formats(files)
    bar = progress.for_stage(f"judging {len(checks)} checks against {len(files):,} files")
    found = []
    for check in checks:
        found.append(judge(check, files, derive, now, prefix, formats))
        bar.update(len(found) / len(checks))
    bar.close()
    return found
