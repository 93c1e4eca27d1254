"""Unit tests for readiness.adapters.jacoco: source lines first, report counters as the fallback."""

from __future__ import annotations

from pathlib import Path

from readiness.adapters import jacoco

DOCTYPE = '<?xml version="1.0"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">'


def test_lines_and_branches_come_from_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "jacoco.xml"
    path.write_text(f'{DOCTYPE}<report name="r"><sessioninfo id="s" start="1700000000000" dump="1700000060000"/>'
                    '<package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="3" mb="1" cb="1"/>'
                    '<line nr="2" mi="2" ci="0" mb="0" cb="0"/></sourcefile></package>'
                    '<counter type="LINE" missed="5" covered="5"/></report>')
    parsed = jacoco.parse(path)
    assert (parsed.facts["coverage.lines_covered"], parsed.facts["coverage.lines_total"]) == (1, 2)
    assert (parsed.facts["coverage.branches_covered"], parsed.facts["coverage.branches_total"]) == (1, 2)
    assert any("disagrees" in w for w in parsed.warnings)
    assert parsed.observed_at is not None and parsed.observed_at.second == 20


def test_report_counters_are_the_fallback_without_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "jacoco.xml"
    path.write_text(f'{DOCTYPE}<report name="r"><counter type="LINE" missed="1" covered="3"/></report>')
    parsed = jacoco.parse(path)
    assert parsed.facts["coverage.line_pct"] == 75.0
    assert "coverage.branches_total" not in parsed.facts
    assert any("report-level counters" in w for w in parsed.warnings)


def test_neither_source_lines_nor_line_counter_leaves_lines_absent(tmp_path: Path) -> None:
    path = tmp_path / "jacoco.xml"
    path.write_text(f'{DOCTYPE}<report name="r"><counter type="INSTRUCTION" missed="4" covered="0"/></report>')
    parsed = jacoco.parse(path)
    assert parsed.facts == {}
    assert parsed.warnings == ["no source lines and no report-level LINE counter: line coverage unknown"]


def test_branch_counter_without_line_counter_keeps_branches(tmp_path: Path) -> None:
    # Classes compiled without debug info: JaCoCo counts branches but writes no LINE counter.
    path = tmp_path / "jacoco.xml"
    path.write_text(f'{DOCTYPE}<report name="r"><counter type="BRANCH" missed="1" covered="1"/></report>')
    facts = jacoco.parse(path).facts
    assert facts == {"coverage.branches_total": 2, "coverage.branches_covered": 1, "coverage.branch_pct": 50.0}
