"""Unit tests for readiness.adapters.prom_scrape: sums, per-label-value sums, invalid expositions."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import prom_scrape
from readiness.adapters.base import InvalidEvidence


def _scrape(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "metrics.prom"
    path.write_text(text)
    return path


def test_several_labels_give_per_label_value_sums(tmp_path: Path) -> None:
    path = _scrape(tmp_path, """# TYPE http_requests_total counter
http_requests_total{code="200",method="GET"} 10
http_requests_total{code="500",method="GET"} 2
http_requests_total{code="500",method="POST"} 3
# TYPE temp gauge
temp NaN
temp{room="a"} 20.5 1700000000000
""")
    parsed = prom_scrape.parse(path)
    assert parsed.facts["metrics.http_requests_total"] == 15
    assert parsed.facts['metrics.http_requests_total{code="500"}'] == 5
    assert parsed.facts['metrics.http_requests_total{method="GET"}'] == 12
    assert parsed.facts["metrics.temp"] == 20.5
    assert any("NaN" in w for w in parsed.warnings)
    assert parsed.observed_at is not None and parsed.observed_at.year == 2023
    assert {"name": "http_requests_total", "labels": {"code": "500", "method": "POST"}, "value": 3.0} in \
        parsed.details["series"]


def test_high_cardinality_label_is_capped(tmp_path: Path) -> None:
    lines = "".join(f'x{{id="{i}"}} 1\n' for i in range(prom_scrape.MAX_LABEL_VALUES + 5))
    parsed = prom_scrape.parse(_scrape(tmp_path, "# TYPE x gauge\n" + lines))
    assert parsed.facts["metrics.x"] == prom_scrape.MAX_LABEL_VALUES + 5
    assert sum(1 for k in parsed.facts if k.startswith("metrics.x{")) == prom_scrape.MAX_LABEL_VALUES
    assert any("over 100 values" in w for w in parsed.warnings)


@pytest.mark.parametrize("text", ["# TYPE x gauge\nx{a=\"b\" 3\n", "# TYPE x gauge\nx abc\n", "# TYPE x gauge\n"])
def test_invalid_exposition(tmp_path: Path, text: str) -> None:
    with pytest.raises(InvalidEvidence):
        prom_scrape.parse(_scrape(tmp_path, text))


def test_sniff() -> None:
    assert prom_scrape.sniff(Path("x"), b"# HELP up x\n# TYPE up gauge\nup 1\n")
    assert not prom_scrape.sniff(Path("x"), b"# Server\nredis_version:7.0.15\n")
    assert not prom_scrape.sniff(Path("x"), b"up 1\n")


@pytest.mark.parametrize("stamp", ["1" + "0" * 30, "99999999999999999"])
def test_timestamp_beyond_any_date_is_no_observation_time(tmp_path: Path, stamp: str) -> None:
    parsed = prom_scrape.parse(_scrape(tmp_path, f"# TYPE up gauge\nup 1 {stamp}\n"))
    assert parsed.facts["metrics.up"] == 1 and parsed.observed_at is None
    assert any("outside any calendar date" in w for w in parsed.warnings)
