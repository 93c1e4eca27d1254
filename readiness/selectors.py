"""Flat fact keys: `name{label="value"}` split into its parts (the inverse of adapters.base.labeled).

A module of its own so that reading evidence does not load the condition parser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

V = TypeVar("V")


def split_selector(fact: str) -> tuple[str, str | None, str | None]:
    """`name{label="v"}` -> (name, label, v); a bare name -> (name, None, None)."""
    brace = fact.find("{")
    if brace < 0:
        return fact, None, None
    # Called for every fact key of every file when scoring: one scan, and unescape only when needed.
    label, value = fact[brace + 1:].rstrip("}").split("=", 1)
    value = value[1:-1]
    if "\\" in value:
        value = value.replace('\\"', '"').replace("\\\\", "\\")
    return fact[:brace], label, value


def series(facts: Mapping[str, V]) -> dict[str, dict[str, V]]:
    """Flat facts grouped by series: selector (`{label="v"}`, "" for the bare names) -> bare name -> value."""
    grouped: dict[str, dict[str, V]] = {}
    for key, value in facts.items():
        brace = key.find("{")
        if brace < 0:
            grouped.setdefault("", {})[key] = value
        else:
            grouped.setdefault(key[brace:], {})[key[:brace]] = value
    return grouped
