"""Unit tests for readiness.adapters.cobertura: recomputation from <line>s, merges, absent branches."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import cobertura
from readiness.adapters.base import InvalidEvidence


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "coverage.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/'
                    f'coverage-04.dtd">\n{body}')
    return path


def test_repeated_classes_merge_and_header_mismatch_warns(tmp_path: Path) -> None:
    klass = ('<class name="A" filename="a.py"><methods><method name="f"><lines><line number="1" hits="1"/>'
             '</lines></method></methods><lines><line number="1" hits="1"/><line number="2" hits="0" '
             'branch="True" condition-coverage="50% (1/2)"/></lines></class>')
    path = _write(tmp_path, f'<coverage lines-valid="4" lines-covered="2" timestamp="1700000000000"><packages>'
                            f'<package><classes>{klass}{klass}</classes></package></packages></coverage>')
    parsed = cobertura.parse(path)
    assert (parsed.facts["coverage.lines_total"], parsed.facts["coverage.lines_covered"]) == (2, 1)
    assert parsed.facts["coverage.branch_pct"] == 50.0
    assert any("lines_total=4 but the body gives 2" in w for w in parsed.warnings)
    assert parsed.observed_at is not None and parsed.observed_at.year == 2023


def test_no_branch_data_means_absent_branch_facts(tmp_path: Path) -> None:
    path = _write(tmp_path, '<coverage branches-valid="0"><packages><package><classes><class name="A" '
                            'filename="a.py"><lines><line number="3" hits="0"/></lines></class></classes>'
                            '</package></packages></coverage>')
    facts = cobertura.parse(path).facts
    assert facts["coverage.line_pct"] == 0.0
    assert not any(name.startswith("coverage.branch") for name in facts)


def test_wrong_root_and_broken_xml_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidEvidence, match="root element <report>"):
        cobertura.parse(_write(tmp_path, "<report/>"))
    with pytest.raises(InvalidEvidence, match="malformed XML"):
        cobertura.parse(_write(tmp_path, '<coverage line-rate="1"><packages>'))


def test_infinite_header_counts_are_no_counts(tmp_path: Path) -> None:
    path = _write(tmp_path, '<coverage lines-valid="1e400" lines-covered="-1e400"><packages><package><classes>'
                            '<class name="A" filename="a.py"><lines><line number="1" hits="1"/></lines></class>'
                            '</classes></package></packages></coverage>')
    parsed = cobertura.parse(path)
    assert parsed.facts["coverage.lines_total"] == 1 and parsed.warnings == []


def test_a_header_that_disagrees_with_the_counted_lines_is_a_warning_and_the_lines_count(tmp_path: Path) -> None:
    """docs/evidence.md, totals a file states about itself: the elements count, the header is compared."""
    from readiness.adapters import cobertura as adapter

    path = tmp_path / "coverage.xml"
    path.write_text('<?xml version="1.0" ?><coverage lines-valid="4" lines-covered="4" line-rate="1" version="7.6">'
                    '<packages><package name="p"><classes><class name="a.py" filename="a.py"><lines>'
                    '<line number="1" hits="1"/><line number="2" hits="0"/></lines></class></classes>'
                    '</package></packages></coverage>')
    parsed = adapter.parse(path)
    assert (parsed.facts["coverage.lines_total"], parsed.facts["coverage.lines_covered"]) == (2, 1)
    assert parsed.warnings == ["Cobertura header disagrees with the report body (lines_total=4 but the body gives 2, "
                               "lines_covered=4 but the body gives 1); facts recomputed from the body"]
