"""Check packs: schema, both evidence forms, and errors that name file, line, check and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.packs import PackError, load_packs

GOOD = """\
name: team
categories:
  - {id: performance, title: Performance, weight: 2}
  - {id: testing, title: Testing}
derive:
  cache.hit_rate: metrics.hits_total / (metrics.hits_total + metrics.misses_total)
checks:
  - id: perf-p95
    category: performance
    points: 4
    claim: p95 under 2 s
    evidence: load
    max_age: 30d
    when:
      - load.concurrency >= 10
      - load.p95_ms{label="POST /chat"} <= 2000
    fix: Run the load test.
  - id: tests-integration
    category: testing
    points: 2.5
    claim: integration tests pass
    evidence: {kind: tests, files: "reports/integration/*.xml"}
    select: {suite: "integration*"}
    when: ["tests.pass_rate >= 1"]
  - id: cache
    category: performance
    points: 1
    claim: cache hit rate
    evidence: {kind: metrics, files: [a.prom, b.prom]}
    when: ["cache.hit_rate >= 0.8"]
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_packs([write(tmp_path, text)])
    return [str(issue) for issue in caught.value.issues]


def test_good_pack_loads_with_both_evidence_forms(tmp_path: Path) -> None:
    packs = load_packs([write(tmp_path, GOOD)])
    checks = {c.id: c for c in packs.checks}
    assert checks["perf-p95"].evidence.kind == "load" and checks["perf-p95"].evidence.files is None
    assert checks["tests-integration"].evidence.files == ["reports/integration/*.xml"]
    assert checks["cache"].evidence.files == ["a.prom", "b.prom"]
    assert checks["perf-p95"].max_age is not None and checks["perf-p95"].max_age.days == 30
    assert [c.id for c in packs.categories] == ["performance", "testing"]
    assert packs.categories[0].weight == 2
    assert set(packs.derive) == {"cache.hit_rate"}
    assert packs.packs[0].name == "team" and len(packs.packs[0].sha256) == 64


