"""The fleet HTML page: colour contrast of the heat map, and in a real browser offline, at 390 px and in dark mode."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_browser import ARTIFACTS, Visit, _clean, browser  # noqa: F401 (browser is a fixture)
from test_html import _contrast

from readiness.fleet import collect
from readiness.reporters.fleet_report import render
from tests.test_fleet import HOSTILE, report

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    scores = [(10, 7.5, 5.5), (3.5, 1.0, None), (9.0, 8.0, 2.0)]
    names = ["checkout-service-with-a-very-long-name", HOSTILE[0], "pay"]
    for n, (name, cats) in enumerate(zip(names, scores, strict=True)):
        (folder / f"r{n}.json").write_text(json.dumps(report(name, 20.0 + 30 * n, gate=n != 1, scores=cats)))
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "fleet.html"
    path.write_text(render(collect([folder], NOW), "html"), encoding="utf-8")
    return path


def test_heat_map_text_meets_wcag_aa(page_file: Path) -> None:
    page = page_file.read_text()
    colours = dict(re.findall(r"--(top|good|fair|poor|bad): (#[0-9a-f]{6})", page))
    assert set(colours) == {"top", "good", "fair", "poor", "bad"}
    low = {band: round(_contrast(c, "#ffffff"), 2) for band, c in colours.items() if _contrast(c, "#ffffff") < 4.5}
    assert low == {}, f"white text on these bands is below 4.5:1: {low}"


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "light"), (390, "dark")])
def test_fleet_page_offline_no_overflow(browser: Any, page_file: Path, width: int, scheme: str) -> None:  # noqa: F811
    one = Visit(browser, page_file, width, color_scheme=scheme)
    try:
        page = one.page
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("#worst tbody tr").count() == 3
        assert page.locator("#worst tbody tr").first.locator("th").inner_text() == HOSTILE[0]  # gate failed: first
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        page.locator('a[href="#by-name"]').click()
        assert page.locator("#by-name").is_visible() and not page.locator("#worst").is_visible()
        one.page.screenshot(path=str(ARTIFACTS / f"fleet-{width}-{scheme}.png"), full_page=True)
        _clean(one)
    finally:
        one.close()
