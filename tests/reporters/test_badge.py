"""The badge: a self-contained SVG with the total and grade, and the shields.io endpoint JSON that matches it."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree

from readiness.reporters import badge, shields
from readiness.scorecard import Scorecard

SVG = "{http://www.w3.org/2000/svg}"
# The keys shields.io's endpoint badge accepts (https://shields.io/badges/endpoint-badge).
ENDPOINT_KEYS = {"schemaVersion", "label", "message", "color", "labelColor", "isError", "namedLogo", "logoSvg",
                 "logoColor", "logoWidth", "style", "cacheSeconds"}


@pytest.mark.parametrize(("grade", "colour"), [("A", "#4c1"), ("B", "#97ca00"), ("C", "#dfb317"),
                                               ("D", "#fe7d37"), ("F", "#e05d44")])
def test_badge_shows_total_and_grade_in_the_grade_colour(card: Scorecard, grade: str, colour: str) -> None:
    graded = card.model_copy(update={"grade": grade, "total": 87.3})
    root = ElementTree.fromstring(badge.render(graded))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["readiness", f"87.3 {grade}"]
    assert root.find(f"{SVG}title").text == f"readiness: {texts[1]}"
    assert colour in {r.get("fill") for r in root.iter(f"{SVG}rect")}
    endpoint = json.loads(shields.render(graded))
    assert endpoint["message"] == texts[1] and endpoint["label"] == "readiness"
    assert endpoint["color"] == badge.COLOURS[grade]


def test_badge_is_self_contained(card: Scorecard) -> None:
    text = badge.render(card)
    root = ElementTree.fromstring(text)
    attributes = [value for element in root.iter() for value in element.attrib.values()]
    assert not any("http" in v or "url(" in v for v in attributes)
    assert "href" not in text and "<script" not in text and "<image" not in text and "@import" not in text
    rects = list(root.iter(f"{SVG}rect"))
    assert int(rects[1].get("x")) + int(rects[1].get("width")) == int(root.get("width")) == int(rects[0].get("width"))


def test_badge_text_is_escaped(card: Scorecard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(badge, "LABEL", '<script>"&')
    text = badge.render(card)
    root = ElementTree.fromstring(text)
    assert next(root.iter(f"{SVG}text")).text == '<script>"&'
    assert "<script>" not in text


def test_endpoint_json_uses_only_keys_shields_accepts(card: Scorecard) -> None:
    endpoint = json.loads(shields.render(card))
    assert endpoint["schemaVersion"] == 1
    assert set(endpoint) <= ENDPOINT_KEYS
    assert endpoint["message"] == f"{card.total:.1f} {card.grade}"


def test_matches_its_golden_files(card: Scorecard) -> None:
    from fixed_cards import check_golden

    check_golden("report.svg", badge.render(card))
    check_golden("report.shields.json", shields.render(card))
