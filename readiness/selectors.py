"""Flat fact keys: `name{label="value"}` split into its parts (the inverse of adapters.base.labeled).

A module of its own so that reading evidence does not load the condition parser."""

from __future__ import annotations


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
