"""Values as people read them: one place that turns fact values into words and units for every reporter.

Rates print as percentages, durations in ms, s, min or h, counts with thousands separators, and no number
with more digits than it deserves; a value short of a bound never rounds onto it (99.95 % is not "100 %").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from readiness.vocabulary import FactValue

Unit = Literal["count", "ratio", "pct", "ms", "s", "per_s", "bytes", "money", "bool", "text"]
SIGNIFICANT = 3  # digits a measured number deserves unless its counts say otherwise
MAX_DIGITS = 6  # never more decimals than this, even to keep a value off a bound
LIST_ITEMS = 5  # items of a list value shown before "+N more"


@dataclass(frozen=True)
class Wording:
    """How one fact reads: its unit and a phrase with {v} where the value goes; counts behind a rate."""

    unit: Unit
    phrase: str
    counts: tuple[str, str, str | None] | None = None  # numerator, denominator, minus from the denominator
    name: str | None = None  # the fact in words when the phrase does not start with it


def _w(unit: Unit, phrase: str, counts: tuple[str, str, str | None] | None = None, name: str | None = None) -> Wording:
    return Wording(unit, phrase, counts, name)


WORDING: dict[str, Wording] = {
    "tests.total": _w("count", "Tests: {v}"),
    "tests.runs": _w("count", "Test executions (reruns included): {v}"),
    "tests.passed": _w("count", "Tests passed: {v}"),
    "tests.failed": _w("count", "Tests failed: {v}"),
    "tests.errors": _w("count", "Tests with errors: {v}"),
    "tests.skipped": _w("count", "Tests skipped: {v}"),
    "tests.flaky": _w("count", "Flaky tests: {v}"),
    "tests.duration_s": _w("s", "Test time: {v}"),
    "tests.suites": _w("count", "Test suites: {v}"),
    "tests.started_at": _w("text", "Tests started: {v}"),
    "tests.pass_rate": _w("ratio", "{v} of tests passed", ("tests.passed", "tests.total", "tests.skipped"),
                             "Pass rate"),
    "coverage.lines_total": _w("count", "Measurable lines: {v}"),
    "coverage.lines_covered": _w("count", "Lines covered: {v}"),
    "coverage.branches_total": _w("count", "Branches: {v}"),
    "coverage.branches_covered": _w("count", "Branches covered: {v}"),
    "coverage.line_pct": _w("pct", "Line coverage: {v}", ("coverage.lines_covered", "coverage.lines_total", None)),
    "coverage.branch_pct": _w("pct", "Branch coverage: {v}",
                              ("coverage.branches_covered", "coverage.branches_total", None)),
    "load.tool": _w("text", "Load tool: {v}"),
    "load.requests": _w("count", "Requests: {v}"),
    "load.failures": _w("count", "Failed requests: {v}"),
    "load.error_rate": _w("ratio", "{v} of requests failed", ("load.failures", "load.requests", None),
                              "Error rate"),
    "load.rps": _w("per_s", "Throughput: {v}"),
    "load.arrival_rate": _w("per_s", "Arrival rate: {v}"),
    "load.p50_ms": _w("ms", "Median latency: {v}"),
    "load.p90_ms": _w("ms", "p90 latency: {v}"),
    "load.p95_ms": _w("ms", "p95 latency: {v}"),
    "load.p99_ms": _w("ms", "p99 latency: {v}"),
    "load.max_ms": _w("ms", "Slowest request: {v}"),
    "load.mean_ms": _w("ms", "Mean latency: {v}"),
    "load.concurrency": _w("count", "Concurrent users: {v}"),
    "load.duration_s": _w("s", "Load test length: {v}"),
    "load.started_at": _w("text", "Load test started: {v}"),
    "alerts.rules": _w("count", "Alerting rules: {v}"),
    "alerts.recording_rules": _w("count", "Recording rules: {v}"),
    "alerts.names": _w("text", "Alerts: {v}"),
    "alerts.with_runbook": _w("count", "Alerts with a runbook: {v}"),
    "alerts.with_for": _w("count", "Alerts that wait before firing: {v}"),
    "alerts.without_for": _w("count", "Alerts that fire without waiting: {v}"),
    "alerts.runbook_missing": _w("count", "Alerts without a runbook: {v}"),
    "alerts.unrouted": _w("count", "Alerts no route delivers: {v}"),
    "alerts.critical_unpaged": _w("count", "Critical alerts that page no one: {v}"),
    "alertmanager.receivers": _w("count", "Alertmanager receivers: {v}"),
    "alertmanager.routes": _w("count", "Alertmanager routes: {v}"),
    "alertmanager.blackhole_receivers": _w("count", "Receivers that deliver nowhere: {v}"),
    "slo.count": _w("count", "SLOs: {v}"),
    "slo.objectives": _w("count", "SLO objectives: {v}"),
    "runbooks.count": _w("count", "Runbooks: {v}"),
    "runbooks.sections": _w("text", "Runbook sections: {v}"),
    "runbooks.incomplete": _w("count", "Incomplete runbooks: {v}"),
    "redis.keyspace_hits": _w("count", "Redis hits: {v}"),
    "redis.keyspace_misses": _w("count", "Redis misses: {v}"),
    "redis.connected_clients": _w("count", "Redis clients: {v}"),
    "redis.used_memory": _w("bytes", "Redis memory: {v}"),
    "redis.hit_rate": _w("ratio", "Redis hit rate: {v}"),
    "cache.hit_rate": _w("ratio", "Cache hit rate: {v}"),
    "env.broken_requirements": _w("count", "Broken requirements: {v}"),
    "security.findings": _w("count", "Security findings: {v}"),
    "security.findings.error": _w("count", "Findings at level error: {v}"),
    "security.findings.warning": _w("count", "Findings at level warning: {v}"),
    "security.findings.note": _w("count", "Findings at level note: {v}"),
    "security.suppressed": _w("count", "Suppressed findings: {v}"),
    "security.critical": _w("count", "Critical findings: {v}"),
    "security.high": _w("count", "High findings: {v}"),
    "security.medium": _w("count", "Medium findings: {v}"),
    "security.low": _w("count", "Low findings: {v}"),
    "security.tools": _w("text", "Scanners: {v}"),
    "lint.findings": _w("count", "Lint findings: {v}"),
    "lint.findings.error": _w("count", "Lint findings at level error: {v}"),
    "lint.findings.warning": _w("count", "Lint findings at level warning: {v}"),
    "lint.findings.note": _w("count", "Lint findings at level note: {v}"),
    "lint.suppressed": _w("count", "Suppressed lint findings: {v}"),
    "lint.tools": _w("text", "Linters: {v}"),
    "deps.vulnerable": _w("count", "Vulnerable dependencies: {v}"),
    "deps.vulns": _w("count", "Known vulnerabilities: {v}"),
    "secrets.found": _w("count", "Secrets found: {v}"),
    "cost.monthly": _w("money", "Estimated monthly cost: {v}"),
    "cost.currency": _w("text", "Currency: {v}"),
    "api.valid": _w("bool", "API spec valid: {v}"),
    "api.operations": _w("count", "API operations: {v}"),
    "api.operations_documented": _w("count", "Documented API operations: {v}"),
    "api.operations_undocumented": _w("count", "Undocumented API operations: {v}"),
    "api.operations_with_errors": _w("count", "Operations documenting error responses: {v}"),
}
# Families of names: (prefix, suffix) -> wording with {name} for the part between.
PATTERNS: tuple[tuple[str, str, Wording], ...] = (
    ("alerts.by_severity.", "", _w("count", "Alerts of severity {name}: {v}")),
    ("deps.vulns.", "", _w("count", "Vulnerabilities rated {name}: {v}")),
    ("docs.", ".present", _w("bool", "Document '{name}' present: {v}")),
    ("docs.", ".sections_missing", _w("count", "Sections missing from '{name}': {v}")),
    ("metrics.", "", _w("count", "Metric {name}: {v}")),
)
# Unknown names (derived facts in a pack) get their unit from the name's ending.
SUFFIXES: tuple[tuple[str, Unit], ...] = (("_rate", "ratio"), ("_pct", "pct"), ("_ms", "ms"), ("_s", "s"),
                                          ("_bytes", "bytes"))
OPERATORS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than", "==": "", "!=": "anything but",
             "contains": "to include"}


def wording(fact: str) -> Wording:
    """The wording of a fact name; a `{label="..."}` selector is read as the bare name."""
    name = fact.split("{", 1)[0]
    if name in WORDING:
        return WORDING[name]
    for prefix, suffix, pattern in PATTERNS:
        if name.startswith(prefix) and name.endswith(suffix) and len(name) > len(prefix) + len(suffix):
            middle = name[len(prefix): len(name) - len(suffix)]
            return Wording(pattern.unit, pattern.phrase.replace("{name}", middle), pattern.counts)
    unit: Unit = next((u for s, u in SUFFIXES if name.endswith(s) and not name.startswith("metrics.")), "count")
    return Wording(unit, name + ": {v}")


def label(fact: str) -> str:
    """A fact's name in words, without its value: 'p95 latency', 'Tests passed (suite=unit)'."""
    words = wording(fact)
    phrase = words.name or words.phrase.replace(": {v}", "").replace("{v}", "").strip()
    selector = fact.split("{", 1)[1].rstrip("}") if "{" in fact else ""
    text = phrase[:1].upper() + phrase[1:]
    return f"{text} ({selector.replace(chr(34), '')})" if selector else text


