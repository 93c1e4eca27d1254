"""The JUnit report: valid against the Jenkins JUnit XSD, counts junitparser reads back, one case per check."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixed_cards import decided as _decided
from hostile import NASTY, hostile
from junitparser import Error, Failure, JUnitXml, Skipped
from lxml import etree

from readiness import ownoutput
from readiness.findings import STATUSES
from readiness.reporters import junit
from readiness.scorecard import Scorecard

XSD = Path(__file__).resolve().parents[1] / "schemas" / "junit-10.xsd"
# What each status must become, written out independently of the reporter's table.
EXPECTED = {"pass": None, "fail": Failure, "no_evidence": Failure, "stale": Failure, "invalid_evidence": Error,
            "waived": Skipped, "not_applicable": Skipped}


def _validate(text: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(document):
        raise AssertionError("\n".join(str(e) for e in schema.error_log))


def _read(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "report.junit.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_every_status_has_an_outcome() -> None:
    assert set(STATUSES) <= set(junit.OUTCOMES)
    assert set(STATUSES) <= set(EXPECTED)


def test_valid_against_the_jenkins_xsd(card: Scorecard) -> None:
    assert {c.status for c in card.checks} >= {"pass", "fail", "no_evidence", "invalid_evidence", "stale"}
    _validate(junit.render(card))


def test_xsd_rejects_what_it_should() -> None:
    # The validator is not a rubber stamp: a suite without its required counts fails.
    with pytest.raises(AssertionError, match="tests"):
        _validate('<testsuites><testsuite name="x" failures="0" errors="0"/></testsuites>')


def test_one_case_per_check_grouped_by_category_with_the_right_outcome(card: Scorecard, tmp_path: Path) -> None:
    xml = _read(junit.render(card), tmp_path)
    suites = list(xml)
    assert [s.name for s in suites] == [c.title for c in card.categories]
    by_id = {c.id: c for c in card.checks}
    seen = []
    for suite, category in zip(suites, card.categories, strict=True):
        cases = list(suite)
        mine = [c for c in card.checks if c.category == category.id]
        assert [case.name for case in cases] == [c.id for c in mine]
        for case in cases:
            check = by_id[case.name]
            assert case.classname == f"readiness.{check.category}"
            want = EXPECTED[check.status]
            kinds = [type(r) for r in case.result]
            assert kinds == ([] if want is None else [want]), (check.id, check.status, kinds)
            if want is not None:
                assert check.reason[:100] in case.result[0].message
            seen.append(case.name)
    assert sorted(seen) == sorted(by_id)


def test_junitparser_reads_back_the_counts(card: Scorecard, tmp_path: Path) -> None:
    xml = _read(junit.render(card), tmp_path)
    statuses = [c.status for c in card.checks]
    unproven = sum(s in ("fail", "no_evidence", "stale") for s in statuses)
    assert unproven > 0
    xml.update_statistics()  # recount from the cases and compare with what the file declared
    declared = _read(junit.render(card), tmp_path)
    assert (declared.tests, declared.failures, declared.errors) == (xml.tests, xml.failures, xml.errors)
    assert (xml.tests, xml.failures, xml.errors) == (len(statuses), unproven, statuses.count("invalid_evidence"))
    for suite in _read(junit.render(card), tmp_path):
        mine = [c.status for c in card.checks if c.category == next(
            cat.id for cat in card.categories if cat.title == suite.name)]
        assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (
            len(mine), sum(s in ("fail", "no_evidence", "stale") for s in mine),
            mine.count("invalid_evidence"), sum(s in ("waived", "not_applicable") for s in mine))


def test_waived_and_not_applicable_are_skipped_with_the_reason(card: Scorecard, tmp_path: Path) -> None:
    first, second = card.checks[0].id, card.checks[1].id
    changed = _decided(card, first, second)
    text = junit.render(changed)
    _validate(text)
    cases = {case.name: case for suite in _read(text, tmp_path) for case in suite}
    for check_id in (first, second):
        (result,) = cases[check_id].result
        assert isinstance(result, Skipped) and f"decided: {check_id}" in result.message
    suite = next(iter(_read(text, tmp_path)))
    assert suite.skipped == 2


def test_control_characters_and_lone_surrogates_make_valid_xml(card: Scorecard, tmp_path: Path) -> None:
    text = junit.render(hostile(card))
    _validate(text)
    text.encode("utf-8")  # a lone surrogate would raise here
    assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
    assert "esc\\x1b[2K" in text and "lone\\udcff" in text and "rtl\\u202e" in text
    case = next(iter(next(iter(_read(text, tmp_path)))))
    assert "&amp;amp;" in text and "<b>" not in text and NASTY.split()[0] not in case.result[0].message


def test_carries_the_mark_that_keeps_it_out_of_the_evidence(card: Scorecard) -> None:
    text = junit.render(card)
    assert ownoutput.recognise(text.encode()[:65536]) is not None
    # A test report that merely mentions the mark in a test name is still evidence.
    other = '<?xml version="1.0"?>\n<testsuite name="readiness-report:" tests="1"><testcase name="x"/></testsuite>'
    assert ownoutput.recognise(other.encode()) is None


def test_matches_its_golden_file(card: Scorecard) -> None:
    from fixed_cards import check_golden

    check_golden("report.junit.xml", junit.render(card))
