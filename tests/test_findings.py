"""Findings: each status, the values and files a verdict names, freshness, selection and companions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from readiness.conditions import parse_expression
from readiness.evidence import EvidenceFile
from readiness.findings import judge
from readiness.packs import Check

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def check(**overrides: Any) -> Check:
    data: dict[str, Any] = {"id": "perf", "category": "performance", "points": 4, "claim": "fast",
                            "evidence": "load", "when": ["load.concurrency >= 10", "load.p95_ms <= 2000"],
                            "fix": "run it"}
    return Check.model_validate({**data, **overrides})


def file(path: str = "ev/k6.json", *, facts: dict[str, Any] | None = None, kind: str = "k6_summary",
         family: str = "load", age_days: float = 1, source: str = "content", **extra: Any) -> EvidenceFile:
    when = NOW - timedelta(days=age_days)
    data: dict[str, Any] = {"path": path, "kind": kind, "family": family, "sha256": "ab" * 32, "size": 10,
                            "modified_at": when, "evidence_time": when, "time_source": source,
                            "status": "parsed", "facts": facts or {}}
    return EvidenceFile.model_validate({**data, **extra})


GOOD = {"load.requests": 5000, "load.concurrency": 20, "load.p95_ms": 1500.0}


def test_pass_names_every_file_and_value() -> None:
    finding = judge(check(), [file(facts=GOOD)], {}, NOW, "ev")
    assert finding.status == "pass"
    assert finding.points == 4
    assert finding.facts == {"load.concurrency": 20, "load.p95_ms": 1500.0}
    assert [(e.path, e.sha256) for e in finding.evidence] == [("ev/k6.json", "ab" * 32)]
    assert "load.p95_ms = 1500 <= 2000" in finding.reason and "ev/k6.json" in finding.reason


def test_fail_shows_actual_value_file_and_condition() -> None:
    finding = judge(check(), [file(facts={**GOOD, "load.p95_ms": 2412.0})], {}, NOW, "ev")
    assert finding.status == "fail"
    assert finding.points == 0
    assert finding.reason == "load.p95_ms = 2412 (ev/k6.json), expected <= 2000"
    assert [c.holds for c in finding.conditions] == [True, False]


def test_no_files_is_no_evidence() -> None:
    finding = judge(check(), [file(kind="junit", family="tests", facts={"tests.total": 1})], {}, NOW, "ev")
    assert finding.status == "no_evidence"
    assert finding.reason == "no load evidence found in ev"
    assert finding.evidence == []


def test_missing_fact_is_no_evidence_naming_the_fact_and_file() -> None:
    finding = judge(check(), [file(facts={"load.requests": 5000, "load.concurrency": 20})], {}, NOW, "ev")
    assert finding.status == "no_evidence"
    assert finding.reason == "load.p95_ms: not in ev/k6.json"


def test_zero_tests_ran_is_no_evidence_with_the_reason() -> None:
    tests = check(evidence="tests", when=["tests.pass_rate >= 1"])
    junit = file("ev/junit.xml", kind="junit", family="tests", facts={"tests.total": 0},
                 warnings=["0 tests ran"])
    finding = judge(tests, [junit], {}, NOW, "ev")
    assert finding.status == "no_evidence"
    assert finding.reason == "tests.pass_rate: not in ev/junit.xml (0 tests ran)"


def test_one_invalid_file_makes_the_check_invalid_evidence() -> None:
    broken = file("ev/b.json", status="invalid", reason="malformed JSON at line 3", facts={})
    finding = judge(check(), [file(facts=GOOD), broken], {}, NOW, "ev")
    assert finding.status == "invalid_evidence"
    assert finding.reason == "ev/b.json: malformed JSON at line 3"
    assert finding.points == 0


def test_stale_evidence_scores_zero_and_says_how_old_and_why() -> None:
    old = judge(check(max_age="30d"), [file(facts=GOOD, age_days=45)], {}, NOW, "ev")
    assert old.status == "stale"
    assert old.reason == "ev/k6.json is 45 days old (limit 30d; time from file content)"
    fresh = judge(check(max_age="30d"), [file(facts=GOOD, age_days=29)], {}, NOW, "ev")
    assert fresh.status == "pass"
    by_mtime = judge(check(max_age="12h"), [file(facts=GOOD, age_days=1, source="mtime")], {}, NOW, "ev")
    assert "time from file modification time" in by_mtime.reason


def test_files_glob_narrows_to_matching_paths() -> None:
    chosen = check(evidence={"kind": "load", "files": "staging/*"})
    files = [file("ev/prod/k6.json", facts={**GOOD, "load.p95_ms": 9000.0}),
             file("ev/staging/k6.json", facts=GOOD)]
    finding = judge(chosen, files, {}, NOW, "ev")
    assert finding.status == "pass"
    assert [e.path for e in finding.evidence] == ["ev/staging/k6.json"]
    none = judge(check(evidence={"kind": "load", "files": "qa/*"}), files, {}, NOW, "ev")
    assert none.reason == "no load evidence matching qa/* found in ev"


def test_several_files_sum_counts_and_name_the_newest_for_percentiles() -> None:
    rate = check(when=["load.requests >= 100", "load.error_rate <= 0.01", "load.p95_ms <= 100"])
    older = file("ev/a.json", facts={"load.requests": 100, "load.failures": 0, "load.error_rate": 0.0,
                                     "load.p95_ms": 50.0}, age_days=3)
    newer = file("ev/b.json", facts={"load.requests": 100, "load.failures": 4, "load.error_rate": 0.04,
                                     "load.p95_ms": 500.0}, age_days=1)
    finding = judge(rate, [newer, older], {}, NOW, "ev")
    assert finding.status == "fail"
    assert finding.facts["load.requests"] == 200
    assert finding.facts["load.error_rate"] == 0.02
    assert "load.error_rate = 0.02 (ev/a.json + ev/b.json), expected <= 0.01" in finding.reason
    assert "load.p95_ms = 500 (newest of 2 files: ev/b.json), expected <= 100" in finding.reason


def test_select_by_suite_pattern() -> None:
    integration = check(evidence="tests", select={"suite": "integration*"}, when=["tests.pass_rate >= 1"])
    facts = {"tests.total": 5, "tests.passed": 4, "tests.skipped": 0,
             'tests.total{suite="integration.api"}': 2, 'tests.passed{suite="integration.api"}': 2,
             'tests.skipped{suite="integration.api"}': 0,
             'tests.total{suite="unit"}': 3, 'tests.passed{suite="unit"}': 2, 'tests.skipped{suite="unit"}': 0}
    junit = file("ev/j.xml", kind="junit", family="tests", facts=facts)
    assert judge(integration, [junit], {}, NOW, "ev").status == "pass"
    unit = check(evidence="tests", select={"suite": "unit"}, when=["tests.pass_rate >= 1"])
    assert judge(unit, [junit], {}, NOW, "ev").status == "fail"
    e2e = check(evidence="tests", select={"suite": "e2e*"}, when=["tests.pass_rate >= 1"])
    assert judge(e2e, [junit], {}, NOW, "ev").reason == 'no series matches suite="e2e*" in ev/j.xml'


def test_derived_fact_and_its_missing_input() -> None:
    derive = {"cache.hit_rate": parse_expression("metrics.hits_total / (metrics.hits_total + metrics.misses_total)")}
    cache = check(evidence="metrics", when=["cache.hit_rate >= 0.8"])
    scrape = file("ev/m.prom", kind="prom_scrape", family="metrics",
                  facts={"metrics.hits_total": 90, "metrics.misses_total": 10})
    passed = judge(cache, [scrape], derive, NOW, "ev")
    assert passed.status == "pass" and passed.facts == {"cache.hit_rate": 0.9}
    partial = file("ev/m.prom", kind="prom_scrape", family="metrics", facts={"metrics.hits_total": 90})
    missing = judge(cache, [partial], derive, NOW, "ev")
    assert missing.status == "no_evidence"
    assert missing.reason == "cache.hit_rate cannot be derived from ev/m.prom: metrics.misses_total: missing"


def test_companion_files_are_not_selected_but_are_named() -> None:
    stats = file("ev/locust_stats.csv", kind="locust", facts=GOOD)
    history = file("ev/locust_stats_history.csv", kind="locust", facts={}, part_of="ev/locust_stats.csv")
    finding = judge(check(), [stats, history], {}, NOW, "ev")
    assert finding.status == "pass"
    assert [e.path for e in finding.evidence] == ["ev/locust_stats.csv", "ev/locust_stats_history.csv"]
    assert "newest" not in finding.reason


def test_select_names_only_the_files_holding_the_series() -> None:
    integration = check(evidence="tests", select={"suite": "integration"}, when=["tests.total >= 1"])
    unit = file("ev/unit.xml", kind="junit", family="tests", facts={"tests.total": 3, 'tests.total{suite="unit"}': 3})
    it = file("ev/it.xml", kind="junit", family="tests",
              facts={"tests.total": 2, 'tests.total{suite="integration"}': 2})
    finding = judge(integration, [unit, it], {}, NOW, "ev")
    assert finding.status == "pass"
    assert [e.path for e in finding.evidence] == ["ev/it.xml"]
    assert finding.reason == "tests.total = 2 >= 1 (ev/it.xml)"


def test_a_failing_count_names_the_items_behind_it() -> None:
    routed = check(evidence="alerting", when=["alerts.unrouted == 0"])
    many = [f"Alert{n}" for n in range(12)]
    rules = file("ev/rules.yml", kind="prometheus_rules", family="alerting",
                 facts={"alerts.unrouted": 12}, details={"offenders": {"alerts.unrouted": many}})
    reason = judge(routed, [rules], {}, NOW, "ev").reason
    assert reason.endswith("expected == 0: Alert0, Alert1, Alert2, Alert3, Alert4, Alert5, Alert6, Alert7, "
                           "Alert8, Alert9 and 2 more")


def test_only_files_that_can_carry_the_facts_are_named_and_related_files_are_listed() -> None:
    spec = file("ev/openapi.yaml", kind="openapi", family="docs", facts={"api.valid": True, "api.operations": 3})
    readme = file("root/README.md", kind="markdown", family="docs", facts={"docs.readme.present": True})
    api = check(evidence="docs", when=["api.valid == true"])
    assert [e.path for e in judge(api, [spec, readme], {}, NOW, "ev").evidence] == ["ev/openapi.yaml"]
    rules = file("ev/rules.yml", kind="prometheus_rules", family="alerting", facts={"alerts.unrouted": 0},
                 related=["runbooks", "ev/am.yml"])
    config = file("ev/am.yml", kind="alertmanager", family="alerting", facts={"alertmanager.receivers": 2})
    routed = judge(check(evidence="alerting", when=["alerts.unrouted == 0"]), [rules, config], {}, NOW, "ev")
    assert routed.status == "pass"
    assert [e.path for e in routed.evidence] == ["ev/rules.yml", "ev/am.yml"]


def test_evidence_from_the_wrong_environment_scores_zero_and_says_so() -> None:
    staging = check(environment="staging")
    prod = file("ev/production/k6.json", facts=GOOD)
    finding = judge(staging, [prod], {}, NOW, "ev")
    assert finding.status == "no_evidence" and finding.points == 0
    assert finding.reason == ("no load evidence from the staging environment (under a 'staging' folder); "
                              "not from it: ev/production/k6.json")
    good = judge(staging, [prod, file("ev/Staging/eu/k6.json", facts=GOOD)], {}, NOW, "ev")
    assert good.status == "pass" and [e.path for e in good.evidence] == ["ev/Staging/eu/k6.json"]


def test_merged_facts_are_shared_across_checks_but_each_gets_its_own_copy() -> None:
    from readiness.findings import Formats, Reads

    files = [file("ev/a.json", facts=GOOD), file("ev/b.json", facts={**GOOD, "load.p95_ms": 900.0})]
    formats = Formats(files)
    wanted = Reads(frozenset({"load.p95_ms"}), frozenset())
    first = formats.merged(files, wanted)
    first["cache.hit_rate"] = 1.0  # what a derived fact does to the facts a check judges
    second = formats.merged(files, wanted)
    assert "cache.hit_rate" not in second and second == {"load.p95_ms": 900.0}


def test_decide_keeps_what_the_evidence_said_and_undecided_restores_it() -> None:
    from datetime import date

    from readiness.findings import Finding, decide, undecided

    judged = Finding(id="cost", category="cost", claim="c", status="fail", points=0.0, max_points=10,
                     required=False, fix=None, reason="cost.monthly_usd = 900 (x.json), expected <= 500")
    waived = decide(judged, "waiver", "budget raised this quarter", "readiness.yaml:7", owner="alice",
                    expires=date(2026, 12, 31), ticket="OPS-1")
    assert waived.status == "waived" and waived.points == 0.0 and waived.max_points == 10
    assert waived.reason == ("waived by alice until 2026-12-31 (OPS-1): budget raised this quarter "
                             "(without it: fail; cost.monthly_usd = 900 (x.json), expected <= 500)")
    assert waived.decision is not None and waived.decision.status_without == "fail"
    back = undecided(waived)
    assert (back.status, back.points, back.decision) == ("fail", 0.0, None)
    disabled = decide(judged, "disable", "no cloud costs", "team.yaml:4")
    assert disabled.status == "not_applicable"
    assert disabled.reason.startswith("disabled in team.yaml:4: no cloud costs (without it: fail;")


def test_builtin_integration_and_e2e_checks_find_pytest_tests_by_path() -> None:
    """pytest names its suite "pytest": the built-in checks select tests by where they live."""
    from pathlib import Path

    from readiness.evidence import read_evidence
    from readiness.packs import load_packs

    fixtures = Path(__file__).resolve().parent / "fixtures" / "tests"
    checks = {c.id: c for c in load_packs(["service"]).checks}
    for name in ("pytest-paths.xml", "pytest-paths-xunit1.xml"):  # classname only; file attribute too
        record = read_evidence(fixtures / name, f"ev/{name}")
        now = record.evidence_time + timedelta(days=1)
        integration = judge(checks["func-integration-pass"], [record], {}, now, "ev")
        assert integration.status == "pass", integration.reason
        assert integration.facts == {"tests.pass_rate": 1, "tests.total": 6}  # tests/integration/: 6 of 11
        e2e = judge(checks["func-e2e-pass"], [record], {}, now, "ev")
        assert e2e.status == "pass" and e2e.facts["tests.total"] == 3
        assert "junit_suite_name" in (integration.fix or "")


def test_path_select_matches_suite_or_location_with_slashes_or_dots() -> None:
    from readiness.conditions import label_matches

    key = 'tests.total{path="pytest :: tests/integration/test_api.py"}'
    for pattern in ("tests/integration/*", "tests.integration.*", "*integration*", "pytest"):
        assert label_matches(key, "path", pattern), pattern
    assert not label_matches(key, "path", "*e2e*")
    assert label_matches('tests.total{path="integration"}', "path", "*integration*")  # a suite name alone
    assert not label_matches(key, "suite", "*integration*")


def test_open_model_tools_reach_the_load_checks_by_rate_and_closed_model_ones_still_need_users(tmp_path: Path) -> None:
    """Vegeta records no user count: `any: [load.concurrency >= N, load.arrival_rate >= N]` in the
    built-in pack lets its rate stand in, while a k6 run (no arrival_rate) still needs its users."""
    import json

    from readiness.evidence import read_evidence
    from readiness.packs import load_packs

    checks = {c.id: c for c in load_packs(["service"]).checks}
    # `vegeta report -type=json` fields (docs/load-formats.md); a 120 s attack at 50 requests/s.
    report = {"latencies": {"total": 6000 * 80_000_000, "mean": 80_000_000, "50th": 70_000_000,
                            "90th": 120_000_000, "95th": 150_000_000, "99th": 300_000_000, "max": 900_000_000},
              "earliest": "2026-11-20T10:00:00Z", "latest": "2026-11-20T10:01:59.98Z", "end": "2026-11-20T10:02:00Z",
              "duration": 119_980_000_000, "requests": 6000, "rate": 50.0, "success": 1.0,
              "bytes_in": {"total": 12000, "mean": 2}, "bytes_out": {"total": 0, "mean": 0},
              "status_codes": {"200": 6000}, "errors": []}
    (tmp_path / "vegeta.json").write_text(json.dumps(report))
    record = read_evidence(tmp_path / "vegeta.json", "ev/vegeta.json")
    now = NOW.replace(year=2026, month=11, day=21)
    passed = judge(checks["perf-p95-under-load"], [record], {}, now, "ev")
    assert passed.status == "pass", passed.reason
    assert passed.facts["load.arrival_rate"] == 50.0 and "load.concurrency" not in passed.facts
    at_scale = judge(checks["scale-100-users"], [record], {}, now, "ev")
    assert at_scale.status == "fail"
    assert at_scale.reason.startswith("load.arrival_rate = 50 (ev/vegeta.json), expected >= 100 (needs one of: ")
    closed = file(facts={"load.requests": 60000, "load.concurrency": 5, "load.rps": 500.0, "load.duration_s": 120.0,
                         "load.p95_ms": 100.0})
    still = judge(checks["perf-p95-under-load"], [closed], {}, NOW, "ev")
    assert still.status == "fail" and still.reason.startswith("load.concurrency = 5 (ev/k6.json), expected >= 10")


def test_selected_series_with_quotes_braces_and_backslashes_in_their_names_merge_like_any_other() -> None:
    """Label values are untrusted text: a selector holding `"`, `{`, `}`, `=` or `\\` is matched by its
    value and merged across files exactly as a whole merge followed by select would."""
    from readiness.adapters.base import labeled
    from readiness.findings import Formats, reads
    from readiness.merging import Source, merge, select

    names = ['it "quoted" {x}', "it\\back=slash}", "unit {it}"]

    def facts(failed: int) -> dict[str, Any]:
        found: dict[str, Any] = {"tests.total": 9, "tests.passed": 9 - failed, "tests.skipped": 0}
        for index, name in enumerate(names):
            found |= {labeled("tests.total", "suite", name): 3, labeled("tests.skipped", "suite", name): 0,
                      labeled("tests.passed", "suite", name): 3 - (failed if index == 1 else 0)}
        return found

    files = [file(f"ev/{n}.xml", kind="junit", family="tests", facts=facts(n), age_days=3 - n) for n in (0, 1)]
    selected = check(evidence="tests", select={"suite": "it*"}, when=["tests.pass_rate >= 1", "tests.total >= 12"])
    finding = judge(selected, files, {}, NOW, "ev")
    whole, matched = select(merge([Source(f.facts, ("tests.*",)) for f in files]), {"suite": "it*"})
    assert matched == sorted(names[:2]) and whole["tests.total"] == 12 and whole["tests.pass_rate"] < 1
    assert finding.status == "fail"
    assert finding.facts == {"tests.pass_rate": whole["tests.pass_rate"], "tests.total": 12}
    formats = Formats(files)
    narrowed, _ = select(formats.merged(files, reads(selected, {})), {"suite": "it*"})
    assert narrowed == {k: v for k, v in whole.items() if k in narrowed} and set(narrowed) >= {"tests.total"}


def test_a_reason_over_many_files_names_the_first_ones_and_counts_the_rest() -> None:
    """Thousands of summed files keep a one-line reason (every file is still in the evidence list)."""
    from readiness.findings import NAMED_FILES

    suite = {"tests.total": 3, "tests.passed": 3, "tests.skipped": 0, "tests.pass_rate": 1.0}
    files = [file(f"ev/j{n:02d}.xml", kind="junit", family="tests", facts=suite) for n in range(12)]
    finding = judge(check(evidence="tests", when=["tests.total >= 30"]), files, {}, NOW, "ev")
    named = " + ".join(f"ev/j{n:02d}.xml" for n in range(NAMED_FILES - 1))
    assert finding.status == "pass" and finding.reason.endswith(f"(12 files: {named} and {12 - NAMED_FILES + 1} more)")
    assert [e.path for e in finding.evidence] == [f.path for f in files]
    few = judge(check(evidence="tests", when=["tests.total >= 9"]), files[:3], {}, NOW, "ev")
    assert few.reason.endswith("(ev/j00.xml + ev/j01.xml + ev/j02.xml)")


def test_an_environment_check_splits_its_files_in_one_pass(monkeypatch: Any) -> None:
    """Thousands of files from another environment: no file is looked up in a list of files (that
    compared records pairwise, quadratic in the files)."""
    files = [file(f"ev/staging/k6-{n}.json", facts=GOOD) for n in range(200)] + [file("ev/production/k6.json",
                                                                                        facts=GOOD)]
    compared = []
    monkeypatch.setattr(EvidenceFile, "__eq__", lambda self, other: compared.append(1) or self is other)
    finding = judge(check(environment="production"), files, {}, NOW, "ev")
    assert finding.status == "pass" and [e.path for e in finding.evidence] == ["ev/production/k6.json"]
    assert compared == []