# ---- numbers ---------------------------------------------------------------------------------------------


def significant(value: float, digits: int = SIGNIFICANT) -> str:
    """A number to `digits` significant digits (whole digits are never dropped), with thousands separators and
    no trailing zeros: 4.76, 152, 1,036."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    decimals = min(max(digits - 1 - math.floor(math.log10(abs(value))), 0), MAX_DIGITS)
    return _trim(f"{round(value, decimals):,.{decimals}f}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def count(value: float) -> str:
    """A count: '1,328'; a fractional count keeps three significant digits."""
    return f"{int(value):,}" if float(value).is_integer() else significant(value)


def percent(ratio: float, *, of: float | None = None, digits: int | None = None) -> str:
    """A 0-1 ratio as a percentage. With `of` (the count it is a share of) it gets the decimals that count
    resolves (1,329 tests: 0.01 %); else three significant digits. Never rounds onto 0 % or 100 %."""
    value = ratio * 100
    if value in (0, 100):
        return f"{value:.0f} %"
    if digits is None:
        digits = max(0, min(2, math.ceil(math.log10(of / 100)))) if of and of > 0 else None
    text = significant(value) if digits is None else f"{value:,.{digits}f}"
    for extra in range(MAX_DIGITS + 1):  # keep a value off the bound it does not reach
        if float(text.replace(",", "")) not in (0, 100):
            break
        text = _trim(f"{value:,.{(digits or 1) + extra}f}")
    return text + " %"


def duration_ms(ms: float) -> str:
    """A latency: '4 ms', '4.76 ms', '1.04 s' (three significant digits)."""
    return f"{significant(ms)} ms" if ms < 1000 else seconds(ms / 1000)


def seconds(value: float) -> str:
    """A length of time: '536 ms', '69 s', '30 min', '2 min 5 s', '1 h 30 min'."""
    if 0 < value < 1:
        return f"{significant(value * 1000)} ms"
    if value < 60:
        return f"{significant(value)} s"
    whole = round(value)
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    hours, rest = divmod(round(value / 60), 60)
    return f"{hours:,} h" + (f" {rest} min" if rest else "")


def size(value: float) -> str:
    """A size in bytes: '512 B', '1.5 KB', '24.3 MB' (1 KB = 1024 bytes)."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if value >= scale:
            return f"{significant(value / scale)} {unit}"
    return f"{int(value):,} B"


