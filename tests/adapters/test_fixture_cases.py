"""Data-driven adapter cases: every `X.facts.json` under tests/fixtures is the complete golden of evidence file X.

A case holds "kind" (the adapter that must own the file) and either "error" (the file must be
invalid_evidence with exactly this one-line reason) or everything the adapter read: "facts" (all of
them), "observed_at", "warnings", "details" and "part_of", each compared for equality (JSON values:
90 and 90.0 differ). Optional intent lists, kept by hand and checked even while rewriting: "absent"
(facts that must not be produced) and "warnings_contain" (substrings a warning must carry).

`UPDATE_GOLDEN=1 .venv/bin/pytest tests/adapters/test_fixture_cases.py` rewrites the cases from what
the adapters produce; review the diff against what each tool printed (the fixture folders' READMEs).
Adding a case is adding a file and its golden: no new test code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(FIXTURES.rglob("*.facts.json"))
# What a successful case pins, in the order the golden lists it.
PINNED = ("facts", "observed_at", "warnings", "details", "part_of")
INTENT = ("absent", "warnings_contain")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Readable differences between two JSON objects, one line per key (empty when identical)."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if key not in actual:
            lines.append(f"  {key}: expected {expected[key]!r}, not produced")
        elif key not in expected:
            lines.append(f"  {key}: produced {actual[key]!r}, not in the golden")
        elif _canonical(expected[key]) != _canonical(actual[key]):
            lines.append(f"  {key}: expected {expected[key]!r}, got {actual[key]!r}")
    return lines


def _observed(evidence: Path) -> dict[str, Any]:
    """What the owning adapter makes of the file, as the golden stores it."""
    adapter = sniff(evidence, evidence.open("rb").read(HEAD_BYTES))
    assert adapter is not None, f"no adapter recognised {evidence.name}"
    try:
        parsed = adapter.parse(evidence)
    except InvalidEvidence as refused:
        return {"kind": adapter.KIND, "error": str(refused)}
    dumped = parsed.model_dump(mode="json")
    dumped["facts"] = dict(sorted(dumped["facts"].items()))
    return {"kind": adapter.KIND, **{key: dumped[key] for key in PINNED}}


def _check_intent(expected: dict[str, Any], observed: dict[str, Any]) -> None:
    facts, warnings = observed.get("facts", {}), observed.get("warnings", [])
    for name in expected.get("absent", []):
        assert name not in facts, f"{name} should be absent, got {facts[name]!r}"
    for text in expected.get("warnings_contain", []):
        assert any(text in w for w in warnings), f"no warning contains {text!r}: {warnings}"


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture_case(case: Path) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    evidence = case.with_name(case.name.removesuffix(".facts.json"))
    assert evidence.is_file(), f"{case} describes a missing file {evidence.name}"
    observed = _observed(evidence)
    assert observed["kind"] == expected["kind"], f"owned by {observed['kind']}, the golden says {expected['kind']}"
    _check_intent(expected, observed)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden = {**observed, **{key: expected[key] for key in INTENT if expected.get(key)}}
        case.write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if "error" in expected or "error" in observed:
        assert observed.get("error") == expected.get("error"), (
            f"expected error {expected.get('error')!r}, got {observed.get('error')!r}")
        assert "\n" not in observed["error"]
        return
    missing = [key for key in PINNED if key not in expected]
    assert not missing, f"{case.name} does not pin {missing}; rewrite it with UPDATE_GOLDEN=1"
    for key in PINNED:
        if key in ("facts", "details"):
            diff = _differences(expected[key], observed[key])
            assert not diff, f"{key} differ from {case.name}:\n" + "\n".join(diff)
        else:
            assert _canonical(observed[key]) == _canonical(expected[key]), (
                f"{key}: expected {expected[key]!r}, got {observed[key]!r}")


def test_every_case_is_complete() -> None:
    """No golden pins only a subset: each is an error case or lists every field a parse produces."""
    partial = [str(c.relative_to(FIXTURES)) for c in CASES
               if not ({"error"} <= set(json.loads(c.read_text())) or
                       set(PINNED) <= set(json.loads(c.read_text())))]
    assert not partial, f"partial goldens (rewrite with UPDATE_GOLDEN=1): {partial}"
