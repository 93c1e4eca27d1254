"""The fact vocabulary: every fact name readiness knows, its unit, and how values from several files merge."""

from __future__ import annotations

import difflib
import fnmatch
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeGuard

FactValue = int | float | str | bool | list[str]
Merge = Literal["sum", "newest", "max", "min", "union", "earliest", "latest", "rate"]


@dataclass(frozen=True)
class FactSpec:
    """One fact name (or a `*` pattern for a family of names) and how it merges across files."""

    name: str
    merge: Merge
    description: str
    # For merge="rate": recompute the value from already-merged facts; None when inputs are missing.
    recompute: Callable[[Mapping[str, FactValue]], float | None] | None = None
    # The values a producer can honestly write (None: unbounded); anything else makes the file invalid.
    low: float | None = 0.0
    high: float | None = None


def _ratio(
    num: str, den: str, *, minus: str | None = None, plus: str | None = None, scale: float = 1.0
) -> Callable[[Mapping[str, FactValue]], float | None]:
    """num / (den - minus + plus) * scale, or None when an input is missing or the denominator is 0."""

    def compute(facts: Mapping[str, FactValue]) -> float | None:
        values = [facts.get(num), facts.get(den), facts.get(minus, 0) if minus else 0,
                  facts.get(plus) if plus else 0]
        if not all(is_number(v) for v in values):
            return None
        n, d, m, p = (float(v) for v in values)  # type: ignore[arg-type]
        denominator = d - m + p
        return None if denominator <= 0 else round(n / denominator * scale, 6)

    compute.inputs = tuple(name for name in (num, den, minus, plus) if name)  # type: ignore[attr-defined]
    return compute


def _specs(family: str, rows: list[tuple[str, Merge, str]]) -> list[FactSpec]:
    return [FactSpec(f"{family}.{name}", merge, text) for name, merge, text in rows]


_TESTS = _specs("tests", [
    ("total", "sum", "tests run or skipped (counted from the test cases, not summary attributes); a test id "
              "repeated in one suite is one test"),
    ("passed", "sum", "test cases that passed"),
    ("failed", "sum", "test cases with a failure"),
    ("errors", "sum", "test cases with an error"),
    ("skipped", "sum", "test cases skipped or disabled"),
    ("flaky", "sum", "tests that passed only after a rerun"),
    ("runs", "sum", "test executions: every test case element, reruns and repeats included"),
    ("duration_s", "sum", "summed test time in seconds"),
    ("suites", "sum", "test suites"),
    ("started_at", "earliest", "earliest suite timestamp (ISO 8601)"),
]) + [FactSpec("tests.pass_rate", "rate", "passed / (total - skipped), 0-1",
               _ratio("tests.passed", "tests.total", minus="tests.skipped"), high=1.0)]

_COVERAGE = _specs("coverage", [
    ("lines_total", "sum", "measurable lines"),
    ("lines_covered", "sum", "lines executed"),
    ("branches_total", "sum", "branches (absent when the report has no branch data)"),
    ("branches_covered", "sum", "branches taken"),
]) + [
    FactSpec("coverage.line_pct", "rate", "line coverage, 0-100",
             _ratio("coverage.lines_covered", "coverage.lines_total", scale=100.0), high=100.0),
    FactSpec("coverage.branch_pct", "rate", "branch coverage, 0-100",
             _ratio("coverage.branches_covered", "coverage.branches_total", scale=100.0), high=100.0),
]

_LOAD = _specs("load", [
    ("tool", "newest", "the load-testing tool that produced the file"),
    ("requests", "sum", "requests sent"),
    ("failures", "sum", "requests that failed (by the tool's own mark, else status >= 400 or no response)"),
    ("rps", "newest", "requests per second"),
    ("p50_ms", "newest", "median latency in ms"),
    ("p90_ms", "newest", "90th percentile latency in ms"),
    ("p95_ms", "newest", "95th percentile latency in ms"),
    ("p99_ms", "newest", "99th percentile latency in ms"),
    ("max_ms", "max", "slowest request in ms"),
    ("mean_ms", "newest", "mean latency in ms"),
    ("concurrency", "newest", "concurrent users or connections"),
    ("arrival_rate", "newest", "requests per second an open-model tool sent (Vegeta, Artillery, Gatling stats), "
     "which records no user count"),
    ("duration_s", "newest", "length of the run in seconds"),
    ("started_at", "latest", "when the run started (ISO 8601)"),
]) + [FactSpec("load.error_rate", "rate", "failures / requests, 0-1", _ratio("load.failures", "load.requests"),
                high=1.0)]

