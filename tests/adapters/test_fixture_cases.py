"""Data-driven adapter cases: every `X.facts.json` under tests/fixtures describes the evidence file X.

Expected file keys: "kind" (the adapter that must own the file), "facts" (each listed fact must equal
the parsed value; floats compared to 1e-6 relative), optional "absent" (fact names that must not be
produced), "warnings_contain" (substrings), "error_contains" (the file must be invalid_evidence with
this substring in its reason). Adding a case needs no new test code.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from readiness.adapters import sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(FIXTURES.rglob("*.facts.json"))


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(expected, int | float) or not isinstance(actual, int | float):
            return False
        return math.isclose(float(expected), float(actual), rel_tol=1e-6, abs_tol=1e-9)
    return expected == actual


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture_case(case: Path) -> None:
    expected = json.loads(case.read_text())
    evidence = case.with_name(case.name.removesuffix(".facts.json"))
    assert evidence.is_file(), f"{case} describes a missing file {evidence.name}"
    head = evidence.open("rb").read(HEAD_BYTES)
    adapter = sniff(evidence, head)
    assert adapter is not None, f"no adapter recognised {evidence.name}"
    assert expected["kind"] == adapter.KIND
    if "error_contains" in expected:
        with pytest.raises(InvalidEvidence) as caught:
            adapter.parse(evidence)
        assert expected["error_contains"] in str(caught.value)
        return
    parsed = adapter.parse(evidence)
    for name, value in expected.get("facts", {}).items():
        assert name in parsed.facts, f"{name} missing; got {sorted(parsed.facts)}"
        assert _same(value, parsed.facts[name]), f"{name}: expected {value!r}, got {parsed.facts[name]!r}"
    for name in expected.get("absent", []):
        assert name not in parsed.facts, f"{name} should be absent, got {parsed.facts[name]!r}"
    for text in expected.get("warnings_contain", []):
        assert any(text in w for w in parsed.warnings), f"no warning contains {text!r}: {parsed.warnings}"
