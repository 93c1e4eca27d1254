"""Conformance of the raw load-stream adapters (JMeter JTL, Gatling simulation.log) with the corpus oracles."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

from readiness.adapters import _loadraw, gatling_log, jmeter_jtl, sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed
from readiness.percentiles import nearest_rank, quantile, weibull
from tests.conftest import MANIFEST

FORMATS = ("jmeter-jtl", "gatling-simulation-log")

# (corpus path, oracle field) -> why readiness disagrees. Mirrored in tests/conformance/KNOWN.md.
KNOWN: dict[tuple[str, str], str] = {
    ("invalid/empty/emptyfile.jtl", "recognised"):
        "an empty file carries no format: no adapter claims it, readiness reports it as unrecognised",
    ("loadtest/jmeter/jmeter-batch-TEST_HTTP_Java.csv", "recognised"):
        "headerless CSV with a reduced column set and no timeStamp/elapsed: not recognisable as a JTL",
    ("invalid/jmeter-csv-without-header.jtl", "parse_error"):
        "readiness reads headerless CSV JTLs by JMeter's default first columns instead of refusing them",
    ("loadtest/jmeter/jmeter-HTMLReportFalseTestFile.csv", "jmeter_report_generation"):
        "readiness reads columns by header name, so a non-default column set parses",
    ("loadtest/jmeter/jmeter-HTMLReportTestFile.csv", "percentiles"):
        "JMeter's dashboard uses Commons Math Percentile (Hyndman-Fan type 6); readiness uses type 7",
    ("loadtest/jmeter/perfplugin-JMeterResultsTenSamples.jtl", "percentiles"):
        "performance-plugin takes the floor(n*p)-th value; readiness interpolates (type 7)",
    ("loadtest/jmeter/perfplugin-JMeterResultsThreeSamples.jtl", "percentiles"):
        "performance-plugin takes the floor(n*p)-th value; readiness interpolates (type 7)",
    ("loadtest/gatling/known_stats-simulation.log", "percentiles"):
        "Gatling reports nearest-rank percentiles; readiness interpolates (type 7)",
}
# Oracle fields that are not load facts (bytes, other tools' options or internals): not compared.
IGNORED = {"total_traffic_kb", "tolerance", "first_uri_first_duration_ms", "first_uri_start_epoch_ms",
           "second_uri_first_duration_ms", "is_xml", "note", "labels_by_code",
           "stddev_ms_approx", "stddev_rel_tolerance", "response_time_ranges_0_100000", "min_ms", "p0_ms",
           "p100_ms", "p70_ms", "_semantics"}


def _entries() -> list[dict[str, Any]]:
    return [e for e in MANIFEST if e["format"].startswith(FORMATS)]


def _floor_rank(values: list[float], q: float) -> float:
    return values[max(1, math.floor(q * len(values))) - 1]


def _elapsed_csv(path: Path, label: str | None) -> list[float]:
    with path.open(newline="") as fh:
        return sorted(float(r["elapsed"]) for r in csv.DictReader(fh) if label in (None, r["label"]))


def _dashboard(path: Path, parsed: Parsed, stats: dict[str, dict[str, Any]]) -> None:
    """JMeter's statistics.json: counts and means must match; percentiles are type 6 of the same data."""
    for name, row in stats.items():
        key = (lambda f: f) if name == "Total" else (lambda f, n=name: f'{f}{{label="{n}"}}')
        assert parsed.facts[key("load.requests")] == row["sampleCount"]
        assert parsed.facts[key("load.failures")] == row["errorCount"]
        assert parsed.facts[key("load.max_ms")] == row["maxResTime"]
        assert parsed.facts[key("load.mean_ms")] == pytest.approx(row["meanResTime"], abs=5e-4)
        values = _elapsed_csv(path, None if name == "Total" else name)
        for field, q in (("medianResTime", 0.5), ("pct1ResTime", 0.9), ("pct2ResTime", 0.95),
                         ("pct3ResTime", 0.99)):
            assert weibull(values, q) == pytest.approx(row[field]), "the KNOWN reason must hold"
            fact = key(f"load.p{round(q * 100)}_ms")
            assert parsed.facts[fact] == pytest.approx(quantile(values, q), abs=5e-4)
    rps = stats["Total"]["throughput"]
    assert parsed.facts["load.rps"] == pytest.approx(rps, rel=1e-3)


