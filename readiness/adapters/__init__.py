"""The adapter registry: a literal table from evidence kind to the module that reads it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from readiness.adapters import junit

# Order matters: the first adapter whose sniff() accepts a file owns it. Put specific formats
# before general ones (e.g. a SARIF sniff before a generic JSON one).
REGISTRY: dict[str, ModuleType] = {
    junit.KIND: junit,
}


def families() -> set[str]:
    """Every kind family some adapter produces."""
    return {module.FAMILY for module in REGISTRY.values()}


def sniff(path: Path, head: bytes) -> ModuleType | None:
    """The adapter that owns this file, or None when no adapter recognises it."""
    for module in REGISTRY.values():
        if module.sniff(path, head):
            return module
    return None
