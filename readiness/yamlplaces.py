"""Places in a YAML file: line numbers of every key and item, breadcrumbs, and readable pydantic errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import yaml

Lines = dict[tuple[Any, ...], int]


def line_map(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int],
             dupes: list[tuple[tuple[Any, ...], int]]) -> None:
    """Record the 1-based line of every key and item under node, and every duplicate key."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            line_map(value_node, path + (key,), lines, dupes)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            line_map(item, path + (index,), lines, dupes)


def line_for(lines: dict[tuple[Any, ...], int], loc: Iterable[Any]) -> int | None:
    """The line of loc, or of its nearest recorded parent."""
    path = tuple(loc)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def where(loc: tuple[Any, ...]) -> str:
    """A breadcrumb such as when[1] or evidence.kind."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe(error: Any, model_fields: Iterable[str]) -> str:
    """One pydantic error as a sentence, with a did-you-mean for unknown fields."""
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), list(model_fields), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(model_fields)}"
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind.startswith("value_error"):
        return message
    return f"{message} (got {error.get('input')!r})"


def check_id(data: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the check an error location points into, or None outside checks."""
    if len(loc) >= 2 and loc[0] == "checks" and isinstance(loc[1], int) and isinstance(data, dict):
        checks = data.get("checks")
        if isinstance(checks, list) and loc[1] < len(checks) and isinstance(checks[loc[1]], dict):
            value = checks[loc[1]].get("id")
            return str(value) if value is not None else f"#{loc[1] + 1}"
    return None

