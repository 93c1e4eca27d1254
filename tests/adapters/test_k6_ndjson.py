"""k6 NDJSON adapter: sniffing, identical facts from both engines, failures, VUs and time span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import _loadraw, k6_ndjson
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from tests.adapters import load_oracle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load-raw"
STREAMS = sorted(FIXTURES.glob("k6-*.ndjson"))


def both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, object], dict[str, object]]:
    plain = k6_ndjson.parse(path).facts
    monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", 0)
    engine = k6_ndjson.parse(path).facts
    monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", 4 << 20)
    return plain, engine


def write(tmp_path: Path, lines: list[dict[str, object]]) -> Path:
    path = tmp_path / "k6.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def point(metric: str, value: float, time: str = "2024-05-09T14:34:45.625742514+02:00",
          tags: dict[str, str] | None = None) -> dict[str, object]:
    return {"type": "Point", "metric": metric, "data": {"time": time, "value": value, "tags": tags}}


@pytest.mark.parametrize("path", STREAMS, ids=lambda p: p.name)
def test_plain_and_engine_paths_give_the_oracle_facts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both paths against facts computed from the stream with the json module and a sorted-list quantile."""
    expected = load_oracle.expected_facts(load_oracle.k6_ndjson(path))
    plain, engine = both(path, monkeypatch)
    assert plain == expected
    assert engine == expected


def test_sniff(tmp_path: Path) -> None:
    for path in STREAMS:
        assert k6_ndjson.sniff(path, path.read_bytes()[:HEAD_BYTES])
    assert not k6_ndjson.sniff(tmp_path, b'{"metrics": {"http_req_duration": {}}}')
    assert not k6_ndjson.sniff(tmp_path, b'{"type":"Point","metric":"vus","data":1}\n')
    assert not k6_ndjson.sniff(tmp_path, b"timeStamp,elapsed,label\n")


def test_failures_span_and_vus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tags = {"name": "GET /", "status": "200"}
    path = write(tmp_path, [
        {"type": "Metric", "metric": "vus", "data": {"type": "gauge", "contains": "default"}},
        point("vus", 4, "2024-05-09T12:00:00Z"),
        point("vus_max", 10, "2024-05-09T12:00:00Z"),
        point("http_req_duration", 10.5, "2024-05-09T14:00:01.5+02:00", tags),
        point("http_req_failed", 0, "2024-05-09T14:00:01.5+02:00", tags),
        point("http_req_duration", 30.5, "2024-05-09T12:01:30Z", {"url": "http://x/", "status": "503"}),
        point("http_req_failed", 1, "2024-05-09T12:01:30Z", {"url": "http://x/", "status": "503"}),
    ])
    plain, engine = both(path, monkeypatch)
    assert plain == engine
    assert plain["load.requests"] == 2 and plain["load.failures"] == 1
    assert plain['load.failures{label="http://x/"}'] == 1 and plain["load.concurrency"] == 4
    assert plain["load.duration_s"] == 90.0 and plain["load.started_at"] == "2024-05-09T12:00:00Z"
    assert plain["load.p50_ms"] == 20.5


def test_no_failure_evidence_leaves_failures_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, [point("http_req_duration", 12.0, tags={"name": "a"})])
    plain, engine = both(path, monkeypatch)
    assert plain == engine and "load.failures" not in plain and "load.error_rate" not in plain
    assert "load.concurrency" not in plain


def test_unreadable_times_leave_span_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, [point("http_req_duration", 12.0, time="yesterday", tags={"name": "a"})])
    plain, engine = both(path, monkeypatch)
    assert plain == engine and "load.duration_s" not in plain and "load.started_at" not in plain


def test_garbage_line_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "k6.json"
    path.write_text(json.dumps(point("vus", 1)) + "\n[1, 2]\n")
    with pytest.raises(InvalidEvidence, match="line 2"):
        k6_ndjson.parse(path)


def test_times_without_zone_are_read_as_utc_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, [point("http_req_duration", 12.0, "2024-05-09T12:00:00", {"name": "a"}),
                            point("http_req_duration", 14.0, "2024-05-09T14:01:30+02:00", {"name": "a"})])
    plain, engine = both(path, monkeypatch)
    assert plain == engine
    assert plain["load.started_at"] == "2024-05-09T12:00:00Z" and plain["load.duration_s"] == 90.0
    for threshold in (4 << 20, 0):
        monkeypatch.setattr(_loadraw, "ENGINE_THRESHOLD_BYTES", threshold)
        assert k6_ndjson.NO_ZONE in k6_ndjson.parse(path).warnings
    zoned = write(tmp_path, [point("http_req_duration", 12.0, tags={"name": "a"})])
    assert k6_ndjson.NO_ZONE not in k6_ndjson.parse(zoned).warnings
