"""Conformance of the coverage adapters with the shared corpus: every coverage/ file, oracles mapped to facts.

Oracles: jenkinsci/coverage-model LINE/BRANCH covered/total (`metrics`), coverage.py's Cobertura gold
header attributes, coverage.py's JSON `totals`. A disagreement must be listed in KNOWN (mirrored in
tests/conformance/KNOWN.md, section "coverage"); an entry that no longer disagrees fails too.
"""

from __future__ import annotations

import socket
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from readiness.adapters import cobertura, coveragepy_json, jacoco, lcov, sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from tests.conftest import MANIFEST

ADAPTERS: dict[str, ModuleType] = {
    "cobertura-xml": cobertura, "jacoco-xml": jacoco, "lcov": lcov, "coveragepy-json": coveragepy_json,
}
# Formats readiness has no adapter for (yet): no coverage adapter may claim them.
UNSUPPORTED = {"go-coverprofile", "opencover-xml"}

# path -> (oracle keys that disagree, reason). Mirrored in KNOWN.md.
KNOWN: dict[str, tuple[set[str], str]] = {
    "coverage/cobertura/coverage-model-cobertura.xml": (
        {"lines_covered"}, "63 class-level <line>s have hits > 0 (20+17+7+12+7, header lines-covered=63 agrees);"
                           " coverage-model reports 62 after merging the two classes that share one file"),
    "coverage/lcov/coverage-model-report.lcov": (
        {"lines_covered"}, "line 20 of src/main.ts has DA hits 0 but a taken BRDA branch: coverage-model"
                           " counts it covered, readiness follows the DA hit count (3 of 6)"),
}
# Files whose recorded format is not what their content is (the adapter correctly refuses them).
MISLABELED = {
    "coverage/jacoco/coverage-model-empty.xml": "root element is <other>, not a JaCoCo <report>",
}

COVERAGE = [e for e in MANIFEST if e["path"].startswith("coverage/")]
INVALID = [e for e in MANIFEST if e["path"].startswith("invalid/")]


def _actual(parsed: Parsed) -> dict[str, Any]:
    facts = parsed.facts
    return {key: facts.get(f"coverage.{key}") for key in
            ("lines_total", "lines_covered", "branches_total", "branches_covered")}


def _oracle(expected: dict[str, Any]) -> dict[str, Any]:
    """The oracle translated to coverage fact names (only what it states)."""
    mapped: dict[str, Any] = {}
    metrics = expected.get("metrics", {})
    for metric, prefix in (("LINE", "lines"), ("BRANCH", "branches")):
        if isinstance(metrics.get(metric), dict):
            mapped[f"{prefix}_total"] = metrics[metric]["total"]
            mapped[f"{prefix}_covered"] = metrics[metric]["covered"]
    for attribute, key in (("lines-valid", "lines_total"), ("lines-covered", "lines_covered"),
                           ("branches-valid", "branches_total"), ("branches-covered", "branches_covered")):
        if attribute in expected:
            mapped[key] = int(expected[attribute])
    totals = expected.get("totals", {})
    for name, key in (("num_statements", "lines_total"), ("covered_lines", "lines_covered"),
                      ("num_branches", "branches_total"), ("covered_branches", "branches_covered")):
        if name in totals:
            mapped[key] = totals[name]
    # "No branch data" is an ABSENT fact in readiness, where the oracle writes 0.
    if mapped.get("branches_total") == 0:
        mapped.update({key: None for key in ("branches_total", "branches_covered") if key in mapped})
    return mapped


@pytest.mark.parametrize("entry", COVERAGE, ids=[e["path"] for e in COVERAGE])
def test_coverage_file_matches_oracle(corpus: Path, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    head = path.read_bytes()[:HEAD_BYTES]
    owner = sniff(path, head)
    if entry["format"] in UNSUPPORTED:
        assert owner is None or owner.FAMILY != "coverage", f"{owner} claims an unsupported format"
        return
    adapter = ADAPTERS[entry["format"]]
    if entry["path"] in MISLABELED:
        assert owner is not adapter
        with pytest.raises(InvalidEvidence):
            adapter.parse(path)
        return
    assert owner is adapter, f"{entry['path']} sniffed as {owner and owner.KIND}, expected {adapter.KIND}"
    parsed = adapter.parse(path)
    if not entry["expected"]:
        return
    actual = _actual(parsed)
    wrong = {key: (value, actual[key]) for key, value in _oracle(entry["expected"]).items() if actual[key] != value}
    known_keys, reason = KNOWN.get(entry["path"], (set(), ""))
    assert set(wrong) == known_keys, (
        f"{entry['path']}: disagreements {wrong} (KNOWN lists {sorted(known_keys)}: {reason or 'nothing'})")


@pytest.mark.parametrize("entry", INVALID, ids=[e["path"] for e in INVALID])
@pytest.mark.parametrize("adapter", [cobertura, jacoco, lcov, coveragepy_json], ids=lambda m: m.KIND)
def test_invalid_files_never_crash_a_coverage_adapter(
    corpus: Path, entry: dict[str, Any], adapter: ModuleType, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forced onto any invalid corpus file, a coverage adapter refuses it with a one-line reason."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(InvalidEvidence) as caught:
        adapter.parse(corpus / entry["path"])
    assert str(caught.value) and "\n" not in str(caught.value)
    assert "root:x:" not in str(caught.value)


def test_known_entries_exist() -> None:
    paths = {e["path"] for e in COVERAGE}
    assert (set(KNOWN) | set(MISLABELED)) <= paths