_ALERTING = _specs("alerts", [
    ("rules", "sum", "alerting rules"),
    ("recording_rules", "sum", "recording rules"),
    ("names", "union", "alert names"),
    ("with_runbook", "sum", "alerts with a runbook_url annotation"),
    ("with_for", "sum", "alerts with a `for` duration"),
    ("by_severity.*", "sum", "alerts by severity label"),
    ("runbook_missing", "sum", "alerts whose runbook is absent or points at no existing file (cross-file)"),
    ("unrouted", "sum", "alerts no Alertmanager route delivers to a receiver (cross-file)"),
    ("critical_unpaged", "sum", "critical/page alerts routed only to a blackhole or nowhere (cross-file)"),
]) + _specs("alertmanager", [
    ("receivers", "sum", "receivers"),
    ("routes", "sum", "routes in the route tree"),
    ("blackhole_receivers", "sum", "receivers with no integration"),
]) + _specs("slo", [
    ("count", "sum", "SLO definitions"),
    ("objectives", "sum", "objectives across SLOs"),
])

_OPERATIONS = _specs("runbooks", [
    ("count", "sum", "runbook documents"),
    ("sections", "union", "headings found across runbooks"),
    ("incomplete", "sum", "runbooks missing a section the pack requires"),
]) + [FactSpec("metrics.*", "sum", "a metric from a saved Prometheus/OpenMetrics scrape, summed over series",
           low=None)] + _specs("redis", [
    ("keyspace_hits", "sum", "Redis keyspace hits"),
    ("keyspace_misses", "sum", "Redis keyspace misses"),
    ("connected_clients", "newest", "Redis connected clients"),
    ("used_memory", "newest", "Redis used memory in bytes"),
]) + [
    FactSpec("redis.hit_rate", "rate", "keyspace_hits / (hits + misses), 0-1",
             _ratio("redis.keyspace_hits", "redis.keyspace_hits", plus="redis.keyspace_misses"), high=1.0),
] + _specs("env", [
    ("broken_requirements", "sum", "broken requirements reported by `pip check`"),
])

_SECURITY = _specs("security", [
    ("findings", "sum", "security results (suppressed ones excluded; see docs/evidence.md for what is security)"),
    ("findings.error", "sum", "security results at level error"),
    ("findings.warning", "sum", "security results at level warning"),
    ("findings.note", "sum", "security results at level note"),
    ("suppressed", "sum", "security results with suppressions"),
    ("critical", "sum", "results with security-severity >= 9.0"),
    ("high", "sum", "results with security-severity 7.0-8.9"),
    ("medium", "sum", "results with security-severity 4.0-6.9"),
    ("low", "sum", "results with security-severity 0.1-3.9"),
    ("tools", "union", "scanners that produced results"),
]) + _specs("lint", [
    ("findings", "sum", "static-analysis results with no security marking (a linter's style or bug findings)"),
    ("findings.error", "sum", "lint results at level error"),
    ("findings.warning", "sum", "lint results at level warning"),
    ("findings.note", "sum", "lint results at level note"),
    ("suppressed", "sum", "lint results with suppressions"),
    ("tools", "union", "tools that produced lint results"),
]) + _specs("deps", [
    ("vulnerable", "sum", "vulnerable dependencies"),
    ("vulns", "sum", "vulnerabilities of every severity, including unknown and informational ones"),
    ("vulns.unknown", "sum", "vulnerabilities the tool gave no severity (e.g. every pip-audit finding)"),
    ("vulns.critical", "sum", "critical vulnerabilities"),
    ("vulns.high", "sum", "high vulnerabilities"),
    ("vulns.medium", "sum", "medium vulnerabilities"),
    ("vulns.low", "sum", "low vulnerabilities"),
]) + _specs("secrets", [
    ("found", "sum", "secrets found by a secret scanner"),
]) + _specs("cost", [
    ("monthly", "sum", "estimated monthly cost"),
    ("currency", "newest", "currency of cost.monthly"),
]) + _specs("api", [
    ("valid", "newest", "the API spec is valid"),
    ("operations", "sum", "operations in the API spec"),
    ("operations_documented", "sum", "operations with a summary or description"),
    ("operations_with_errors", "sum", "operations documenting a 4xx/5xx response"),
]) + _specs("docs", [
    ("*.present", "newest", "a required document exists"),
    ("*.sections_missing", "newest", "required headings missing from a document"),
])

# Each kind family and the fact-name prefixes its adapters produce; a check's conditions must use its family's facts.
FAMILIES: dict[str, tuple[str, ...]] = {
    "tests": ("tests.",),
    "coverage": ("coverage.",),
    "load": ("load.",),
    "alerting": ("alerts.", "alertmanager."),
    "slo": ("slo.",),
    "runbooks": ("runbooks.",),
    "metrics": ("metrics.", "redis."),
    "environment": ("env.",),
    "security": ("security.", "lint."),
    "deps": ("deps.",),
    "secrets": ("secrets.",),
    "cost": ("cost.",),
    "docs": ("api.", "docs."),
}

VOCABULARY: tuple[FactSpec, ...] = tuple(_TESTS + _COVERAGE + _LOAD + _ALERTING + _OPERATIONS + _SECURITY)
_EXACT = {spec.name: spec for spec in VOCABULARY if "*" not in spec.name}
_PATTERNS = [spec for spec in VOCABULARY if "*" in spec.name]
# Rates recomputed after a merge, in vocabulary order (recompute_rates runs once per labelled series).
_RATES = tuple(spec for spec in VOCABULARY if spec.merge == "rate" and spec.recompute is not None)


