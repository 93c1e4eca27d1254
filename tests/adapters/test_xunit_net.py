"""Unit tests for readiness.adapters.xunit_net: results, collections as suites, errors, timestamps, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import junit, nunit, sniff, trx, xunit_net
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tests" / "dotnet"
JUNIT_FIXTURES = FIXTURES.parent


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "results.xml"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n{body}', encoding="utf-8")
    return path


def _v2(tests: str, assembly_attrs: str = 'run-date="2024-01-02" run-time="03:04:05"', extra: str = "") -> str:
    return (f'<assemblies><assembly name="a.dll" test-framework="xUnit.net 2.9.0" {assembly_attrs}>{extra}'
            f'<collection name="Test collection for N.C">{tests}</collection></assembly></assemblies>')


@pytest.mark.parametrize(("test", "fact"), [
    ('<test name="t" result="Pass"/>', "tests.passed"),
    ('<test name="t" result="Fail"><failure><message>boom</message></failure></test>', "tests.failed"),
    ('<test name="t" result="Skip"><reason>later</reason></test>', "tests.skipped"),
    ('<test name="t" result="NotRun"/>', "tests.skipped"),
    ('<test name="t"><failure><message>boom</message></failure></test>', "tests.failed"),
    ('<test name="t"/>', "tests.errors"),
    ('<test name="t" result="Maybe"/>', "tests.errors"),
])
def test_results(tmp_path: Path, test: str, fact: str) -> None:
    parsed = xunit_net.parse(_write(tmp_path, _v2(test)))
    assert parsed.facts["tests.total"] == 1 and parsed.facts[fact] == 1, parsed.facts


def test_missing_result_warns(tmp_path: Path) -> None:
    parsed = xunit_net.parse(_write(tmp_path, _v2('<test name="t"/>')))
    assert any("without a readable result" in w for w in parsed.warnings)


def test_environmental_errors_count_in_totals_not_in_a_collection(tmp_path: Path) -> None:
    errors = ('<errors><error type="assembly-cleanup" name="a.dll"><failure exception-type="E">'
              "<message>cleanup failed\nsecond line</message></failure></error></errors>")
    parsed = xunit_net.parse(_write(tmp_path, _v2('<test name="t" result="Pass" time="0.5"/>', extra=errors)))
    assert parsed.facts["tests.total"] == 2 and parsed.facts["tests.errors"] == 1
    assert parsed.facts['tests.total{suite="Test collection for N.C"}'] == 1
    assert parsed.details["failures"] == [{"suite": "", "name": "(assembly-cleanup) a.dll",
                                           "message": "cleanup failed"}]
    assert parsed.facts["tests.duration_s"] == 0.5


@pytest.mark.parametrize(("attrs", "expected"), [
    ('run-date="2024-01-02" run-time="03:04:05"', "2024-01-02T03:04:05Z"),
    ('start-rtf="2024-01-02T03:04:05.1234567+01:00" run-date="2024-01-02" run-time="03:04:05"',
     "2024-01-02T02:04:05Z"),
    ('run-date="YYYY-MM-DD" run-time="HH:MM:SS"', None),
])
def test_start_time(tmp_path: Path, attrs: str, expected: str | None) -> None:
    parsed = xunit_net.parse(_write(tmp_path, _v2('<test name="t" result="Pass"/>', attrs)))
    assert parsed.facts.get("tests.started_at") == expected


def test_declared_total_mismatch_warns(tmp_path: Path) -> None:
    parsed = xunit_net.parse(_write(tmp_path, _v2('<test name="t" result="Pass"/>', 'total="3"')))
    assert any("declares 3 tests but the file lists 1" in w for w in parsed.warnings)


def test_v1_assembly_root_counts_classes(tmp_path: Path) -> None:
    body = ('<assembly name="a.dll" run-date="2012-01-14" run-time="10:21:10" total="2">'
            '<class name="N.C" total="2"><test name="N.C.a" result="Pass" time="0.1"/>'
            '<test name="N.C.b" result="Fail"><failure><message>x</message></failure></test></class>'
            '<class name="N.D"><failure exception-type="E"><message>fixture broke</message></failure></class>'
            '</assembly>')
    parsed = xunit_net.parse(_write(tmp_path, body))
    assert parsed.facts["tests.total"] == 3 and parsed.facts["tests.errors"] == 1
    assert parsed.facts["tests.suites"] == 2 and parsed.facts['tests.errors{suite="N.D"}'] == 1


def test_sniff_is_specific(tmp_path: Path) -> None:
    path = FIXTURES / "xunit-v2.xml"
    head = path.read_bytes()[:HEAD_BYTES]
    assert xunit_net.sniff(path, head) and sniff(path, head) is xunit_net
    assert not junit.sniff(path, head) and not nunit.sniff(path, head) and not trx.sniff(path, head)
    manifest = b'<?xml version="1.0"?><assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0"/>'
    assert not xunit_net.sniff(tmp_path / "app.manifest", manifest)
    assert not xunit_net.sniff(tmp_path / "a.xml", b"<assembly><class name='x'/></assembly>")
    for junit_file in sorted(JUNIT_FIXTURES.glob("*junit*.xml")):
        assert not xunit_net.sniff(junit_file, junit_file.read_bytes()[:HEAD_BYTES])


@pytest.mark.parametrize(("body", "reason"), [
    ("<assemblies><assembly", "malformed XML"),
    ('<!DOCTYPE a [<!ENTITY x "y">]><assemblies>&x;</assemblies>', "unsafe XML refused"),
    ("<testsuites/>", "not xUnit.net XML"),
])
def test_bad_input_gives_a_one_line_reason(tmp_path: Path, body: str, reason: str) -> None:
    with pytest.raises(InvalidEvidence, match=reason) as caught:
        xunit_net.parse(_write(tmp_path, body))
    assert "\n" not in str(caught.value)
