"""Tests for readiness.adapters.gatling_stats: raw and report-mode values, percentile layouts, groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import gatling_stats
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


def test_report_mode_strings_and_dashes(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "gatling-3-global_stats.json").read_text())
    for block in document.values():
        if isinstance(block, dict) and "total" in block:
            block.update({k: str(v) for k, v in block.items()})
    document["percentiles4"]["total"] = "-"
    path = tmp_path / "stats.json"
    path.write_text(json.dumps(document))
    parsed = gatling_stats.parse(path)
    assert parsed.facts["load.requests"] == 1000 and parsed.facts["load.p95_ms"] == 690.0
    assert "load.p99_ms" not in parsed.facts


def test_empty_series_has_no_latency(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "gatling-3-global_stats.json").read_text())
    document["numberOfRequests"] = {"total": 0, "ok": 0, "ko": 0}
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document))
    facts = gatling_stats.parse(path).facts
    assert facts["load.requests"] == 0 and not any(name.endswith("_ms") for name in facts)


def test_groups_label_their_requests() -> None:
    parsed = gatling_stats.parse(FIXTURES / "gatling-3-stats.json")
    assert [row["label"] for row in parsed.details["labels"]] == ["POST /chat", "GET /slow", "checkout / pay"]
    assert parsed.details["percentiles_assumed"].startswith("50/75/95/99")


def test_not_gatling(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"stats": {"name": "x"}}))
    with pytest.raises(InvalidEvidence, match="numberOfRequests"):
        gatling_stats.parse(path)
