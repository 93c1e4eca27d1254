"""One run is one run: copies and other formats of one run are counted once; separate runs still add up."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from readiness.adapters.base import RunIdentity
from readiness.evidence import EvidenceFile, discover
from readiness.findings import judge
from readiness.packs import Check, load_packs
from readiness.reporters import json_report, markdown, text
from readiness.runs import same_run
from readiness.scorecard import build

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def count(family: str, fact: str, files: list[EvidenceFile]) -> Any:
    """The merged value of a fact as a check of the family sees it (no freshness limit)."""
    check = Check.model_validate({"id": "c", "category": "reliability", "points": 1, "claim": "x",
                                  "evidence": family, "when": [f"{fact} >= 0"], "fix": "x"})
    return judge(check, files, {}, NOW, "ev").facts.get(fact)


def folder(tmp_path: Path, *sources: Path) -> list[EvidenceFile]:
    for source in sources:
        shutil.copy(source, tmp_path / source.name)
    return discover(tmp_path, "ev")


# What the producing tool printed for each run (see tests/fixtures/runs/README.md).
SAME_RUN = [
    ("coveragepy", "coverage", "coverage.lines_total", 18),  # coverage report: TOTAL 18 stmts
    ("coveragepy", "coverage", "coverage.branches_total", 6),
    ("k6", "load", "load.requests", 150),
    ("dotnet", "tests", "tests.total", 8),
]


@pytest.mark.parametrize(("run", "family", "fact", "printed"), SAME_RUN)
def test_one_run_in_several_formats_counts_once(run: str, family: str, fact: str, printed: int,
                                                tmp_path: Path) -> None:
    files = folder(tmp_path, *sorted((FIXTURES / "runs" / run).iterdir()))
    assert count(family, fact, files) == printed
    kept = [f for f in files if f.family == family and f.duplicate_of is None]
    assert len(kept) == 1
    for other in (f for f in files if f.duplicate_of):
        assert other.duplicate == "same run" and other.duplicate_of == kept[0].path
        assert f"same run as {kept[0].path}" in " ".join(other.warnings)


@pytest.mark.parametrize(("names", "family", "fact", "printed"), [
    (("security/bandit-1.9.4.json", "security/bandit-1.9.4.sarif"), "security", "security.findings", 9),
    # The fixture's Semgrep rules carry no security metadata: its 3 results are lint (docs/evidence.md).
    (("security/semgrep-1.185.0.json", "security/semgrep-1.185.0.sarif"), "security", "lint.findings", 3),
    # JMeter's own test data: the dashboard statistics.json its report generator makes from that JTL.
    (("../corpus/loadtest/jmeter/jmeter-HTMLReportTestFile.csv",
      "../corpus/loadtest/jmeter/jmeter-dashboard-statistics.json"), "load", "load.requests", 255),
    (("load/locust-2.47_stats.csv", "load/locust-2.47_stats_history.csv", "load/locust-2.47_failures.csv",
      "load/locust-2.47.json"), "load", "load.requests", 160),
])
def test_scanner_and_locust_formats_of_one_run_count_once(names: tuple[str, ...], family: str, fact: str,
                                                          printed: int, tmp_path: Path) -> None:
    files = folder(tmp_path, *(FIXTURES / n for n in names))
    assert count(family, fact, files) == printed
    assert sum(f.duplicate == "same run" for f in files) == 1


def test_the_richest_format_is_counted(tmp_path: Path) -> None:
    files = {f.path: f for f in folder(tmp_path, FIXTURES / "load/locust-2.47_stats.csv",
                                       FIXTURES / "load/locust-2.47_stats_history.csv",
                                       FIXTURES / "load/locust-2.47.json")}
    # The CSV run (with its history) states users and a rate; the --json file does not.
    assert files["ev/locust-2.47.json"].duplicate_of == "ev/locust-2.47_stats.csv"


def test_two_runs_in_two_formats_still_add_up(tmp_path: Path) -> None:
    source = FIXTURES / "runs" / "coveragepy"
    shutil.copy(source / "coverage.json", tmp_path / "coverage.json")
    lcov = (source / "coverage.lcov").read_text().replace("DA:9,0", "DA:9,1").replace("LH:9", "LH:10")
    (tmp_path / "other-run.lcov").write_text(lcov)  # another run: one more line covered
    files = discover(tmp_path, "ev")
    assert not any(f.duplicate_of for f in files)
    assert count("coverage", "coverage.lines_total", files) == 36


def test_a_ci_matrix_of_one_format_adds_up(tmp_path: Path) -> None:
    case = '<testsuite name="s" timestamp="2026-11-30T10:00:0{}Z"><testcase name="a" time="0.5"/></testsuite>'
    for leg in (1, 2):
        (tmp_path / f"py3{leg}.xml").write_text(case.format(leg))
    files = discover(tmp_path, "ev")
    assert count("tests", "tests.total", files) == 2


def test_byte_identical_copies_count_once_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(FIXTURES / "security/bandit-1.9.4.json", tmp_path / "a" / "bandit.json")
    shutil.copy(FIXTURES / "security/bandit-1.9.4.json", tmp_path / "b" / "bandit-copy.json")
    files = {f.path: f for f in discover(tmp_path, "ev")}
    assert count("security", "security.findings", list(files.values())) == 9
    copy = files["ev/b/bandit-copy.json"]
    assert copy.duplicate == "copy" and copy.duplicate_of == "ev/a/bandit.json"
    assert "byte-identical to ev/a/bandit.json" in copy.warnings[-1]
    assert "ev/b/bandit-copy.json is a byte-identical copy" in files["ev/a/bandit.json"].warnings[-1]


def test_ignored_identical_files_are_not_flagged(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("notes")
    assert not any(f.duplicate_of or f.warnings for f in discover(tmp_path, "ev"))


def identity(**values: Any) -> RunIdentity:
    return RunIdentity.model_validate({"totals": {"requests": 10}, **values})


@pytest.mark.parametrize(("a", "b", "same"), [
    (identity(fingerprint="x"), identity(fingerprint="x"), True),
    (identity(fingerprint="x"), identity(fingerprint="y"), False),
    (identity(fingerprint="x", tool="k6"), identity(fingerprint="x", tool="locust"), False),
    (identity(fingerprint="x", tool="Semgrep OSS"), identity(fingerprint="x", tool="semgrep"), True),
    (identity(fingerprint="x"), identity(fingerprint="x", totals={"requests": 11}), False),
    (identity(fingerprint="x", totals={}), identity(fingerprint="x", totals={}), False),  # nothing to compare
    (identity(), identity(), False),  # equal totals alone prove nothing
    (identity(started_at=NOW), identity(started_at=NOW + timedelta(seconds=30)), True),
    (identity(started_at=NOW), identity(started_at=NOW + timedelta(minutes=5)), False),
])
def test_same_run_rule(a: RunIdentity, b: RunIdentity, same: bool) -> None:
    assert same_run(a, b) is same and same_run(b, a) is same


def test_every_report_says_which_files_were_counted_once(tmp_path: Path) -> None:
    files = folder(tmp_path, *sorted((FIXTURES / "runs" / "coveragepy").glob("coverage.*")))
    card = build(load_packs(["service"]), files, now=NOW, evidence_arg="ev", service="s", commit=None)
    data = json.loads(json_report.render(card))
    marked = {f["path"]: (f["duplicate"], f["duplicate_of"]) for f in data["files"] if f["duplicate_of"]}
    assert marked == {"ev/coverage.lcov": ("same run", "ev/coverage.json"),
                      "ev/coverage.xml": ("same run", "ev/coverage.json")}
    assert "parsed (same run as ev/coverage.json: counted once)" in markdown.render(card)
    assert "ev/coverage.xml: same run as ev/coverage.json" in text.render(card)
    used = {f["path"]: f["used_by"] for f in data["files"]}
    assert used["ev/coverage.xml"] == used["ev/coverage.json"] != []


def test_thousands_of_files_of_one_format_from_one_minute_are_not_compared_pairwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Surefire writes one JUnit file per test class, often with the same test count and start minute:
    files of one format are never one run, so they are not compared with each other at all (that was
    quadratic: 223 s for 20,000 files). A run recorded in a second format is still found among them."""
    from readiness import runs

    body = ('<testsuite name="com.shop.C{n}Test" tests="2" timestamp="2026-11-28T10:00:00">'
            '<testcase classname="com.shop.C{n}Test" name="a"/><testcase classname="com.shop.C{n}Test" name="b"/>'
            "</testsuite>")
    for n in range(300):
        (tmp_path / f"TEST-C{n:03d}.xml").write_text(body.format(n=n))
    compared = []
    real = runs._pairs
    monkeypatch.setattr(runs, "_pairs", lambda a, b: compared.append(1) or real(a, b))
    files = discover(tmp_path, "ev", NOW)
    assert len(files) == 300 and compared == [] and not any(f.duplicate_of for f in files)
    assert count("tests", "tests.total", files) == 600
    for source in sorted((FIXTURES / "runs" / "dotnet").iterdir()):  # one run as TRX and JUnit, beside them
        shutil.copy(source, tmp_path / source.name)
    files = discover(tmp_path, "ev", NOW)
    assert sum(1 for f in files if f.duplicate_of) == 1 and 0 < len(compared) < 10
