"""Properties of the condition parser and of merging that hold for any input (hypothesis); scoring's
are in test_scoring_properties.py. Examples are bounded so `make test` stays quick."""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.conditions import FACT_RE, ConditionError, parse_condition, parse_expression
from readiness.merging import Source, merge
from readiness.vocabulary import spec_for

FAST = settings(max_examples=150, deadline=None)

# ---------------------------------------------------------------- the condition parser

FACTS = st.from_regex(r"\A[a-z_][a-z0-9_]{0,8}(\.[a-z0-9_]{1,8}){0,3}\Z")
NUMBERS = st.one_of(st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False).map(lambda f: round(f, 4)))
ORDERS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@given(FACTS, st.sampled_from(sorted(ORDERS)), NUMBERS, NUMBERS)
@FAST
def test_a_comparison_parses_back_and_holds_exactly_when_python_says(fact: str, op: str, value: float,
                                                                     actual: float) -> None:
    condition = parse_condition(f"{fact} {op} {value!r}")
    assert (condition.fact, condition.op) == (fact, op)
    assert condition.value == value and type(condition.value) is type(value)
    assert condition.holds(actual) is ORDERS[op](actual, value)


VALUES = st.one_of(NUMBERS, st.booleans(), st.text(alphabet="abcxyz -_./", max_size=12),
                   st.lists(st.text(alphabet="abc", max_size=3), max_size=3))


@given(FACTS, NUMBERS | st.booleans() | st.text(alphabet="abc -_./", max_size=12), VALUES)
@FAST
def test_equal_and_not_equal_are_opposites_for_any_value(fact: str, value: object, actual: Any) -> None:
    text = f'"{value}"' if isinstance(value, str) else ("true" if value is True else "false" if value is False
                                                         else repr(value))
    equal, unequal = parse_condition(f"{fact} == {text}"), parse_condition(f"{fact} != {text}")
    assert equal.holds(actual) is not unequal.holds(actual)
    if isinstance(actual, bool) or isinstance(value, bool):  # True is not 1 in a check
        assert equal.holds(actual) is (actual is value)


@given(st.sampled_from(sorted(ORDERS)), NUMBERS, NUMBERS)
@FAST
def test_an_order_and_its_opposite_never_both_hold(op: str, value: float, actual: float) -> None:
    opposite = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[op]
    assert parse_condition(f"x {op} {value!r}").holds(actual) is not parse_condition(
        f"x {opposite} {value!r}").holds(actual)


@given(st.text(max_size=60))
@FAST
def test_any_text_parses_or_raises_a_condition_error(text: str) -> None:
    try:
        condition = parse_condition(text)
    except ConditionError as exc:
        assert str(exc)
    else:
        assert condition.op in ("<", "<=", ">", ">=", "==", "!=", "contains")


def _trees(names: list[str]) -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.integers(0, 50).map(lambda n: ("num", n)), st.sampled_from(names).map(lambda n: ("fact", n)))
    return st.recursive(leaves, lambda inner: st.tuples(st.sampled_from("+-*/"), inner, inner), max_leaves=8)


def _text(tree: Any) -> str:
    kind = tree[0]
    if kind == "num":
        return str(tree[1])
    if kind == "fact":
        return tree[1]
    return f"({_text(tree[1])} {kind} {_text(tree[2])})"


