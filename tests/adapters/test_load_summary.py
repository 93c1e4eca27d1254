"""Tests for readiness.adapters._load_summary and the summary sniffs' specificity across all fixtures."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import (
    _load_summary,
    ab,
    artillery,
    autocannon,
    gatling_stats,
    jmeter_stats,
    k6_summary,
    locust,
    vegeta,
    wrk,
)
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from readiness.vocabulary import spec_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SUMMARY_ADAPTERS = (ab, artillery, autocannon, gatling_stats, jmeter_stats, k6_summary, locust, vegeta, wrk)


@pytest.mark.parametrize("module", SUMMARY_ADAPTERS, ids=lambda m: m.KIND)
def test_facts_are_in_the_vocabulary_and_the_load_family(module: object) -> None:
    assert module.FAMILY == "load"  # type: ignore[attr-defined]
    for name in module.FACTS:  # type: ignore[attr-defined]
        assert spec_for(name) is not None, name


def test_summary_sniffs_do_not_steal_other_fixtures() -> None:
    mine = {m.KIND for m in SUMMARY_ADAPTERS}
    stolen = []
    for case in FIXTURES.rglob("*.facts.json"):
        kind = json.loads(case.read_text()).get("kind")
        evidence = case.with_name(case.name.removesuffix(".facts.json"))
        if kind in mine or not evidence.is_file():
            continue
        head = evidence.open("rb").read(HEAD_BYTES)
        claims = [m.KIND for m in SUMMARY_ADAPTERS if m.sniff(evidence, head)]
        stolen += [f"{kind} claims {evidence.relative_to(FIXTURES)}" for kind in claims]
    assert not stolen


def test_weak_evidence_warnings_and_their_thresholds() -> None:
    assert _load_summary.weak_evidence({"load.duration_s": 59.9, "load.requests": 99}) == [
        "run shorter than 60 s (59.9 s): weak evidence", "fewer than 100 requests (99): weak evidence"]
    assert _load_summary.weak_evidence({"load.duration_s": 60.0, "load.requests": 100}) == []
    assert _load_summary.weak_evidence({}) == []  # unknown length or size is not a warning by itself


def test_error_rate_needs_both_counts_and_requests() -> None:
    facts: dict = {"load.requests": 0, "load.failures": 0}
    _load_summary.add_error_rate(facts)
    assert "load.error_rate" not in facts
    facts = {"load.requests": 3, "load.failures": 1}
    _load_summary.add_error_rate(facts)
    assert facts["load.error_rate"] == pytest.approx(1 / 3, abs=1e-6)


def test_number_rejects_sentinels_and_junk() -> None:
    assert _load_summary.number("12.5") == 12.5
    junk: object
    for junk in ("-", "N/A", None, True, float("nan"), float("inf"), {}):
        assert _load_summary.number(junk) is None


def test_label_cap_keeps_facts_bounded() -> None:
    facts: dict = {}
    warnings = _load_summary.add_labels(facts, [(f"e{i}", {"load.p95_ms": i}) for i in range(60)])
    assert len(facts) == 50 and warnings == ["only the first 50 of 60 labels kept as labeled facts"]


def test_malformed_json_is_one_line_invalid_evidence(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"metrics": {')
    with pytest.raises(InvalidEvidence, match=r"malformed k6 summary JSON: .* line 1 column 14"):
        _load_summary.load_json(path, "k6 summary")


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):
            found += _paths(value, (*prefix, index))
    return found


def _replace(document: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    copy: Any = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "load").glob("*.json")
                                        if not p.name.endswith(".facts.json") and not p.name.startswith("invalid")))
def test_wrong_json_types_anywhere_are_invalid_evidence_not_tracebacks(tmp_path: Path, name: str) -> None:
    source = FIXTURES / "load" / name
    document = json.loads(source.read_text())
    module = next(m for m in SUMMARY_ADAPTERS if m.sniff(source, source.open("rb").read(HEAD_BYTES)))
    target = tmp_path / name
    for path in _paths(document):
        for value in ("x", [1], None, -1):
            target.write_text(json.dumps(_replace(document, path, value)))
            with contextlib.suppress(InvalidEvidence):  # any other exception fails the test
                module.parse(target)


def test_number_treats_integers_beyond_a_float_as_no_number() -> None:
    assert _load_summary.number(10 ** 400) is None
    assert _load_summary.number(10 ** 300) == 1e300


@pytest.mark.parametrize("digits", [400, 5000])
def test_load_json_with_huge_integers_is_invalid_or_absent(tmp_path: Path, digits: int) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"count": 1' + "0" * digits + "}")
    if digits < 4300:  # Python reads it; number() then refuses it
        assert _load_summary.number(_load_summary.load_json(path, "k6 summary")["count"]) is None
    else:
        with pytest.raises(InvalidEvidence, match="malformed k6 summary JSON: Exceeds the limit"):
            _load_summary.load_json(path, "k6 summary")


def test_load_json_nested_too_deeply_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InvalidEvidence, match="nested too deeply"):
        _load_summary.load_json(path, "k6 summary")


def test_more_failures_than_requests_warns_and_keeps_the_facts() -> None:
    parsed = _load_summary.finish({"load.requests": 200, "load.failures": 250, "load.duration_s": 60.0})
    assert parsed.facts["load.error_rate"] == 1.25
    assert parsed.warnings == ["more failures than requests (250 > 200): the file is inconsistent"]
    huge = _load_summary.weak_evidence({"load.requests": 200, "load.failures": 10 ** 400})
    assert huge == [f"more failures than requests ({10 ** 400} > 200): the file is inconsistent"]


def test_error_rate_of_counts_beyond_a_float_is_absent() -> None:
    facts: dict = {"load.requests": 10 ** 400, "load.failures": 1}
    _load_summary.add_error_rate(facts)
    assert "load.error_rate" not in facts


def test_a_one_request_k6_summary_claiming_100_users_and_a_long_run_passes_no_load_check() -> None:
    """1 request, vus_max 100 and a made-up rate (count / rate = 2000 s) earned 13 points: p95, p99,
    100-user and soak. Each fact now needs the traffic behind it, and the reason says which minimum."""
    from datetime import timedelta

    from readiness.evidence import read_evidence
    from readiness.findings import judge
    from readiness.packs import load_packs

    record = read_evidence(FIXTURES / "load" / "k6-one-request-claims.json", "ev/k6-one-request-claims.json")
    assert record.status == "parsed" and record.facts["load.requests"] == 1
    # The file's facts stay as k6 wrote them (inspect shows them); checks may not use these.
    assert record.facts["load.p95_ms"] == 120 and record.facts["load.concurrency"] == 100
    assert "load.duration_s" not in record.facts  # summary-export states no run length
    checks = {c.id: c for c in load_packs(["service"]).checks}
    now = record.evidence_time + timedelta(days=1)
    reasons = {}
    for check_id in ("perf-p95-under-load", "perf-p99-under-load", "scale-100-users", "scale-soak"):
        finding = judge(checks[check_id], [record], {}, now, "ev")
        assert finding.status != "pass" and finding.points == 0
        reasons[check_id] = finding.reason
    assert "a p95 needs at least 20" in reasons["perf-p95-under-load"]
    assert "a p99 needs at least 100" in reasons["perf-p99-under-load"]
    assert "1 requests for 100 users, fewer than 10 per user" in reasons["scale-100-users"]
    assert "no run length" in reasons["scale-soak"]


def test_sample_rules_keep_a_real_run_and_drop_per_series(tmp_path: Path) -> None:
    from readiness.samples import sample_rules

    facts: dict[str, Any] = {"load.requests": 6000, "load.p95_ms": 10.0, "load.p99_ms": 12.0,
                             "load.concurrency": 100, "load.duration_s": 60.0,
                             'load.requests{label="GET /"}': 50, 'load.p95_ms{label="GET /"}': 9.0,
                             'load.p99_ms{label="GET /"}': 11.0, 'load.p95_ms{label="GET /x"}': 3.0}
    warnings = sample_rules(facts)
    assert facts["load.p99_ms"] == 12.0 and facts["load.concurrency"] == 100 and facts["load.duration_s"] == 60.0
    assert facts['load.p95_ms{label="GET /"}'] == 9.0
    assert 'load.p99_ms{label="GET /"}' not in facts  # 50 requests: too few for a p99
    assert 'load.p95_ms{label="GET /x"}' not in facts  # no request count: a percentile of unknown size
    assert warnings == ['load.p99_ms{label="GET /"} dropped: 50 requests, a p99 needs at least 100',
                        'load.p95_ms{label="GET /x"} dropped: unknown requests, a p95 needs at least 20']
    slow = {"load.requests": 100, "load.duration_s": 1800.0, "load.concurrency": 10}
    assert sample_rules(slow) == ["load.duration_s dropped: 100 requests in 1800 s, fewer than 1 per second"]
