"""Check conditions (`FACT OP VALUE`) and derived-fact arithmetic: parsed once when a pack loads, never eval'ed."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from readiness.selectors import split_selector  # noqa: F401 (also this module's name for it)
from readiness.vocabulary import FactValue, is_number

Op = Literal["<", "<=", ">", ">=", "==", "!=", "contains"]
OPERATORS: tuple[Op, ...] = ("<=", ">=", "==", "!=", "<", ">", "contains")
_MISTYPED = {"=<": "<=", "=>": ">=", "=": "==", "<>": "!=", "!==": "!=", "===": "=="}

FACT_RE = r'[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_:*]+)*(?:\{[A-Za-z_][A-Za-z0-9_]*="(?:[^"\\]|\\.)*"\})?'
# The value is the rest of the line, stripped in code: a lazy `(?P<value>.*?)\s*$` took 12 s on a
# value holding 30,000 spaces.
_CONDITION = re.compile(rf"^\s*(?P<fact>{FACT_RE})\s*(?P<op>[<>=!]+|contains)(?P<value>.*)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


class ConditionError(ValueError):
    """A condition or expression that cannot be parsed; the message says what was expected."""


@dataclass(frozen=True)
class Condition:
    """One parsed `FACT OP VALUE` condition."""

    text: str
    fact: str
    op: Op
    value: FactValue

    @property
    def base_fact(self) -> str:
        """The fact name without its {label="..."} selector."""
        return self.fact.split("{", 1)[0]

    def holds(self, actual: FactValue) -> bool:
        """Whether the actual value satisfies the condition; a type mismatch never holds."""
        if self.op == "contains":
            if isinstance(actual, list):
                return self.value in actual
            return isinstance(actual, str) and isinstance(self.value, str) and self.value in actual
        if self.op in ("==", "!="):
            same = _equal(actual, self.value)
            return same if self.op == "==" else not same
        if not is_number(actual) or not is_number(self.value):
            return False
        a, b = float(actual), float(self.value)
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[self.op]


@dataclass(frozen=True)
class AnyOf:
    """`{any: [...]}` in a pack's `when:`: a group of conditions of which at least one must hold."""

    text: str
    conditions: tuple[Condition, ...]


def flatten(items: Iterable[Condition | AnyOf]) -> list[Condition]:
    """Every condition of a `when:` list, the members of `any:` groups included."""
    return [c for item in items for c in (item.conditions if isinstance(item, AnyOf) else (item,))]


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):  # True == 1 in Python, but not in a check
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if is_number(a) and is_number(b):
        return float(a) == float(b)
    return a == b


def parse_value(text: str) -> FactValue:
    """A condition's right-hand side: a number, a quoted string, or true/false."""
    if _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    if text in ("true", "false"):
        return text == "true"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].replace('\\"', '"').replace("\\'", "'")
    if not text:
        raise ConditionError("a value after the operator")
    raise ConditionError(f"a number, true/false or a quoted string, got {text!r} (quote strings: \"{text}\")")


def parse_condition(text: str) -> Condition:
    """Parse `FACT OP VALUE`; raise ConditionError naming what was expected."""
    match = _CONDITION.match(text)
    if not match:
        raise ConditionError(f"`FACT OP VALUE` such as `load.p95_ms <= 2000`, got {text!r}")
    op = match["op"]
    if op not in OPERATORS:
        hint = _MISTYPED.get(op)
        suffix = f"; did you mean '{hint}'?" if hint else f"; expected one of {', '.join(OPERATORS)}"
        raise ConditionError(f"unknown operator '{op}'{suffix}")
    value = parse_value(match["value"].strip())
    if op in ("<", "<=", ">", ">=") and not is_number(value):
        raise ConditionError(f"operator '{op}' needs a number, got {match['value'].strip()!r}")
    return Condition(text=text.strip(), fact=match["fact"], op=op, value=value)


def label_matches(fact_key: str, label: str, pattern: str) -> bool:
    """Whether a flat fact key is `name{label="v"}` with v matching the glob pattern. A test's `path`
    ("SUITE :: LOCATION") matches when the glob matches the suite, the location or both together, with
    `/` and `.` interchangeable (`tests/integration/*` and `tests.integration.*` are one place)."""
    _, key_label, value = split_selector(fact_key)
    return key_label == label and value is not None and value_matches(label, value, pattern)


