"""The SARIF report: valid SARIF 2.1.0, a result per check that does not pass, located in the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fixed_cards import decided as _decided
from hostile import hostile

from readiness import ownoutput
from readiness.findings import STATUSES
from readiness.reporters import sarif
from readiness.scorecard import Scorecard

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "sarif-2.1.0.json").read_text())


def _validate(log: dict[str, Any]) -> None:
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator(SCHEMA, format_checker=validator.FORMAT_CHECKER).validate(log)


def _results(card: Scorecard) -> dict[str, dict[str, Any]]:
    log = json.loads(sarif.render(card))
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def test_every_status_has_a_level() -> None:
    assert set(STATUSES) <= set(sarif.LEVELS)


def test_valid_against_the_sarif_schema(card: Scorecard) -> None:
    log = json.loads(sarif.render(card))
    _validate(log)
    assert log["version"] == "2.1.0"


def test_the_schema_check_is_not_a_rubber_stamp(card: Scorecard) -> None:
    log = json.loads(sarif.render(card))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError, match="fatal"):
        _validate(log)


def test_a_result_per_check_that_does_not_pass(card: Scorecard) -> None:
    log = json.loads(sarif.render(card))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for c in card.checks]
    results = run["results"]
    assert sorted(r["ruleId"] for r in results) == sorted(c.id for c in card.checks if c.status != "pass")
    by_id = {c.id: c for c in card.checks}
    for result in results:
        check = by_id[result["ruleId"]]
        assert rules[result["ruleIndex"]]["id"] == check.id
        assert check.reason in result["message"]["text"]
        assert result["properties"]["status"] == check.status
        want = "error" if check.required or check.status in ("fail", "invalid_evidence") else "warning"
        assert result["level"] == want, check.id
        assert len(result["locations"]) == 1


def test_located_at_the_evidence_file_else_the_pack_line(card: Scorecard) -> None:
    results = _results(card)
    with_files = [c for c in card.checks if c.status != "pass" and c.evidence]
    without = [c for c in card.checks if c.status != "pass" and not c.evidence]
    assert with_files and without
    for check in with_files:
        location = results[check.id]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": check.evidence[0].path, "uriBaseId": "%SRCROOT%"} or \
            location["artifactLocation"]["uri"] in {r.path for r in check.evidence}
    pack = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "pack.yaml"
    lines = pack.read_text().splitlines()
    for check in without:
        location = results[check.id]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "tests/fixtures/report/pack.yaml"
        line = location["region"]["startLine"]
        assert f"id: {check.id}" in lines[line - 1], (check.id, lines[line - 1])


def test_an_unreadable_file_comes_first(card: Scorecard) -> None:
    broken = {f.path for f in card.files if f.status == "invalid"}
    for check in (c for c in card.checks if c.status == "invalid_evidence"):
        uri = _results(card)[check.id]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri in broken


def test_a_built_in_check_without_evidence_points_at_the_evidence_folder(card: Scorecard) -> None:
    check = next(c for c in card.checks if not c.evidence and c.status != "pass")
    source = check.source.model_copy(update={"builtin": True}) if check.source else None
    changed = card.model_copy(update={"checks": [c.model_copy(update={"source": source}) if c.id == check.id else c
                                                 for c in card.checks]})
    location = _results(changed)[check.id]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "evidence/" and "region" not in location


def test_waived_and_not_applicable_are_suppressed_with_the_reason(card: Scorecard) -> None:
    first, second = card.checks[0].id, card.checks[1].id
    changed = _decided(card, first, second)
    log = json.loads(sarif.render(changed))
    _validate(log)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    for check_id in (first, second):
        (suppression,) = results[check_id]["suppressions"]
        assert suppression["kind"] == "external" and suppression["status"] == "accepted"
        assert f"decided: {check_id}" in suppression["justification"]
    assert all("suppressions" not in r for k, r in results.items() if k not in (first, second))


def test_hostile_text_stays_valid_json_and_sarif(card: Scorecard) -> None:
    text = sarif.render(hostile(card))
    text.encode("utf-8")
    log = json.loads(text)
    _validate(log)
    assert "\x1b" not in json.dumps(log, ensure_ascii=False) and "esc\\x1b[2K" in log["properties"]["service"]


def test_carries_the_mark_that_keeps_it_out_of_the_evidence(card: Scorecard) -> None:
    assert ownoutput.recognise(sarif.render(card).encode()[:65536]) is not None
    other = json.dumps({"$schema": sarif.SCHEMA, "version": "2.1.0", "runs": [{"properties": {"readiness-report": 1}}]})
    assert ownoutput.recognise(other.encode()) is None


def test_a_decided_check_without_evidence_points_at_its_decision(card: Scorecard) -> None:
    check = next(c for c in card.checks if not c.evidence and c.status != "pass")
    location = _results(_decided(card, check.id, ""))[check.id]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "readiness.yaml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 7}}


def test_matches_its_golden_file(card: Scorecard) -> None:
    from fixed_cards import check_golden

    check_golden("report.sarif", sarif.render(card))
