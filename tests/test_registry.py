"""Literal module tables read as mappings: a module is imported only when it is asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

from readiness import adapters, reporters
from readiness.registry import Modules


def test_listing_and_membership_import_nothing() -> None:
    code = ("import sys; from readiness.adapters import REGISTRY; "
            "kinds = list(REGISTRY); assert 'junit' in REGISTRY and 'nope' not in REGISTRY and len(REGISTRY) > 30; "
            "print(sorted(m for m in sys.modules if m.startswith('readiness.adapters.') "
            "and m != 'readiness.adapters.base'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_asking_imports_that_module() -> None:
    from readiness.adapters import junit
    from readiness.reporters import html

    assert adapters.REGISTRY["junit"] is junit
    assert reporters.REGISTRY["html"] is html
    assert adapters.REGISTRY.get("nope") is None
    with pytest.raises(KeyError):
        Modules("readiness.adapters", {"x": "junit"})["junit"]


def test_order_is_the_table_order() -> None:
    # Sniffing asks adapters in table order: the first that accepts a file owns it.
    assert list(adapters.REGISTRY) == list(adapters.MODULES)
    assert list(reporters.REGISTRY) == list(reporters.MODULES)