def _plugin_percentiles(path: Path, parsed: Parsed, expected: dict[str, Any]) -> None:
    root = ElementTree.parse(path).getroot()
    values = sorted(float(s.get("t")) for s in root)
    for field in ("p90_ms", "p95_ms"):
        q = int(field[1:3]) / 100
        assert _floor_rank(values, q) == expected[field], "the KNOWN reason must hold"
        assert parsed.facts[f"load.{field}"] == pytest.approx(quantile(values, q), abs=5e-4)


def _gatling(path: Path, expected: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    class Recording(_loadraw.Samples):
        def add(self, label: str, elapsed_ms: float, ok: bool | None, start_ms: float | None) -> None:
            seen.append(elapsed_ms)
            super().add(label, elapsed_ms, ok, start_ms)

    monkeypatch.setattr(_loadraw, "Samples", Recording)
    parsed = gatling_log.parse(path)
    values = sorted(seen)
    assert parsed.facts["load.requests"] == expected["requests_ok"] + expected["requests_ko"]
    assert parsed.facts["load.failures"] == expected["requests_ko"]
    assert parsed.facts["load.max_ms"] == expected["max_ms"] and values[0] == expected["min_ms"]
    for field in ("p70_ms", "p99_ms"):
        q = int(field[1:3]) / 100
        assert nearest_rank(values, q) == expected[field], "the KNOWN reason must hold"
    assert parsed.facts["load.p99_ms"] == pytest.approx(quantile(values, 0.99), abs=5e-4)


CHECKS: dict[str, Callable[[Parsed, Any], bool]] = {
    "samples": lambda p, v: p.facts["load.requests"] == v,
    "uri_reports": lambda p, v: p.details["label_count"] == v,
    "max_ms": lambda p, v: p.facts["load.max_ms"] == v,
}


def _label_regex(parsed: Parsed, expected: dict[str, Any]) -> None:
    """performance-plugin's with_label_regex option merges labels by the regex's first group."""
    pattern = re.compile(expected["with_label_regex"])
    merged: Counter[str] = Counter()
    for row in parsed.details["labels"]:
        match = pattern.match(row["label"])
        if match:
            merged[match.group(1)] += row["requests"]
    assert dict(merged) == expected["samples_by_label"]
    assert len(merged) == expected["uri_reports"]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["path"])
def test_corpus_entry(corpus: Path, entry: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus / entry["path"]
    known = {field for (where, field) in KNOWN if where == entry["path"]}
    expected = {k: v for k, v in (entry["expected"] or {}).items() if k not in IGNORED}
    adapter = sniff(path, path.read_bytes()[:HEAD_BYTES])
    if adapter is None:
        assert "recognised" in known, "not recognised, and no KNOWN entry says why"
        return
    assert adapter.KIND in ("jmeter_jtl", "gatling_log")
    if adapter is gatling_log:
        assert "percentiles" in known
        _gatling(path, entry["expected"], monkeypatch)
        return
    try:
        parsed = adapter.parse(path)
    except InvalidEvidence as exc:
        pytest.fail(f"valid-looking JTL refused: {exc}")
    assert parsed.facts["load.tool"] == "jmeter" and parsed.facts["load.requests"] > 0
    if "with_label_regex" in (entry["expected"] or {}):
        _label_regex(parsed, entry["expected"])
        return
    for field, value in expected.items():
        if field == "dashboard_statistics_json":
            assert "percentiles" in known
            _dashboard(path, parsed, value)
        elif field in ("p90_ms", "p95_ms") and "percentiles" in known:
            _plugin_percentiles(path, parsed, expected)
        elif field == "detected_as_xml":
            # performance-plugin's own sniff said XML (or not); readiness must take the same branch.
            assert jmeter_jtl._is_xml(path.read_bytes()[:HEAD_BYTES]) is value
        elif field in CHECKS:
            assert CHECKS[field](parsed, value), f"{field}: oracle {value!r} disagrees"
        else:
            assert field in known, f"{field}: no check and no KNOWN entry"


def test_known_entries_name_corpus_files(corpus: Path) -> None:
    paths = {e["path"] for e in _entries()}
    assert {where for where, _ in KNOWN} <= paths