def test_without_categories_the_ten_built_ins_apply(tmp_path: Path) -> None:
    text = GOOD.split("derive:")[0].replace("categories:\n  - {id: performance, title: Performance, weight: 2}\n"
                                            "  - {id: testing, title: Testing}\n", "")
    text += ("checks:\n  - {id: a, category: security, points: 1, claim: c, evidence: secrets, "
             "when: [secrets.found == 0]}\n")
    packs = load_packs([write(tmp_path, text)])
    assert len(packs.categories) == 10
    assert {c.weight for c in packs.categories} == {1.0}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    points: 4\n", "    pionts: 4\n", "pack.yaml:10: check 'perf-p95' › pionts: unknown field 'pionts'; "
                                               "did you mean 'points'?"),
        ("load.concurrency >= 10", "load.concurrency =< 10",
         "pack.yaml:15: check 'perf-p95' › when[0]: unknown operator '=<'; did you mean '<='?"),
        ("load.concurrency >= 10", "load.p59_ms <= 10",
         "pack.yaml:15: check 'perf-p95' › when[0]: unknown fact 'load.p59_ms'; did you mean"),
        ("    category: performance\n    points: 4", "    category: perfomance\n    points: 4",
         "pack.yaml:9: check 'perf-p95' › category: unknown category 'perfomance'; did you mean 'performance'?"),
        ("evidence: load\n", "evidence: lod\n", "pack.yaml:12: check 'perf-p95' › evidence.kind: unknown evidence "
                                               "kind 'lod'; did you mean 'load'?"),
        ("max_age: 30d", "max_age: 30 days", "pack.yaml:13: check 'perf-p95' › max_age: a duration such as 30d"),
        ("    points: 4\n", "    points: -4\n", "pack.yaml:10: check 'perf-p95' › points: Input should be greater "
                                                "than 0"),
        ("load.concurrency >= 10", "tests.total >= 10",
         "check 'perf-p95' › when[0]: fact 'tests.total' does not come from 'load' evidence"),
        ("  - id: cache\n", "  - id: perf-p95\n", "pack.yaml:25: check 'perf-p95': duplicate check id"),
        ("    claim: p95 under 2 s\n", "", "pack.yaml:8: check 'perf-p95' › claim: required field is missing"),
        ("metrics.misses_total)", "misses)", "derive.cache.hit_rate: unknown fact 'misses'"),
        ("    fix: Run the load test.\n", "    fix: Run the load test.\n    fix: twice\n",
         "pack.yaml:18: check 'perf-p95' › fix: duplicate key 'fix'"),
    ],
)
def test_typos_are_reported_with_file_line_check_and_field(tmp_path: Path, old: str, new: str,
                                                          expected: str) -> None:
    assert old in GOOD
    found = errors(tmp_path, GOOD.replace(old, new, 1))
    assert any(expected in line for line in found), found


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    text = GOOD.replace("category: performance\n    points: 4", "category: perfomance\n    points: 4")
    text = text.replace("load.concurrency >= 10", "load.p59_ms <= 10")
    assert len(errors(tmp_path, text)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checks: [\n", "pack.yaml:2: invalid YAML"),
        ("- just\n- a list\n", "pack.yaml:1: expected a mapping with a 'checks:' list"),
        ("name: x\n", "pack.yaml:1: a pack needs 'checks:', or 'extends:' with 'override:' or 'disable:'"),
        ("checks:\n  - id: Bad Id\n", "check 'Bad Id' › id: String should match pattern"),
        ("checks:\n  - id: a\n    category: testing\n    points: 1\n    claim: c\n    evidence: tests\n"
         "    when: []\n", "when: List should have at least 1 item"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, expected: str) -> None:
    found = errors(tmp_path, text)
    assert any(expected in line for line in found), found


def test_duplicate_id_across_packs(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "one.yaml")
    second = write(tmp_path, GOOD.replace("name: team", "name: other"), "two.yaml")
    with pytest.raises(PackError) as caught:
        load_packs([first, second])
    assert any("duplicate check id (also in" in str(i) and "two.yaml" in str(i) for i in caught.value.issues)


def test_unknown_pack_name_lists_built_ins() -> None:
    with pytest.raises(PackError) as caught:
        load_packs(["no-such-pack"])
    assert "built-in packs: service" in str(caught.value)


def test_the_built_in_service_pack_is_valid_and_covers_ten_categories() -> None:
    packs = load_packs(["service"])
    assert {c.category for c in packs.checks} == {c.id for c in packs.categories}
    assert len(packs.categories) == 10
    for category in packs.categories:
        points = sum(c.points for c in packs.checks if c.category == category.id)
        assert points == 10, f"{category.id} checks should add up to 10 points, got {points}"
    assert all(c.fix for c in packs.checks), "every built-in check says how to fix it"


def test_a_check_on_one_adapter_kind_may_use_every_fact_that_adapter_declares(tmp_path: Path) -> None:
    text = ("checks:\n  - {id: s, category: security, points: 1, claim: c, evidence: trivy, "
            "when: [secrets.found == 0]}\n")
    assert load_packs([write(tmp_path, text)]).checks[0].evidence.kind == "trivy"
    bad = text.replace("secrets.found == 0", "load.p95_ms < 1")
    assert any("fact 'load.p95_ms' is not produced by 'trivy' files" in e for e in errors(tmp_path, bad))


def test_built_in_load_checks_require_real_load() -> None:
    """Performance and Scalability points from load tests need both load (users, or an open-model
    tool's arrival rate) and duration conditions."""
    from readiness.conditions import flatten

    for check in load_packs(["service"]).checks:
        if check.evidence.kind == "load":
            facts = {c.base_fact for c in flatten(check.when)}
            assert {"load.concurrency", "load.arrival_rate", "load.duration_s"} <= facts, check.id


@pytest.mark.parametrize(("text", "expected"), [
    ("checks: &a [*a]\n", "pack.yaml:1: invalid YAML: a YAML alias refers to a node that contains it"),
    ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)) + "checks: *a8\n",
     "invalid YAML: YAML aliases expand to more than 1,000,000 nodes"),
])
def test_hostile_yaml_is_refused_at_once(tmp_path: Path, text: str, expected: str) -> None:
    found = errors(tmp_path, text)
    assert any(expected in line for line in found), found


def test_empty_pack_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_packs([str(tmp_path)])
    assert "no pack files (*.yaml, *.yml) in" in str(caught.value)


def test_settings_from_packs_side_by_side_combine_or_conflict_naming_both(tmp_path: Path) -> None:
    base = ("checks:\n  - {id: %s, category: testing, points: 1, claim: c, evidence: tests, "
            "when: ['tests.total >= 1']}\n")
    one = write(tmp_path, "documents:\n  readme: {path: README.md, sections: [Usage]}\n"
                "derive:\n  tests.ran: tests.total - tests.skipped\n" + base % "a", "one.yaml")
    same = write(tmp_path, "documents:\n  readme: {path: README.md, sections: [Usage]}\n"
                 "derive:\n  tests.ran: tests.total - tests.skipped\n" + base % "b",
                 "same.yaml")
    other = write(tmp_path, "documents:\n  readme: {path: README.md, sections: [Install]}\n"
                  "runbooks: {path: ops/runbooks}\n" + base % "c", "other.yaml")
    combined = load_packs([one, same])  # the same settings twice: one rule, no conflict
    assert combined.documents["readme"].sections == ["Usage"] and "tests.ran" in combined.derive
    with pytest.raises(PackError) as caught:
        load_packs([one, other])
    assert [str(i) for i in caught.value.issues] == [
        f"{other}:2: documents 'readme' is set differently in {one}; packs loaded side by side must agree "
        "(change another pack's settings with extends:)"]