def show(fact: str, value: FactValue | None, *, of: float | None = None) -> str:
    """A fact value in its unit, without the phrase: '2.30 %', '1.04 s', '1,328', 'yes'."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        more = f" (+{len(value) - LIST_ITEMS:,} more)" if len(value) > LIST_ITEMS else ""
        return ", ".join(str(v) for v in value[:LIST_ITEMS]) + more
    if isinstance(value, str):
        return value
    return _number(wording(fact).unit, float(value), of)


def _number(unit: Unit, value: float, of: float | None) -> str:
    if unit == "ratio":
        return percent(value, of=of)
    if unit == "pct":
        return percent(value / 100, of=of)
    if unit == "ms":
        return duration_ms(value)
    if unit == "s":
        return seconds(value)
    if unit == "per_s":
        return f"{significant(value)}/s"
    if unit == "bytes":
        return size(value)
    if unit == "money":
        return f"{value:,.2f}"
    if unit == "bool":
        return "yes" if value else "no"
    return count(value) if abs(value) >= 1000 or float(value).is_integer() else significant(value)


def phrase(fact: str, value: FactValue | None, *, of: float | None = None) -> str:
    """The fact and its value in words: '2.30 % of requests failed', 'p95 latency: 4 ms'."""
    if value is None:
        return f"{label(fact)}: not in the evidence"
    text = wording(fact).phrase.replace("{v}", show(fact, value, of=of))
    selector = fact.split("{", 1)[1].rstrip("}").replace('"', "") if "{" in fact else ""
    return f"{text} ({selector})" if selector else text


# ---- conditions --------------------------------------------------------------------------------------------


def parse_expected(expected: str) -> tuple[str, FactValue]:
    """Split a condition's 'op value' text (as findings write it) into the operator and a typed value."""
    op, _, raw = expected.partition(" ")
    if raw in ("true", "false"):
        return op, raw == "true"
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return op, raw[1:-1]
    try:
        number = float(raw)
    except ValueError:
        return op, raw
    return op, int(number) if number.is_integer() and "." not in raw and "e" not in raw else number


