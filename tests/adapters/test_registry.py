"""The adapter registry: every adapter honours the contract and claims only its own files."""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.adapters import REGISTRY, sniff
from readiness.adapters.base import HEAD_BYTES
from readiness.conditions import split_selector
from readiness.vocabulary import FAMILIES, spec_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(FIXTURES.rglob("*.facts.json"))


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_adapter_constants(kind: str) -> None:
    module = REGISTRY[kind]
    assert kind == module.KIND
    assert module.FAMILY in FAMILIES, f"{kind}: unknown family {module.FAMILY}"
    assert module.DESCRIPTION and module.FACTS
    for name in module.FACTS:
        assert spec_for(name.replace("*", "x")) is not None, f"{kind} declares {name}, not in the vocabulary"


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_produced_facts_are_declared(case: Path) -> None:
    expected = json.loads(case.read_text())
    if "error" in expected:  # a refused file produces no facts
        return
    evidence = case.with_name(case.name.removesuffix(".facts.json"))
    adapter = sniff(evidence, evidence.open("rb").read(HEAD_BYTES))
    assert adapter is not None
    for key in adapter.parse(evidence).facts:
        name = split_selector(key)[0]
        assert any(fnmatch.fnmatchcase(name, p) for p in adapter.FACTS), f"{adapter.KIND} produced undeclared {name}"


def test_importing_every_adapter_stays_light() -> None:
    # Heavy engines (duckdb, polars, pandas, lxml) must load only inside parse(), never at import.
    code = ("import sys, readiness.cli, readiness.adapters, readiness.packs;"
            "print(','.join(m for m in ('duckdb', 'polars', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
