"""Combining facts from several files and narrowing them to the series a check selects."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.adapters.base import labeled
from readiness.conditions import split_selector, value_matcher
from readiness.vocabulary import FactValue, is_number, recompute_rates, spec_for

Facts = dict[str, FactValue]


def _combine(rule: str, values: list[FactValue], complete: bool) -> FactValue | None:
    """Merge one fact's values by its vocabulary rule; None when they cannot be merged honestly."""
    if rule in ("earliest", "latest"):
        texts = sorted(str(v) for v in values)
        return texts[0] if rule == "earliest" else texts[-1]
    if rule == "union":
        merged: list[str] = []
        for value in values:
            for item in value if isinstance(value, list) else [str(value)]:
                if item not in merged:
                    merged.append(item)
        return sorted(merged)
    # Counts and extremes need every file to report the fact, or the result would undercount.
    if not complete or not all(is_number(v) for v in values):
        return None
    numbers = [float(v) for v in values]  # type: ignore[arg-type]
    if rule == "sum":
        total = sum(numbers)
        return int(total) if all(isinstance(v, int) for v in values) else round(total, 6)
    if rule in ("max", "min"):
        pick = max(numbers) if rule == "max" else min(numbers)
        return int(pick) if all(isinstance(v, int) for v in values) else pick
    return None


@dataclass(frozen=True)
class Source:
    """One file's facts, the fact names its format can produce (patterns allowed), and the bare
    names it carries (computed from facts when not given; callers judging many checks pass them)."""

    facts: Mapping[str, FactValue]
    declares: tuple[str, ...]
    carries: frozenset[str] | None = None

    def can_have(self, name: str) -> bool:
        """Whether the file carries this bare fact name or its format can produce it."""
        carried = self.carries if self.carries is not None else {split_selector(k)[0] for k in self.facts}
        return name in carried or any(fnmatch.fnmatchcase(name, pattern) for pattern in self.declares)


def merge(sources: Sequence[Source]) -> Facts:
    """Merge facts of several files, ordered oldest to newest: counts add, rates are recomputed,
    and facts that cannot be added (percentiles, concurrency) come from the newest file whose
    format can produce them. A file whose format cannot produce a fact (an Alertmanager config
    has no alert rules) takes no part in it; one whose format can but did not (lcov without branch
    data) makes a sum impossible, since it would undercount."""
    if len(sources) == 1:
        return dict(sources[0].facts)
    found: dict[str, list[FactValue]] = {}  # one pass over every file, values in file order
    for source in sources:
        for key, value in source.facts.items():
            values = found.get(key)
            if values is None:
                found[key] = [value]
            else:
                values.append(value)
    able: dict[str, list[Source]] = {}  # asked once per bare name, not once per key and file
    rules: dict[str, str] = {}
    merged: Facts = {}
    series: list[tuple[str, str, str, str]] = []  # (key, name, label, label value) of merged labelled keys
    for key, values in found.items():
        name, label, label_value = split_selector(key)
        if name not in able:
            able[name] = [s for s in sources if s.can_have(name)]
            spec = spec_for(name)
            rules[name] = spec.merge if spec else "newest"
        rule = rules[name]
        if rule == "rate" and label is None:
            # Recomputed below from the merged counts, even when the newest file could not state it
            # (a run of 0 requests has no error rate, but the runs together do); dropped if they can't.
            merged[key] = values[-1]
            continue
        if rule in ("newest", "rate"):
            if key in able[name][-1].facts:
                merged[key] = able[name][-1].facts[key]
            else:
                continue
        else:
            # A series (labelled key) absent from a file just is not in that file.
            combined = _combine(rule, values, complete=label is not None or len(values) == len(able[name]))
            if combined is None:
                continue
            merged[key] = combined
        if label is not None and label_value is not None:
            series.append((key, name, label, label_value))
    _recompute(merged, series)
    return merged


def _recompute(facts: Facts, keys: Sequence[tuple[str, str, str, str]]) -> None:
    """Recompute rates for the bare names and for every labelled series (`keys`: the labelled keys of
    facts, split once by the caller)."""
    recompute_rates(facts)
    series: dict[tuple[str, str], Facts] = {}
    for key, name, label, label_value in keys:
        series.setdefault((label, label_value), {})[name] = facts[key]
    for (label, label_value), subset in series.items():
        before = dict(subset)
        recompute_rates(subset, add_missing=True)
        for name in set(before) | set(subset):
            if name in subset:
                if name not in before or subset[name] is not before[name]:
                    facts[labeled(name, label, label_value)] = subset[name]
            else:
                facts.pop(labeled(name, label, label_value), None)


def select(facts: Mapping[str, FactValue], selection: Mapping[str, str]) -> tuple[Facts, list[str]]:
    """Replace the bare facts by the series whose labels match the globs: one matching series is
    taken as it is; several are combined by the same rules as files (counts add, rates recomputed,
    percentiles cannot be combined and are left out). Returns the facts and the matched label values."""
    series: dict[str, Facts] = {}
    matchers = {label: value_matcher(label, pattern) for label, pattern in selection.items()}
    verdicts: dict[tuple[str, str], bool] = {}  # each series' label value is matched once, not once per fact
    for key, value in facts.items():
        if "{" not in key:  # bare names are replaced, not selected
            continue
        name, label, label_value = split_selector(key)
        if label is None or label_value is None or label not in matchers:
            continue
        verdict = verdicts.get((label, label_value))
        if verdict is None:
            verdict = verdicts[(label, label_value)] = matchers[label](label_value)
        if verdict:
            series.setdefault(label_value, {})[name] = value
    matched = sorted(series)
    if len(matched) == 1:
        narrowed = dict(series[matched[0]])
        recompute_rates(narrowed, add_missing=True)
        return narrowed, matched
    narrowed = {}
    names = dict.fromkeys(name for subset in series.values() for name in subset)
    for name in names:
        spec = spec_for(name)
        rule = spec.merge if spec else "newest"
        values = [subset[name] for subset in series.values() if name in subset]
        if rule not in ("newest", "rate"):
            combined = _combine(rule, values, complete=len(values) == len(series))
            if combined is not None:
                narrowed[name] = combined
    recompute_rates(narrowed, add_missing=True)
    return narrowed, matched
