"""Tests for readiness.adapters.locust: the four CSV shapes, pre-1.0 headers and the --json aggregation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import locust
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"
PCTS = ("load.p50_ms", "load.p90_ms", "load.p95_ms", "load.p99_ms")


def test_json_percentiles_reproduce_locusts_own_csv_of_the_same_run() -> None:
    # Both files come from one run in which all traffic ended before the last CSV flush.
    from_json = locust.parse(FIXTURES / "locust-2.47.json").facts
    from_csv = locust.parse(FIXTURES / "locust-2.47_stats.csv").facts
    for name in (*PCTS, "load.requests", "load.failures", "load.max_ms"):
        assert from_json[name] == from_csv[name], name
    assert from_json["load.mean_ms"] == pytest.approx(from_csv["load.mean_ms"])
    for label in ("POST /chat", "GET /fail", "GET /slow"):
        for name in ("load.p50_ms", "load.p95_ms", "load.requests"):
            key = f'{name}{{label="{label}"}}'
            assert from_json[key] == from_csv[key], key


def test_locust_percentile_walks_buckets_from_the_top() -> None:
    times = {10.0: 8, 20.0: 1, 300.0: 1}
    assert locust._locust_percentile(times, 10, 0.5) == 10.0
    assert locust._locust_percentile(times, 10, 0.8) == 20.0
    # Locust returns the bucket once at most int(n * p) requests remain below it: 9 of 10 -> the top one.
    assert locust._locust_percentile(times, 10, 0.9) == 300.0


def test_pre_1_0_requests_csv_with_total_row(tmp_path: Path) -> None:
    path = tmp_path / "old_requests.csv"
    path.write_text(
        '"Method","Name","# requests","# failures","Median response time","Average response time",'
        '"Min response time","Max response time","Average Content Size","Requests/s"\n'
        '"GET","/","120","3","40","45","12","310","2000","4.00"\n'
        '"None","Total","120","3","40","45","12","310","2000","4.00"\n')
    parsed = locust.parse(path)
    assert parsed.facts["load.requests"] == 120 and parsed.facts["load.failures"] == 3
    assert parsed.facts["load.p50_ms"] == 40.0 and "load.p95_ms" not in parsed.facts
    assert parsed.facts['load.requests{label="GET /"}'] == 120


def test_na_percentiles_stay_absent(tmp_path: Path) -> None:
    path = tmp_path / "empty_stats.csv"
    header = (FIXTURES / "locust-2.47_stats.csv").read_text().splitlines()[0]
    path.write_text(header + "\n,Aggregated,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n")
    parsed = locust.parse(path)
    assert parsed.facts["load.requests"] == 0
    assert not any(name in parsed.facts for name in PCTS)
    assert "fewer than 100 requests (0): weak evidence" in parsed.warnings


def test_history_uses_cumulative_columns_only() -> None:
    parsed = locust.parse(FIXTURES / "locust-2.47_stats_history.csv")
    assert parsed.facts["load.started_at"] == "2026-11-28T16:42:39Z"
    assert "load.p95_ms" not in parsed.facts  # history percentiles cover a recent window only


def test_json_that_is_not_locust(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"num_requests": 1}, "junk"]))
    with pytest.raises(InvalidEvidence, match="list of stats entries"):
        locust.parse(path)


def test_sniff_requires_locust_headers() -> None:
    assert not locust.sniff(Path("a.csv"), b"timeStamp,elapsed,label,responseCode\n")
    assert locust.sniff(Path("a.csv"), b"Count,Message,Traceback,Nodes\n")  # _exceptions.csv: a companion
    assert locust.sniff(Path("a.csv"), b"Method,Name,Error,Occurrences\n")


def test_pre_1_0_distribution_csv(tmp_path: Path) -> None:
    path = tmp_path / "old_distribution.csv"
    path.write_text('"Name","# requests","50%","66%","75%","80%","90%","95%","98%","99%","100%"\n'
                    '"GET /",120,40,44,50,55,70,90,120,200,310\n"Total",120,40,44,50,55,70,90,120,200,310\n')
    assert locust.sniff(path, path.read_bytes())
    facts = locust.parse(path).facts
    assert facts["load.p95_ms"] == 90.0 and facts["load.max_ms"] == 310.0 and "load.failures" not in facts
    assert facts['load.p99_ms{label="GET /"}'] == 200.0


def test_one_csv_run_is_one_piece_of_evidence(tmp_path: Path) -> None:
    """stats_history and failures beside a stats file are its companions; alone they stand on their own."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "load"
    for shape in ("stats", "stats_history", "failures"):
        (tmp_path / f"run_{shape}.csv").write_bytes((source / f"locust-2.47_{shape}.csv").read_bytes())
    stats = locust.parse(tmp_path / "run_stats.csv")
    assert stats.part_of is None and stats.details["history"] == "run_stats_history.csv"
    assert stats.facts["load.concurrency"] == 4 and stats.observed_at is not None
    assert locust.parse(tmp_path / "run_stats_history.csv").part_of == "run_stats.csv"
    assert locust.parse(tmp_path / "run_failures.csv").part_of == "run_stats.csv"
    (tmp_path / "run_stats.csv").unlink()
    assert locust.parse(tmp_path / "run_stats_history.csv").part_of is None