def _value(tree: Any, facts: dict[str, float]) -> Fraction | None:
    kind = tree[0]
    if kind == "num":
        return Fraction(tree[1])
    if kind == "fact":
        return Fraction(facts[tree[1]])
    left, right = _value(tree[1], facts), _value(tree[2], facts)
    if left is None or right is None or (kind == "/" and right == 0):
        return None
    return {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[kind](left, right)


@given(_trees(["a.x", "b_y", "c.z.w"]), st.fixed_dictionaries({n: st.integers(-20, 20) for n in
                                                                ("a.x", "b_y", "c.z.w")}))
@FAST
def test_expressions_evaluate_like_arithmetic(tree: Any, facts: dict[str, float]) -> None:
    expression = parse_expression(_text(tree))
    value, why = expression.evaluate(dict(facts))
    expected = _value(tree, facts)
    if expected is None:
        assert value is None and why == "division by zero"
    else:
        assert value is not None and math.isclose(value, float(expected), rel_tol=1e-9, abs_tol=1e-9)


@given(st.text(alphabet="ab.1 +-*/()_", max_size=30))
@FAST
def test_any_expression_text_parses_or_raises_a_condition_error(text: str) -> None:
    try:
        expression = parse_expression(text)
    except ConditionError:
        return
    expression.evaluate({})  # missing facts are a reason, never an exception


def test_fact_strategy_matches_the_parser_grammar() -> None:
    import re

    assert re.fullmatch(FACT_RE, "tests.pass_rate") and re.fullmatch(FACT_RE, 'tests.total{suite="a*"}')


# ---------------------------------------------------------------- merging

SUMMED = ("tests.total", "tests.failed", "alerts.rules")


@given(st.lists(st.fixed_dictionaries({name: st.integers(0, 10**6) for name in SUMMED}), min_size=1, max_size=6),
       st.randoms(use_true_random=False))
@FAST
def test_counts_add_in_any_file_order(facts: list[dict[str, int]], random: Any) -> None:
    sources = [Source(f, ("tests.*", "alerts.*")) for f in facts]
    merged = merge(sources)
    for name in SUMMED:
        assert merged[name] == sum(f[name] for f in facts)
    shuffled = list(sources)
    random.shuffle(shuffled)
    assert {k: v for k, v in merge(shuffled).items() if spec_for(k) and spec_for(k).merge == "sum"} == \
        {k: v for k, v in merged.items() if spec_for(k) and spec_for(k).merge == "sum"}


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1000), st.floats(1, 10_000)), min_size=1, max_size=6))
@FAST
def test_rates_are_recomputed_and_percentiles_come_from_the_newest(runs: list[tuple[int, int, float]]) -> None:
    facts = []
    for failures, extra, p95 in runs:
        requests = failures + extra
        one: dict[str, Any] = {"load.requests": requests, "load.failures": failures, "load.p95_ms": p95,
                               "load.max_ms": p95 * 2}
        if requests:
            one["load.error_rate"] = round(failures / requests, 6)
        facts.append(one)
    merged = merge([Source(f, ("load.*",)) for f in facts])
    total = sum(f["load.requests"] for f in facts)
    assert merged["load.requests"] == total
    if total and len(facts) > 1:
        assert merged["load.error_rate"] == round(sum(f["load.failures"] for f in facts) / total, 6)
    assert merged["load.p95_ms"] == facts[-1]["load.p95_ms"]
    assert merged["load.max_ms"] == max(f["load.max_ms"] for f in facts)
    assert 0 <= merged.get("load.error_rate", 0) <= 1




# ---------------------------------------------------------------- select: globs, compiled once

GLOB_TEXT = st.text(alphabet="ab./:*?[]! \\", max_size=12)


@given(st.sampled_from(["path", "suite", "label"]), GLOB_TEXT, GLOB_TEXT)
@FAST
def test_a_compiled_select_glob_agrees_with_fnmatch_on_every_form(label: str, pattern: str, value: str) -> None:
    """The compiled matcher is the plain definition: fnmatchcase of the glob (for a path, also with `/` and
    `.` swapped) against the value (for a path, also its suite, its location, each with `/` as `.`)."""
    import fnmatch

    from readiness.conditions import value_matches

    if label == "path":
        parts = [value, *value.split(" :: ", 1)]
        forms = [f for p in parts for f in (p, p.replace("/", ".").replace("\\", "."))]
        globs = (pattern, pattern.replace("/", "."), pattern.replace(".", "/"))
        expected = any(fnmatch.fnmatchcase(f, g) for f in forms for g in globs)
    else:
        expected = fnmatch.fnmatchcase(value, pattern)
    assert value_matches(label, value, pattern) is expected


# ---------------------------------------------------------------- impossible values, one pass

SERIES_KEYS = st.sampled_from(["", '{suite="a"}', '{path="b :: c"}'])
COUNT_NAMES = st.sampled_from(["tests.total", "tests.passed", "tests.runs", "tests.flaky", "tests.pass_rate",
                               "coverage.line_pct", "coverage.lines_total", "coverage.lines_covered",
                               "load.requests", "load.failures", "team.custom", "tests.started_at"])
FACT_VALUES = st.one_of(st.integers(-3, 12), st.floats(-1.0, 120.0, allow_nan=False), st.booleans(), st.just("x"))


@given(st.dictionaries(st.tuples(COUNT_NAMES, SERIES_KEYS).map("".join), FACT_VALUES, max_size=12))
@FAST
def test_the_one_pass_impossible_test_agrees_with_the_per_series_one(facts: dict[str, Any]) -> None:
    from readiness.vocabulary import any_impossible, impossible

    series: dict[str, dict[str, Any]] = {}
    for key, value in facts.items():
        name, brace, rest = key.partition("{")
        series.setdefault(brace + rest, {})[name] = value
    assert any_impossible(facts) is any(impossible(subset, shown) for shown, subset in series.items())
