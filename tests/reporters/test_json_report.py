"""The JSON report: golden output, a faithful round trip, and the snapshot of its JSON Schema.

The schema snapshot (tests/golden/report.schema.json) records SCHEMA_VERSION with the schema. When the
Scorecard's shape changes, bump SCHEMA_VERSION in readiness/scorecard.py (once per landing that changes
the report) and rewrite the snapshot with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/reporters`.
"""

from __future__ import annotations

import json
import os
from typing import Any

from fixed_cards import GOLDEN, check_golden

from readiness.reporters import json_report
from readiness.scorecard import SCHEMA_VERSION, Scorecard

SCHEMA_SNAPSHOT = GOLDEN / "report.schema.json"


def test_golden(card: Scorecard) -> None:
    check_golden("report.json", json_report.render(card))


def test_report_reads_back_as_the_same_scorecard(card: Scorecard) -> None:
    text = json_report.render(card)
    assert Scorecard.model_validate_json(text) == card
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def _schema_document() -> str:
    document = {"schema_version": SCHEMA_VERSION, "schema": Scorecard.model_json_schema(mode="serialization")}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _shape(schema: Any) -> Any:
    """The schema without its prose: what a consumer of the report relies on."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def test_schema_matches_its_snapshot_and_version() -> None:
    current = json.loads(_schema_document())
    if os.environ.get("UPDATE_GOLDEN") == "1":
        SCHEMA_SNAPSHOT.write_text(_schema_document(), encoding="utf-8")
        return
    snapshot = json.loads(SCHEMA_SNAPSHOT.read_text(encoding="utf-8"))
    rewrite = "rewrite tests/golden/report.schema.json with UPDATE_GOLDEN=1 .venv/bin/pytest tests/reporters"
    assert snapshot["schema_version"] == SCHEMA_VERSION, (
        f"SCHEMA_VERSION is {SCHEMA_VERSION} but the snapshot records {snapshot['schema_version']}: {rewrite}")
    assert _shape(current["schema"]) == _shape(snapshot["schema"]), (
        "the report's JSON Schema changed: bump SCHEMA_VERSION in readiness/scorecard.py (once per landing that "
        f"changes the report; README, Development), then {rewrite} and review the diff")
    assert current["schema"] == snapshot["schema"], f"only descriptions changed (no version bump needed): {rewrite}"


def test_the_snapshot_guard_notices_a_new_field() -> None:
    """The comparison above looks at properties: a field added to the Scorecard changes the shape."""
    snapshot = json.loads(SCHEMA_SNAPSHOT.read_text(encoding="utf-8"))["schema"]
    grown = json.loads(json.dumps(snapshot))
    grown["properties"]["extra"] = {"type": "string"}
    assert _shape(grown) != _shape(snapshot)
    assert set(snapshot["properties"]) == set(Scorecard.model_fields)


def test_serialising_straight_from_the_model_writes_what_orjson_writes_from_model_dump(card: Scorecard) -> None:
    """The report is written by pydantic's own JSON serialiser (no Python copy of thousands of files' facts);
    byte for byte what orjson writes from model_dump, on the golden card, a big synthetic card with hostile
    text and odd numbers, and a card holding a lone surrogate (which takes the scrubbing path)."""
    import orjson
    from fixed_cards import synthetic_card

    from readiness import textsafe

    def via_orjson(scorecard: Scorecard) -> str:
        data = textsafe.scrub(scorecard, textsafe.lone_surrogates).model_dump(mode="json")
        return textsafe.json_escapes(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"

    big = synthetic_card(checks=50, files=40)
    odd = big.model_copy(update={"files": [big.files[0].model_copy(update={"facts": {
        "tests.duration_s": 1e-7, "load.p95_ms": 1.5e300, "x.count": 2**60, "x.rate": 0.1, "x.neg": -0.0,
        "x.text": 'q"\\/\x01\u202e\u00e9\U0001f600', "x.list": ["a", "\u2028"]}})] + big.files[1:]})
    surrogate = odd.model_copy(update={"service": "bad \udcff name"})
    for scorecard in (card, big, odd, surrogate):
        assert json_report.render(scorecard) == via_orjson(scorecard)
