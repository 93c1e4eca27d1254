"""Literal registries of module names: a mapping that imports each module the first time it is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any


class Modules(Mapping[str, Any]):
    """A literal table {name: module in `package`} read as {name: module}, each imported on first use,
    so a command imports only the adapters and reporters it needs (the table stays plain data)."""

    def __init__(self, package: str, table: Mapping[str, str]) -> None:
        self._package, self._table = package, table

    def __getitem__(self, name: str) -> Any:
        return importlib.import_module(f"{self._package}.{self._table[name]}")

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)
