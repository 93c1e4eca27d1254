"""Conformance of the load SUMMARY adapters (k6, Locust, Artillery, Vegeta, wrk, JMeter summaries) with the corpus.

Raw streams (JMeter JTL, Gatling simulation.log) are covered by test_loadraw_corpus.py. Every
corpus file of a summary format must be claimed by the right adapter and parse without a traceback;
each MANIFEST oracle is mapped to facts in `_checks`; values read by hand from oracle-less files are
in BY_HAND. A disagreement must be in KNOWN (mirrored in KNOWN.md, "## load (summaries)"); a KNOWN
entry that starts agreeing fails too, so the list stays exact.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import sniff
from readiness.adapters.base import HEAD_BYTES, Parsed, labeled
from tests.conftest import MANIFEST

# corpus format -> the adapter KIND that must own it.
FORMATS = {
    "artillery-json-report-v1": "artillery", "artillery-worker-event-log": "artillery",
    "jmeter-dashboard-statistics-json": "jmeter_stats", "jmeter-summariser-log": "jmeter_stats",
    "k6-handlesummary-json": "k6_summary", "locust-stats-csv": "locust", "vegeta-json-report": "vegeta",
    "wrk-text": "wrk",
}
_PLUGIN_ROWS = ("performance-plugin treats each Locust CSV row as ONE aggregated sample (samples=1,"
                " summarizer_* over 4 rows); readiness reads the Aggregated row's request counts")
# (corpus path, oracle key) -> why readiness disagrees. Mirrored in tests/conformance/KNOWN.md.
KNOWN: dict[tuple[str, str], str] = {
    ("loadtest/jmeter/perfplugin-summariser-summary.log", "error_pct"):
        "the last line was hand-edited ('# added made up numbers'): Err 123 of 1257 is 9.79 %, the line"
        " prints 4.56 %; readiness derives error_rate from the counts",
    ("loadtest/locust/perfplugin-test_results_stats.csv", "big.samples"): _PLUGIN_ROWS,
}
# Oracle keys that are not load facts: not compared.
IGNORED = {"_semantics", "note", "total_traffic_kb", "tolerance", "min_ms", "summarizer_min_ms"}
# Values read by hand from files whose MANIFEST entry has no oracle (or facts the oracle omits).
BY_HAND: dict[str, dict[str, Any]] = {
    "loadtest/k6/k6-handlesummary-simple.json": {
        "load.requests": 878, "load.failures": 349, "load.p95_ms": 30.0256841, "load.p99_ms": 39.577136380000084,
        "load.duration_s": 24.425289882, "load.concurrency": 20},
    "loadtest/k6/k6-handlesummary-grpc.json": {
        "load.requests": 9615, "load.p95_ms": 2.5228431999999996, "load.duration_s": 3.393269634},
    "loadtest/artillery/artillery-v1-report.json": {"load.requests": 1, "load.failures": 1, "load.rps": 0.68},
    "loadtest/artillery/artillery-v2-worker-events.json": {"load.requests": 40, "load.failures": 0},
    "loadtest/vegeta/vegeta-report-readme-example.json": {
        "load.requests": 100, "load.failures": 0, "load.p99_ms": 3.53, "load.max_ms": 3.660505,
        "load.duration_s": 0.989999944},
    "loadtest/wrk/perfplugin-WrkResultsWithErrors.wrk": {"load.requests": 12, "load.failures": 12},
    "loadtest/wrk/perfplugin-WrkResultsWithLatencyFlag.wrk": {"load.p50_ms": 40.25, "load.p99_ms": 46.51},
    "loadtest/wrk/perfplugin-WrkResultsLong.wrk": {"load.mean_ms": 78270.0, "load.duration_s": 4999.8},
}
# Facts a format cannot support: they must stay absent (evidence or zero).
ABSENT = {
    "loadtest/k6/k6-handlesummary-grpc.json": ["load.failures", "load.error_rate", "load.p99_ms"],
    "loadtest/artillery/artillery-v1-report.json": ["load.p50_ms", "load.p95_ms", "load.max_ms"],
    "loadtest/wrk/perfplugin-WrkResultsQuick.wrk": ["load.p50_ms", "load.p95_ms"],
}


def _entries() -> list[dict[str, Any]]:
    return [e for e in MANIFEST if e["format"] in FORMATS]


def _labels(parsed: Parsed) -> set[str]:
    return {name.split('label="', 1)[1][:-2] for name in parsed.facts if name.startswith("load.requests{")}


def _label(name: str, label: str) -> str:
    return labeled(name, "label", label)


def _checks(expected: dict[str, Any], parsed: Parsed) -> dict[str, tuple[Any, Any, bool]]:
    """Oracle key -> (expected, ours, agree). Plugin values are integers truncated from ours."""
    facts = parsed.facts
    out: dict[str, tuple[Any, Any, bool]] = {}

    def same(key: str, want: Any, got: Any, *, floor: bool = False) -> None:
        ok = isinstance(got, int | float) and (
            math.floor(got) == want if floor else math.isclose(float(got), float(want), rel_tol=1e-9))
        out[key] = (want, got, ok)

    for key, want in expected.items():
        if key in IGNORED:
            continue
        if key == "samples":
            same(key, want, facts.get("load.requests"))
        elif key in {"avg_ms", "summarizer_avg_ms"}:
            same(key, want, facts.get("load.mean_ms"), floor=True)
        elif key in {"max_ms", "summarizer_max_ms"}:
            same(key, want, facts.get("load.max_ms"), floor=True)
        elif key == "error_pct":
            rate = facts.get("load.error_rate")
            got = round(float(rate) * 100, 2) if isinstance(rate, int | float) else None
            out[key] = (want, got, got == float(want))
        elif key in {"uri_reports", "summarizer_size"}:
            out[key] = (want, len(_labels(parsed)), len(_labels(parsed)) == want)
        elif key in {"names", "transactions"}:
            labels = sorted(_labels(parsed) | ({"Total"} if key == "transactions" else set()))
            names = sorted(n.split(" ", 1)[-1] for n in labels) if key == "names" else labels
            out[key] = (sorted(want), names, names == sorted(want))
        elif key == "Total":
            same("Total.sampleCount", want["sampleCount"], facts.get("load.requests"))
            same("Total.errorCount", want["errorCount"], facts.get("load.failures"))
        elif key == "big":
            same("big.average_ms", want["average_ms"], facts.get(_label("load.mean_ms", "POST big")), floor=True)
            same("big.samples", want["samples"], facts.get(_label("load.requests", "POST big")))
        elif key == "average_ms_gte":
            out[key] = (want, facts.get("load.mean_ms"), float(facts.get("load.mean_ms", -1)) >= want)  # type: ignore[arg-type]
        elif key == "average_ms_lt":
            out[key] = (want, facts.get("load.mean_ms"), 0 <= float(facts.get("load.mean_ms", -1)) < want)  # type: ignore[arg-type]
        elif key == "parses":
            out[key] = (want, True, want is True)
        else:
            out[key] = (want, "(no mapping)", False)
    return out


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["path"])
def test_corpus_file(corpus: Any, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    adapter = sniff(path, path.open("rb").read(HEAD_BYTES))
    assert adapter is not None and FORMATS[entry["format"]] == adapter.KIND, f"claimed by {adapter}"
    parsed = adapter.parse(path)  # any exception, InvalidEvidence included, fails: these files are valid
    assert parsed.facts.get("load.tool"), "every load summary names its tool"
    for name, want in BY_HAND.get(entry["path"], {}).items():
        got = parsed.facts.get(name)
        assert isinstance(got, int | float) and math.isclose(float(got), float(want), rel_tol=1e-9), (
            f"{name}: read {want!r} by hand, parsed {got!r}")
    for name in ABSENT.get(entry["path"], []):
        assert name not in parsed.facts, f"{name} is not in the file but was produced: {parsed.facts[name]!r}"
    for key, (want, got, agree) in _checks(entry.get("expected") or {}, parsed).items():
        known = KNOWN.get((entry["path"], key))
        if agree:
            assert known is None, f"{key} now agrees ({got!r}): remove the KNOWN entry"
        else:
            assert known is not None, f"{key}: oracle {want!r}, readiness {got!r}, not explained in KNOWN"


def test_known_entries_name_corpus_files() -> None:
    paths = {e["path"] for e in _entries()}
    stale = [key for key in KNOWN if key[0] not in paths] + [p for p in BY_HAND if p not in paths]
    assert not stale, f"entries for files no longer in the corpus: {stale}"


def test_every_summary_format_file_is_covered() -> None:
    assert {e["format"] for e in _entries()} == set(FORMATS)


def test_known_is_mirrored_in_known_md() -> None:
    text = (Path(__file__).parent / "KNOWN.md").read_text()
    section = text.split("## load (summaries)", 1)[1].split("\n## ", 1)[0]
    missing = [path for path, _ in KNOWN if path not in section]
    assert not missing, f"KNOWN entries not explained in KNOWN.md '## load (summaries)': {missing}"
