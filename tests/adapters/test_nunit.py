"""Unit tests for readiness.adapters.nunit: outcome mapping, fixtures as suites, timestamps, sniffing, safety."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from readiness.adapters import junit, nunit, sniff, trx, xunit_net
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tests" / "dotnet"
JUNIT_FIXTURES = FIXTURES.parent


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "TestResult.xml"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n{body}', encoding="utf-8")
    return path


def _run3(cases: str, **attrs: str) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (f'<test-run id="0" {extra}><test-suite type="Assembly" name="a.dll">'
            f'<test-suite type="TestFixture" name="T" fullname="N.T">{cases}</test-suite></test-suite></test-run>')


@pytest.mark.parametrize(("attrs", "fact"), [
    ('result="Passed"', "tests.passed"),
    ('result="Warning"', "tests.passed"),
    ('result="Failed"', "tests.failed"),
    ('result="Failed" label="Error"', "tests.errors"),
    ('result="Failed" label="Invalid"', "tests.errors"),
    ('result="Failed" label="Cancelled"', "tests.errors"),
    ('result="Skipped" label="Ignored"', "tests.skipped"),
    ('result="Skipped" label="Explicit"', "tests.skipped"),
    ('result="Inconclusive"', "tests.skipped"),
    ('result="Bogus"', "tests.errors"),
])
def test_nunit3_outcomes(tmp_path: Path, attrs: str, fact: str) -> None:
    parsed = nunit.parse(_write(tmp_path, _run3(f'<test-case name="t" {attrs}/>')))
    assert parsed.facts["tests.total"] == 1
    assert parsed.facts[fact] == 1, parsed.facts


@pytest.mark.parametrize(("attrs", "fact"), [
    ('executed="True" result="Success" success="True"', "tests.passed"),
    ('executed="True" result="Failure" success="False"', "tests.failed"),
    ('executed="True" result="Error" success="False"', "tests.errors"),
    ('executed="False" result="NotRunnable"', "tests.errors"),
    ('executed="False" result="Ignored"', "tests.skipped"),
    ('executed="False" result="Skipped"', "tests.skipped"),
    ('executed="True" result="Inconclusive"', "tests.skipped"),
    ('executed="False"', "tests.skipped"),            # NUnit 2.2: no result attribute
    ("executed='true' success='true'", "tests.passed"),
    ('executed="True" success="False"', "tests.failed"),
])
def test_nunit2_outcomes(tmp_path: Path, attrs: str, fact: str) -> None:
    body = f'<test-results name="x" total="1"><test-suite name="T"><results><test-case name="T.t" {attrs}/>' \
           '</results></test-suite></test-results>'
    parsed = nunit.parse(_write(tmp_path, body))
    assert parsed.facts[fact] == 1, parsed.facts


def test_unreadable_success_is_an_error_with_a_warning(tmp_path: Path) -> None:
    body = ('<test-results name="x"><test-suite name="T"><results>'
            '<test-case name="T.t" executed="True" success="Turue"/></results></test-suite></test-results>')
    parsed = nunit.parse(_write(tmp_path, body))
    assert parsed.facts["tests.errors"] == 1 and parsed.facts["tests.passed"] == 0
    assert any("unreadable" in w for w in parsed.warnings)


def test_parameterized_methods_belong_to_their_fixture(tmp_path: Path) -> None:
    cases = ('<test-suite type="ParameterizedMethod" name="P" fullname="N.T.P">'
             '<test-case name="P(1)" result="Passed"/><test-case name="P(2)" result="Passed"/></test-suite>'
             '<test-case name="Q" result="Passed" duration="0.25"/>')
    parsed = nunit.parse(_write(tmp_path, _run3(cases)))
    assert parsed.facts["tests.suites"] == 1
    assert parsed.facts['tests.total{suite="N.T"}'] == 3
    assert parsed.facts['tests.duration_s{suite="N.T"}'] == 0.25


def test_nunit2_fixture_names_get_their_namespaces(tmp_path: Path) -> None:
    body = ('<test-results name="x"><test-suite type="Assembly" name="a.dll"><results>'
            '<test-suite type="Namespace" name="Shop"><results><test-suite type="Namespace" name="Cart"><results>'
            '<test-suite type="TestFixture" name="AddTests"><results>'
            '<test-case name="Shop.Cart.AddTests.One" executed="True" result="Success"/>'
            '</results></test-suite></results></test-suite></results></test-suite></results></test-suite>'
            '</test-results>')
    parsed = nunit.parse(_write(tmp_path, body))
    assert parsed.facts['tests.total{suite="Shop.Cart.AddTests"}'] == 1


def test_an_empty_fixture_is_still_a_suite_and_nothing_ran(tmp_path: Path) -> None:
    parsed = nunit.parse(_write(tmp_path, _run3("")))
    assert parsed.facts["tests.suites"] == 1 and parsed.facts["tests.total"] == 0
    assert "tests.pass_rate" not in parsed.facts
    assert any(w.startswith("0 tests ran") for w in parsed.warnings)


@pytest.mark.parametrize(("attrs", "expected"), [
    ({"start_time": "2024-03-05 09:15:02Z"}, "2024-03-05T09:15:02Z"),
    ({"start_time": "11:34:27", "run_date": "2011-07-26"}, "2011-07-26T11:34:27Z"),  # NUnit 3.0 beta
    ({}, None),
])
def test_nunit3_start_time(tmp_path: Path, attrs: dict[str, str], expected: str | None) -> None:
    parsed = nunit.parse(_write(tmp_path, _run3('<test-case name="t" result="Passed"/>', **attrs)))
    assert parsed.facts.get("tests.started_at") == expected
    assert (parsed.observed_at is None) == (expected is None)


def test_nunit2_unreadable_date_gives_no_start(tmp_path: Path) -> None:
    body = ("<test-results name='x' date='6/12/2007' time='2:46 PM'><test-suite name='T'><results>"
            "<test-case name='t' executed='true' success='true'/></results></test-suite></test-results>")
    assert "tests.started_at" not in nunit.parse(_write(tmp_path, body)).facts


def test_failures_sample_is_capped_with_one_line_messages(tmp_path: Path) -> None:
    cases = "".join(f'<test-case name="t{i}" fullname="N.T.t{i}" result="Failed"><failure><message>'
                    f"<![CDATA[\n  Expected: {i}\n  But was: 0\n]]></message></failure></test-case>"
                    for i in range(12))
    parsed = nunit.parse(_write(tmp_path, _run3(cases)))
    assert parsed.facts["tests.failed"] == 12
    failures = parsed.details["failures"]
    assert len(failures) == 10
    assert failures[0] == {"suite": "N.T", "name": "N.T.t0", "message": "Expected: 0"}


def test_sniff_claims_nunit_only() -> None:
    for name in ("nunit3-outcomes.xml", "nunit2-results.xml"):
        head = (FIXTURES / name).read_bytes()[:HEAD_BYTES]
        assert nunit.sniff(FIXTURES / name, head)
        assert not junit.sniff(FIXTURES / name, head)
        assert not xunit_net.sniff(FIXTURES / name, head) and not trx.sniff(FIXTURES / name, head)
        assert sniff(FIXTURES / name, head) is nunit
    for junit_file in sorted(JUNIT_FIXTURES.glob("*junit*.xml")):
        assert not nunit.sniff(junit_file, junit_file.read_bytes()[:HEAD_BYTES])


@pytest.mark.parametrize(("body", "reason"), [
    ('<testsuites><testsuite name="x"/></testsuites>', "not NUnit XML"),
    ('<!DOCTYPE test-run [<!ENTITY x SYSTEM "file:///etc/passwd">]><test-run>&x;</test-run>', "unsafe XML refused"),
    ('<test-run><test-suite type="Assembly"', "malformed XML"),
])
def test_bad_input_gives_a_one_line_reason(tmp_path: Path, body: str, reason: str) -> None:
    with pytest.raises(InvalidEvidence, match=reason) as caught:
        nunit.parse(_write(tmp_path, body))
    assert "\n" not in str(caught.value) and "root:" not in str(caught.value)


@pytest.mark.parametrize("name", ["bad-chars/nunit-issue17521-nul-char.xml", "xxe/nunit-sec1752-file.xml",
                                  "xxe/nunit-sec1752-https.xml"])
def test_invalid_corpus_files_are_refused(corpus: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    path = corpus / "invalid" / name
    assert nunit.sniff(path, path.read_bytes()[:HEAD_BYTES])
    with pytest.raises(InvalidEvidence) as caught:
        nunit.parse(path)
    assert "\n" not in str(caught.value) and "root:" not in str(caught.value)
