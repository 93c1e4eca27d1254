"""Tests for readiness.adapters.k6_summary: both JSON shapes, thresholds, protocols and derived duration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import k6_summary
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(document))
    return path


def test_both_shapes_of_one_run_give_the_same_facts() -> None:
    handle = k6_summary.parse(FIXTURES / "k6-handlesummary-http.json")
    export = k6_summary.parse(FIXTURES / "k6-summary-export.json")
    assert handle.details["shape"] == "handleSummary" and export.details["shape"] == "summary-export"
    # summary-export drops the run length; count / rate would only repeat the file's own rate claim.
    assert {k: v for k, v in handle.facts.items() if k != "load.duration_s"} == export.facts
    assert handle.facts["load.duration_s"] == 65.0 and "load.duration_s" not in export.facts
    assert [w for w in export.warnings if not w.startswith("no run length")] == handle.warnings


def test_summary_export_threshold_true_means_failed(tmp_path: Path) -> None:
    document = {"root_group": {}, "metrics": {
        "http_reqs": {"count": 200, "rate": 2.0},
        "http_req_duration": {"p(95)": 900.0, "thresholds": {"p(95)<500": True, "p(99)<5000": False}}}}
    parsed = k6_summary.parse(_write(tmp_path, document))
    assert parsed.details["thresholds_failed"] == ["http_req_duration: p(95)<500"]
    assert parsed.warnings.count("k6 threshold failed: http_req_duration: p(95)<500") == 1
    assert "load.duration_s" not in parsed.facts  # summary-export has no state block; count / rate is a claim


def test_failures_are_http_req_failed_passes_and_absent_without_it(tmp_path: Path) -> None:
    document = {"root_group": {}, "metrics": {"http_reqs": {"count": 10, "rate": 1.0},
                                              "http_req_duration": {"avg": 5.0, "med": 4.0}}}
    parsed = k6_summary.parse(_write(tmp_path, document))
    assert "load.failures" not in parsed.facts and "load.error_rate" not in parsed.facts
    assert "load.p95_ms" not in parsed.facts  # not in summaryTrendStats: absent, not 0
    assert parsed.facts["load.p50_ms"] == 4.0


def test_grpc_run_has_no_failure_mark(tmp_path: Path) -> None:
    corpus_like = {"root_group": {}, "state": {"testRunDurationMs": 90000},
                   "metrics": {"grpc_reqs": {"type": "counter", "values": {"count": 500, "rate": 5.5}},
                               "grpc_req_duration": {"type": "trend", "values": {"p(95)": 2.5, "max": 9.0}}}}
    parsed = k6_summary.parse(_write(tmp_path, corpus_like))
    assert parsed.details["protocol"] == "grpc"
    assert parsed.facts["load.requests"] == 500 and "load.failures" not in parsed.facts
    assert parsed.facts["load.duration_s"] == 90.0 and parsed.warnings == []


def test_no_request_metrics_is_a_warning_not_an_error(tmp_path: Path) -> None:
    parsed = k6_summary.parse(_write(tmp_path, {"root_group": {}, "metrics": {"iterations": {"count": 3, "rate": 1}}}))
    assert parsed.facts == {"load.tool": "k6"}
    assert "no http or grpc request metrics in the k6 summary" in parsed.warnings


def test_not_a_summary_object(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="no \"metrics\" object"):
        k6_summary.parse(_write(tmp_path, {"root_group": {}}))


def test_sniff_ignores_k6_ndjson_stream() -> None:
    head = b'{"type":"Metric","data":{"type":"trend","contains":"time"},"metric":"http_req_duration"}\n'
    assert not k6_summary.sniff(Path("x.json"), head)