def needs(fact: str, expected: str, actual: FactValue | None = None) -> str:
    """What a condition asks, in words: 'needs at most 1 %', 'needs 100 %', 'needs 0'."""
    op, bound = parse_expected(expected)
    words = OPERATORS.get(op, op)
    unit = wording(fact).unit
    if unit in ("ratio", "pct") and op == ">=" and bound == (1 if unit == "ratio" else 100):
        words = ""  # "needs at least 100 %" is "needs 100 %"
    shown = _apart(fact, actual, bound)[1] if isinstance(bound, int | float) else show(fact, bound)
    return " ".join(w for w in ("needs", words, shown) if w)


def _apart(fact: str, actual: FactValue | None, bound: float) -> tuple[str, str]:
    """The actual value and the bound; when they differ but read the same, both get the digits that tell them
    apart (a latency of 2000.4 ms against at most 2000 ms is not '2 s; needs at most 2 s')."""
    plain = show(fact, actual), show(fact, bound)
    if not isinstance(actual, int | float) or isinstance(actual, bool) or actual == bound or plain[0] != plain[1]:
        return plain
    unit = wording(fact).unit
    for digits in range(SIGNIFICANT + 1, MAX_DIGITS + 3):
        a, b = (_precise(unit, float(v), digits) for v in (actual, bound))
        if a != b:
            return a, b
    return plain


def _precise(unit: Unit, value: float, digits: int) -> str:
    if unit == "ratio":
        return _trim(f"{value * 100:,.{digits}f}") + " %"
    if unit == "pct":
        return _trim(f"{value:,.{digits}f}") + " %"
    if unit == "ms" and value < 1000:
        return significant(value, digits) + " ms"
    if unit == "ms":
        return significant(value / 1000, digits) + " s"
    if unit == "s":
        return significant(value, digits) + " s"
    if unit == "per_s":
        return significant(value, digits) + "/s"
    return significant(value, digits)


@dataclass(frozen=True)
class Line:
    """One condition in words for people, with the fact name kept for engineers."""

    fact: str
    text: str  # '2.30 % of requests failed (241 of 10,469); needs at most 1 %'
    holds: bool | None


def condition_line(fact: str, actual: FactValue | None, expected: str, holds: bool | None,
                   counts: Mapping[str, float] | None = None, offenders: Sequence[str] = ()) -> Line:
    """A condition as a sentence: the value in its unit, the counts behind a rate when known, what is needed,
    and the items behind a failing count."""
    if actual is None:
        return Line(fact, f"{phrase(fact, None)}; {needs(fact, expected)}", holds)
    of, behind = _counts(fact, actual, counts or {})
    text = phrase(fact, actual, of=of)
    bound = parse_expected(expected)[1]
    if isinstance(bound, int | float) and not isinstance(bound, bool) and of is None:
        shown = _apart(fact, actual, bound)[0]
        if shown != show(fact, actual):
            text = phrase(fact, actual).replace(show(fact, actual), shown, 1)
    if behind:
        text += f" ({behind})"
    if holds is False and offenders:
        more = f" and {len(offenders) - LIST_ITEMS:,} more" if len(offenders) > LIST_ITEMS else ""
        text += " (" + ", ".join(offenders[:LIST_ITEMS]) + more + ")"
    return Line(fact, f"{text}; {needs(fact, expected, actual)}", holds)


def _counts(fact: str, actual: FactValue, counts: Mapping[str, float]) -> tuple[float | None, str]:
    """The denominator of a rate and '1,328 of 1,329', when the given counts reproduce the rate exactly."""
    spec = wording(fact).counts
    if spec is None or "{" in fact or not isinstance(actual, int | float) or isinstance(actual, bool):
        return None, ""
    num, den, minus = spec
    if num not in counts or den not in counts:
        return None, ""
    numerator, denominator = counts[num], counts[den] - (counts.get(minus, 0) if minus else 0)
    scale = 100 if wording(fact).unit == "pct" else 1
    if denominator <= 0 or not math.isclose(numerator / denominator * scale, float(actual), abs_tol=1e-5 * scale):
        return None, ""  # the counts at hand are not the ones this rate was computed from: say nothing
    return denominator, f"{count(numerator)} of {count(denominator)}"
