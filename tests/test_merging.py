"""Merging facts across files and narrowing them to selected series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from readiness.merging import Source, select
from readiness.merging import merge as merge_sources


def merge(fact_sets: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """Merge files whose format can produce every fact any of them has."""
    every = tuple(sorted({k.split("{")[0] for facts in fact_sets for k in facts}))
    return merge_sources([Source(facts, every) for facts in fact_sets])  # type: ignore[arg-type]


def test_counts_add_and_rates_are_recomputed() -> None:
    a = {"tests.total": 10, "tests.passed": 9, "tests.skipped": 0, "tests.pass_rate": 0.9}
    b = {"tests.total": 30, "tests.passed": 30, "tests.skipped": 10, "tests.pass_rate": 1.0}
    merged = merge([a, b])
    assert merged["tests.total"] == 40
    assert merged["tests.passed"] == 39
    assert merged["tests.pass_rate"] == round(39 / 30, 6)  # passed / (total - skipped), from the sums


def test_unsummable_facts_come_from_the_newest_file() -> None:
    old = {"load.p95_ms": 100.0, "load.requests": 10, "load.failures": 0, "load.error_rate": 0.0}
    new = {"load.p95_ms": 900.0, "load.requests": 30, "load.failures": 3, "load.error_rate": 0.1}
    merged = merge([old, new])
    assert merged["load.p95_ms"] == 900.0
    assert merged["load.error_rate"] == round(3 / 40, 6)


def test_a_rate_the_newest_file_cannot_state_is_recomputed_from_the_merged_counts() -> None:
    """Found by tests/test_condition_properties.py: a newest run of 0 requests has no error rate of its own,
    but the runs together do; the rate used to vanish and the check read it as missing."""
    merged = merge([{"load.requests": 1, "load.failures": 0, "load.error_rate": 0.0},
                    {"load.requests": 0, "load.failures": 0}])
    assert merged["load.error_rate"] == 0.0
    assert "load.error_rate" not in merge([{"load.requests": 0, "load.failures": 0, "load.error_rate": 0.0},
                                           {"load.requests": 0, "load.failures": 0}])


def test_newest_file_without_the_fact_leaves_it_absent() -> None:
    merged = merge([{"load.p99_ms": 5.0}, {"load.p95_ms": 3.0}])
    assert "load.p99_ms" not in merged


def test_a_count_missing_from_one_file_is_not_summed_from_the_others() -> None:
    merged = merge([{"coverage.branches_total": 10, "coverage.lines_total": 5}, {"coverage.lines_total": 5}])
    assert "coverage.branches_total" not in merged
    assert merged["coverage.lines_total"] == 10


def test_a_series_present_in_one_file_only_is_kept() -> None:
    merged = merge([{"tests.total": 1, 'tests.total{suite="unit"}': 1},
                    {"tests.total": 2, 'tests.total{suite="integration"}': 2}])
    assert merged['tests.total{suite="unit"}'] == 1
    assert merged['tests.total{suite="integration"}'] == 2


def test_lists_are_unioned_and_extremes_kept() -> None:
    merged = merge([{"alerts.names": ["B", "A"], "load.max_ms": 5}, {"alerts.names": ["A", "C"], "load.max_ms": 9}])
    assert merged["alerts.names"] == ["A", "B", "C"]
    assert merged["load.max_ms"] == 9


def test_select_one_series_takes_it_and_adds_its_rate() -> None:
    facts = {"tests.total": 10, 'tests.total{suite="it.api"}': 4, 'tests.passed{suite="it.api"}': 3,
             'tests.skipped{suite="it.api"}': 0, 'tests.total{suite="unit"}': 6}
    narrowed, matched = select(facts, {"suite": "it.*"})
    assert matched == ["it.api"]
    assert narrowed["tests.total"] == 4
    assert narrowed["tests.pass_rate"] == 0.75


def test_select_several_series_sums_counts_and_drops_percentiles() -> None:
    facts = {'load.requests{label="GET /a"}': 100, 'load.failures{label="GET /a"}': 1,
             'load.p95_ms{label="GET /a"}': 10.0, 'load.requests{label="GET /b"}': 300,
             'load.failures{label="GET /b"}': 3, 'load.p95_ms{label="GET /b"}': 20.0,
             'load.requests{label="POST /c"}': 1}
    narrowed, matched = select(facts, {"label": "GET *"})
    assert matched == ["GET /a", "GET /b"]
    assert narrowed["load.requests"] == 400
    assert narrowed["load.error_rate"] == 0.01
    assert "load.p95_ms" not in narrowed


def test_select_nothing_matches() -> None:
    assert select({'tests.total{suite="unit"}': 1}, {"suite": "e2e*"}) == ({}, [])


def test_a_file_whose_format_cannot_produce_a_fact_takes_no_part() -> None:
    rules = Source({"alerts.rules": 3, "alerts.names": ["A"]}, ("alerts.*",))
    config = Source({"alertmanager.receivers": 2}, ("alertmanager.*",))
    merged = merge_sources([rules, config])
    assert merged["alerts.rules"] == 3
    assert merged["alertmanager.receivers"] == 2


def test_newest_comes_from_the_newest_file_that_can_have_it() -> None:
    spec = Source({"api.valid": True}, ("api.*",))
    readme = Source({"docs.readme.present": True}, ("docs.readme.present",))
    merged = merge_sources([spec, readme])
    assert merged["api.valid"] is True
    assert merged["docs.readme.present"] is True


def test_a_check_merges_only_the_facts_it_reads_and_they_equal_a_whole_merge() -> None:
    """Every built-in check against the demo evidence and every fixture folder: the facts merged for what
    the check reads are exactly the whole merge's values for those keys (merging is per key), the series
    of a selected label only where their value matches the select glob."""
    from datetime import UTC, datetime
    from pathlib import Path

    from readiness.conditions import split_selector, value_matches
    from readiness.evidence import discover
    from readiness.findings import Formats, _choose, reads
    from readiness.packs import load_packs

    repo = Path(__file__).resolve().parent.parent
    packset = load_packs(["service"])
    now = datetime(2026, 11, 28, tzinfo=UTC)
    compared = selected_series = 0
    for folder in [repo / "evidence", *sorted((repo / "tests" / "fixtures").iterdir())]:
        if not folder.is_dir():
            continue
        files = [f for f in discover(folder, str(folder), now) if f.status == "parsed"]
        formats = Formats(files)
        for check in packset.checks:
            chosen, _ = _choose(check, files, packset.derive, str(folder), formats)
            if not chosen:
                continue
            wanted = reads(check, packset.derive)
            narrowed = formats.merged(chosen, wanted)
            whole = merge_sources([Source(formats.usable(f)[0], formats_declared(f)) for f in chosen])
            kept = {}
            for k, v in whole.items():
                name, label, value = split_selector(k)
                selected = (check.select or {}).get(label or "")
                if name in wanted.names and (label is None or (
                        label in wanted.labels and (selected is None or value_matches(label, value or "", selected)))):
                    kept[k] = v
            assert narrowed == kept, (folder.name, check.id)
            compared += 1
            selected_series += bool(check.select) and any("{" in k for k in narrowed)
    assert compared > 40  # the demo alone judges most built-in checks from files
    assert selected_series >= 2  # and integration and e2e tests are selected by path in it


def formats_declared(file: object) -> tuple[str, ...]:
    from readiness.findings import _adapter_facts

    return _adapter_facts(file)  # type: ignore[arg-type]


def test_reads_follow_derived_facts_to_their_inputs_and_rates_to_their_counts() -> None:
    from readiness.conditions import parse_expression
    from readiness.findings import reads
    from readiness.packs import Check

    check = Check.model_validate({
        "id": "x", "category": "testing", "points": 1, "claim": "c", "evidence": "tests",
        "select": {"path": "*e2e*"},
        "when": ["tests.pass_rate >= 1", 'coverage.line_pct{package="core"} >= 80', "ratio >= 0.5"]})
    derive = {"ratio": parse_expression("double / 2"), "double": parse_expression("load.requests * 2")}
    got = reads(check, derive)
    assert got.labels == {"path", "package"}
    assert {"tests.pass_rate", "tests.passed", "tests.total", "tests.skipped", "coverage.line_pct",
            "coverage.lines_covered", "coverage.lines_total", "ratio", "double", "load.requests"} == got.names


def test_every_rate_names_the_counts_it_is_recomputed_from() -> None:
    from readiness.vocabulary import _RATES, with_inputs

    for spec in _RATES:
        inputs = with_inputs([spec.name]) - {spec.name}
        assert len(inputs) >= 2, spec.name
        facts = {name: 10 * (i + 1) for i, name in enumerate(sorted(inputs))}  # given only its inputs
        assert spec.recompute is not None and spec.recompute(facts) is not None, spec.name