def spec_for(name: str) -> FactSpec | None:
    """The spec of a bare fact name (no selector), or None when the name is unknown."""
    spec = _EXACT.get(name)
    if spec is not None:
        return spec
    return next((p for p in _PATTERNS if fnmatch.fnmatchcase(name, p.name)), None)


# (part, whole): a count of some of the things another count counts can never exceed it.
PARTS: tuple[tuple[str, str], ...] = (
    ("coverage.lines_covered", "coverage.lines_total"),
    ("coverage.branches_covered", "coverage.branches_total"),
    *((f"tests.{part}", "tests.total") for part in ("passed", "failed", "errors", "skipped", "flaky")),
    ("tests.total", "tests.runs"),
    ("tests.flaky", "tests.passed"),
    ("load.failures", "load.requests"),
    ("alerts.with_runbook", "alerts.rules"),
    ("alerts.with_for", "alerts.rules"),
    ("alertmanager.blackhole_receivers", "alertmanager.receivers"),
    ("api.operations_documented", "api.operations"),
    ("api.operations_with_errors", "api.operations"),
    *((f"deps.vulns.{band}", "deps.vulns") for band in ("unknown", "critical", "high", "medium", "low")),
)


def impossible(facts: Mapping[str, FactValue], series: str = "") -> list[str]:
    """Why values of one series (bare names; `series` is the label shown after them) cannot be true: out
    of the fact's valid range (a negative count, a rate above 1, coverage above 100 %) or a part larger
    than its whole."""
    found = []
    for key, value in facts.items():
        spec = spec_for(key)
        if spec is None or not is_number(value):
            continue
        if spec.low is not None and value < spec.low:
            found.append(f"{key}{series} = {value} is below {spec.low:g}")
        elif spec.high is not None and value > spec.high:
            found.append(f"{key}{series} = {value} is above {spec.high:g}")
    for part, whole in PARTS:
        a = facts.get(part)
        if a is None:  # most series hold few of the parts
            continue
        b = facts.get(whole)
        if is_number(a) and is_number(b) and a > b:
            found.append(f"{part}{series} = {a} is more than {whole}{series} = {b}")
    return found


_WHOLES: dict[str, tuple[str, ...]] = {}
for _part, _whole in PARTS:
    _WHOLES[_part] = (*_WHOLES.get(_part, ()), _whole)


@functools.lru_cache(maxsize=4096)  # fact names come from evidence files: the cache stays bounded
def _rule(name: str) -> tuple[float | None, float | None, tuple[str, ...]]:
    """(low, high, wholes) of a bare fact name: its valid range and the counts it is a part of."""
    spec = spec_for(name)
    return (None, None, ()) if spec is None else (spec.low, spec.high, _WHOLES.get(name, ()))


def any_impossible(facts: Mapping[str, FactValue]) -> bool:
    """Whether `impossible` finds anything in any series of flat facts (bare and labelled keys): one pass
    over the keys, without grouping them into series (the evidence stage asks this of every file)."""
    for key, value in facts.items():
        if type(value) is not int and type(value) is not float:  # bools, texts and lists have no range
            continue
        brace = key.find("{")
        low, high, wholes = _rule(key if brace < 0 else key[:brace])
        if (low is not None and value < low) or (high is not None and value > high):
            return True
        for whole in wholes:
            total = facts.get(whole if brace < 0 else whole + key[brace:])
            if (type(total) is int or type(total) is float) and value > total:
                return True
    return False


def is_number(value: object) -> TypeGuard[int | float]:
    """An int or float, not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def suggest(name: str) -> str | None:
    """The closest known fact name, for a did-you-mean."""
    close = difflib.get_close_matches(name, list(_EXACT), n=1, cutoff=0.6)
    return close[0] if close else None


def with_inputs(names: Iterable[str]) -> frozenset[str]:
    """The names and the counts each rate among them is recomputed from (what a merge must keep)."""
    found = set(names)
    for name in list(found):
        spec = spec_for(name)
        if spec is not None and spec.recompute is not None:
            found.update(getattr(spec.recompute, "inputs", ()))
    return frozenset(found)


def recompute_rates(facts: dict[str, FactValue], *, add_missing: bool = False) -> None:
    """Recompute rate facts from the counts they derive from, in place. With add_missing, also add
    rates the facts did not carry but whose counts are all there (e.g. for one labelled series)."""
    for spec in _RATES:
        if spec.name not in facts and not add_missing:
            continue
        value = spec.recompute(facts)  # type: ignore[misc]  # _RATES holds only specs with recompute
        if value is not None:
            facts[spec.name] = value
        elif not add_missing:  # merged counts cannot support the rate any more
            facts.pop(spec.name, None)
