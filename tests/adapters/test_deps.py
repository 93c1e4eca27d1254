"""Tests for readiness.adapters._deps: severity words and scores to bands, and when bands are reported."""

from __future__ import annotations

import pytest

from readiness.adapters import _deps


@pytest.mark.parametrize(("score", "band"), [
    (10.0, "critical"), (9.0, "critical"), (8.9, "high"), (7.0, "high"), (6.9, "medium"), (4.0, "medium"),
    (3.9, "low"), (0.1, "low"), (0.0, "info"),
])
def test_cvss_bands(score: float, band: str) -> None:
    assert _deps.band_of_score(score) == band


@pytest.mark.parametrize(("word", "band"), [
    ("CRITICAL", "critical"), ("moderate", "medium"), ("Medium", "medium"), ("info", "info"),
    ("UNKNOWN", "unknown"), ("", "unknown"), (None, "unknown"), ("severe", "unknown"),
])
def test_severity_words(word: object, band: str) -> None:
    assert _deps.band_of_word(word) == band


def test_no_vulnerabilities_supports_zero_in_every_band() -> None:
    facts = _deps.Tally().facts()
    assert facts["deps.vulns.critical"] == 0 and facts["deps.vulnerable"] == 0


def test_all_unknown_severities_report_no_band() -> None:
    tally = _deps.Tally()
    tally.add("a==1", "PYSEC-1", "unknown")
    facts = tally.facts()
    assert facts["deps.vulns"] == 1 and facts["deps.vulns.unknown"] == 1
    assert "deps.vulns.critical" not in facts
    assert "without a severity" in tally.warnings()[0]


def test_info_counts_in_total_but_no_band() -> None:
    tally = _deps.Tally()
    tally.add("a", "1", "info")
    tally.add("a", "2", "high")
    tally.add("b", "3", "high")
    facts = tally.facts()
    assert facts == {"deps.vulnerable": 2, "deps.vulns": 3, "deps.vulns.unknown": 0, "deps.vulns.critical": 0,
                     "deps.vulns.high": 2, "deps.vulns.medium": 0, "deps.vulns.low": 0}
    assert tally.warnings() == []
