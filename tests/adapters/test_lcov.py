"""Unit tests for readiness.adapters.lcov: DA/BRDA recomputation and merging of records."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import lcov
from readiness.adapters.base import InvalidEvidence


def test_records_of_one_file_merge_and_untaken_branches_count(tmp_path: Path) -> None:
    path = tmp_path / "lcov.info"
    path.write_text("TN:a\nSF:x.c\nDA:1,0\nDA:2,1\nBRDA:1,0,0,-\nBRDA:1,0,1,2\nLF:2\nLH:1\nend_of_record\n"
                    "TN:b\nSF:x.c\nDA:1,4\nend_of_record\nEOF\n")
    parsed = lcov.parse(path)
    assert (parsed.facts["coverage.lines_covered"], parsed.facts["coverage.lines_total"]) == (2, 2)
    assert parsed.facts["coverage.branch_pct"] == 50.0
    assert any("LH" in w for w in parsed.warnings)  # header says 1 covered, the merged body 2


def test_malformed_record_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "lcov.info"
    path.write_text("SF:x.c\nDA:one,1\nend_of_record\n")
    with pytest.raises(InvalidEvidence, match="line 2: malformed DA record"):
        lcov.parse(path)


def test_sniff_needs_an_lcov_first_line() -> None:
    assert lcov.sniff(Path("x.info"), b"TN:\nSF:a.c\nDA:1,1\nend_of_record\n")
    assert not lcov.sniff(Path("x.info"), b"mode: atomic\na.go:1.1,2.2 1 1\n")