@pytest.mark.parametrize("missing", ["num_failures", "num_requests"])
def test_json_count_missing_from_an_entry_is_absent_not_zero(tmp_path: Path, missing: str) -> None:
    entries = json.loads((FIXTURES / "locust-2.47.json").read_text())
    del entries[1][missing]
    if missing == "num_requests":  # the shape test needs the key: an unreadable value stands for it
        entries[1][missing] = "n/a"
    path = tmp_path / "locust.json"
    path.write_text(json.dumps(entries))
    facts = locust.parse(path).facts
    fact = {"num_failures": "load.failures", "num_requests": "load.requests"}[missing]
    assert fact not in facts and "load.error_rate" not in facts
    label = f"{entries[1]['method']} {entries[1]['name']}"
    assert f'{fact}{{label="{label}"}}' not in facts
    assert f'{fact}{{label="{entries[0]["method"]} {entries[0]["name"]}"}}' in facts


def test_exceptions_csv_is_a_companion_never_a_failure(tmp_path: Path) -> None:
    """Locust writes PREFIX_exceptions.csv on every --csv run (header only when no task raised)."""
    from readiness.evidence import read_evidence
    from readiness.findings import judge
    from readiness.packs import Check

    for shape in ("stats", "stats_history", "failures"):
        (tmp_path / f"run_{shape}.csv").write_bytes((FIXTURES / f"locust-2.47_{shape}.csv").read_bytes())
    (tmp_path / "run_exceptions.csv").write_bytes((FIXTURES / "locust-2.47-crash_exceptions.csv").read_bytes())
    record = read_evidence(tmp_path / "run_exceptions.csv", "ev/run_exceptions.csv")
    assert record.status == "parsed" and record.part_of == "ev/run_stats.csv" and record.facts == {}
    assert record.details["exceptions"] == 17
    # Checks judge the stats file; the exceptions file is listed with it, never summed in.
    files = [read_evidence(tmp_path / f"run_{s}.csv", f"ev/run_{s}.csv")
             for s in ("exceptions", "failures", "stats", "stats_history")]
    check = Check.model_validate({"id": "c", "category": "performance", "points": 1, "claim": "c",
                                  "evidence": "load", "when": ["load.requests >= 1"]})
    finding = judge(check, files, {}, record.evidence_time, "ev")
    assert finding.status == "pass" and finding.facts["load.requests"] == 160
    assert "ev/run_exceptions.csv" in [ref.path for ref in finding.evidence]