def value_matches(label: str, value: str, pattern: str) -> bool:
    """Whether a label's value matches a select: glob (a test `path` by any of its forms, see label_matches)."""
    return value_matcher(label, pattern)(value)


@functools.lru_cache(maxsize=256)
def value_matcher(label: str, pattern: str) -> Callable[[str], bool]:
    """The select: glob as one compiled test (built once per label and pattern, not once per value): for a
    `path`, the glob and its `/`-for-`.` and `.`-for-`/` spellings against every form of the value."""
    if label != "path":
        single = re.compile(fnmatch.translate(pattern)).match
        return lambda value: single(value) is not None
    globs = dict.fromkeys((pattern, pattern.replace("/", "."), pattern.replace(".", "/")))
    match = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs)).match
    return lambda value: any(match(text) for text in _path_forms(value))


def _path_forms(value: str) -> list[str]:
    parts = [value, *value.split(" :: ", 1)]
    return [form for part in parts for form in (part, part.replace("/", ".").replace("\\", "."))]


# ---- derived facts: + - * / parentheses, numbers and fact names, by recursive descent ----

_TOKEN = re.compile(rf"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<fact>{FACT_RE})|(?P<sym>[-+*/()]))")


@dataclass(frozen=True)
class Expression:
    """A parsed arithmetic expression over facts; `facts` lists every fact it reads."""

    text: str
    tree: tuple[object, ...]
    facts: tuple[str, ...]

    def evaluate(self, values: dict[str, FactValue]) -> tuple[float | None, str | None]:
        """(value, None), or (None, why) when an input is missing, not a number, or a division by zero."""
        try:
            return _evaluate(self.tree, values), None
        except _Missing as missing:
            return None, str(missing)


class _Missing(Exception):
    pass


def parse_expression(text: str) -> Expression:
    """Parse an arithmetic expression; raise ConditionError with the position of the problem."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ConditionError(f"a number, fact name or one of + - * / ( ) at column {pos + 1} of {text!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match[kind]))
        pos = match.end()
    parser = _Parser(tokens, text)
    tree = parser.sum()
    if parser.pos != len(tokens):
        raise ConditionError(f"an operator before {tokens[parser.pos][1]!r} in {text!r}")
    names = tuple(dict.fromkeys(value for kind, value in tokens if kind == "fact"))
    return Expression(text=text, tree=tree, facts=names)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], text: str) -> None:
        self.tokens, self.text, self.pos = tokens, text, 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def sum(self) -> tuple[object, ...]:
        node = self.product()
        while self._peek() in ("+", "-"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            node = (op, node, self.product())
        return node

    def product(self) -> tuple[object, ...]:
        node = self.atom()
        while self._peek() in ("*", "/"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            node = (op, node, self.atom())
        return node

    def atom(self) -> tuple[object, ...]:
        if self.pos >= len(self.tokens):
            raise ConditionError(f"a number or fact name at the end of {self.text!r}")
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "num":
            return ("num", float(value))
        if kind == "fact":
            return ("fact", value)
        if value == "-":
            return ("neg", self.atom())
        if value == "(":
            node = self.sum()
            if self._peek() != ")":
                raise ConditionError(f"a closing ')' in {self.text!r}")
            self.pos += 1
            return node
        raise ConditionError(f"a number or fact name before {value!r} in {self.text!r}")


def _evaluate(node: tuple[object, ...], values: dict[str, FactValue]) -> float:
    kind = node[0]
    if kind == "num":
        return float(node[1])  # type: ignore[arg-type]
    if kind == "fact":
        name = str(node[1])
        value = values.get(name)
        if value is None:
            raise _Missing(f"{name}: missing")
        if not is_number(value):
            raise _Missing(f"{name}: not a number ({value!r})")
        return float(value)
    if kind == "neg":
        return -_evaluate(node[1], values)  # type: ignore[arg-type]
    left, right = _evaluate(node[1], values), _evaluate(node[2], values)  # type: ignore[arg-type]
    if kind == "/":
        if right == 0:
            raise _Missing("division by zero")
        return left / right
    return left + right if kind == "+" else left - right if kind == "-" else left * right
