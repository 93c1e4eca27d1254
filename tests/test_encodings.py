"""Evidence in UTF-16/UTF-32 with a byte-order mark, and strings no encoder can write (lone surrogates)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.evidence import read_evidence

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCRIPT = Path(sys.executable).parent / "readiness"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("fixture", ["tests/pytest-paths-xunit1.xml", "security/bandit-1.9.4.sarif",
                                     "load-raw/jmeter-csv-default.jtl"])
def test_a_file_with_a_utf16_or_utf32_bom_reads_like_its_utf8_original(fixture: str, codec: str,
                                                                       tmp_path: Path) -> None:
    original = FIXTURES / fixture
    text = original.read_text(encoding="utf-8").replace('encoding="utf-8"', f'encoding="{codec}"')
    # PowerShell's Out-File writes UTF-16 LE with a BOM; Python's utf-16/utf-32 codecs write the BOM too.
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    copy = tmp_path / original.name
    copy.write_bytes(bom + text.encode(codec))
    expected, record = read_evidence(original, "x"), read_evidence(copy, "x")
    assert record.status == "parsed", record.reason
    assert record.facts == expected.facts
    assert record.size == copy.stat().st_size and record.sha256 != expected.sha256
    assert any("byte-order mark" in w for w in record.warnings)


def test_a_lone_surrogate_in_a_k6_key_never_stops_a_run(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    # json escapes: a lone high surrogate in a submetric name and in a threshold expression.
    (evidence / "k6.json").write_text(
        '{"root_group": {}, "metrics": {"http_reqs": {"count": 3000, "rate": 50},'
        ' "http_req_duration": {"p(95)": 120, "thresholds": {"p(95)<100 \\ud800": true}},'
        ' "http_req_duration{name:GET /\\ud83d}": {"p(95)": 90},'
        ' "http_reqs{name:GET /\\ud83d}": {"count": 3000, "rate": 50}}}', encoding="utf-8")
    inspected = subprocess.run([str(SCRIPT), "inspect", "--format", "json", str(evidence / "k6.json")],
                               capture_output=True, text=True, check=False)
    assert inspected.returncode == 0, inspected.stderr
    facts = json.loads(inspected.stdout)[0]["facts"]
    assert facts['load.p95_ms{label="GET /\ufffd"}'] == 90
    outputs = [tmp_path / name for name in ("r.md", "r.json", "r.html", "r.txt")]
    scored = subprocess.run([str(SCRIPT), "score", str(evidence), "--now", "2026-12-01T00:00:00Z",
                             *(arg for out in outputs for arg in ("-o", str(out)))],
                            capture_output=True, text=True, check=False)
    assert scored.returncode in (0, 1), scored.stderr
    for out in outputs:
        assert out.stat().st_size > 0
    assert "\ufffd" in outputs[1].read_text(encoding="utf-8")
