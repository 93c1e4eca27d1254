"""The HTML report in a real browser (Debian chromium via playwright): offline, inert evidence text, phone width.

Skips when chromium or playwright is missing, unless READINESS_REQUIRE_BROWSER=1 (CI) makes that a failure.
Screenshots go to test-artifacts/ in the repository root.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixed_cards import HOSTILE, ROOT

from readiness.reporters import html
from readiness.scorecard import Scorecard

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("READINESS_CHROMIUM", "/usr/bin/chromium"))
# A closed network: no background fetches, updates or first-run pages; --no-sandbox because CI runs as root.
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-gpu"]
ARTIFACTS = ROOT / "test-artifacts"


def _unavailable() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright; never `playwright install`)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason:
        if os.environ.get("READINESS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"READINESS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report(card: Scorecard) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report.html"
    path.write_text(html.render(card), encoding="utf-8")
    return path


class Visit:
    """One page load with every request but the page itself aborted, and everything that went wrong recorded."""

    def __init__(self, browser: Any, report: Path, width: int, **context: Any) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, **context)
        self.page = self.context.new_page()
        self.url = report.as_uri()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> Path:
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, report: Path) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(width: int, **context: Any) -> Visit:
        opened.append(Visit(browser, report, width, **context))
        return opened[-1]

    yield open_page
    for one in opened:
        one.close()


def _clean(one: Visit) -> None:
    assert one.blocked == [], f"the report tried to fetch {one.blocked}"
    assert one.errors == []
    assert one.dialogs == []


def test_desktop(visit: Any, card: Scorecard) -> None:
    one = visit(1280)
    page = one.page
    assert page.locator(".gauge").is_visible()
    assert page.get_by_text(f"{card.total:.1f}", exact=True).first.is_visible()
    for category in card.categories:
        assert page.locator(f'.chart a[href="#cat-{category.id}"]').is_visible()
        assert page.locator(f"#cat-{category.id}-title").is_visible()
    assert page.locator("#filters").is_visible()  # the script ran
    assert one.shot("report-1280.png").stat().st_size > 10_000
    _clean(one)


def test_hostile_name_is_inert_text(visit: Any) -> None:
    one = visit(1280)
    page = one.page
    assert page.locator("img").count() == 0
    assert page.locator('[src="x"]').count() == 0
    assert page.locator("#check-unit-tests-pass").get_by_text(HOSTILE).first.is_visible()
    page.wait_for_timeout(200)  # an onerror handler would have fired by now
    _clean(one)


def test_phone_width_does_not_overflow(visit: Any) -> None:
    one = visit(390)
    assert one.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert one.page.locator(".gauge").is_visible()
    one.shot("report-390.png")
    _clean(one)


def test_dark_mode(visit: Any) -> None:
    one = visit(1280, color_scheme="dark")
    background = one.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(17, 21, 26)"
    one.shot("report-1280-dark.png")
    _clean(one)


def test_filter_by_status(visit: Any, card: Scorecard) -> None:
    one = visit(1280)
    page = one.page
    page.locator('#filters button[data-filter="fail"]').click()
    visible = page.locator("article.check:visible")
    assert visible.count() == card.status_counts["fail"]
    assert all(s == "fail" for s in visible.evaluate_all("els => els.map(e => e.dataset.status)"))
    page.locator('#filters button[data-filter="all"]').click()
    assert page.locator("article.check:visible").count() == len(card.checks)
    _clean(one)


def test_readable_without_javascript(visit: Any, card: Scorecard) -> None:
    one = visit(390, java_script_enabled=False)
    page = one.page
    assert not page.locator("#filters").is_visible()
    assert page.locator("article.check:visible").count() == len(card.checks)
    _clean(one)


def test_prints_to_pdf(visit: Any) -> None:
    one = visit(1280)
    pdf = one.page.pdf(format="A4", path=str(ARTIFACTS / "report.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    _clean(one)


def test_harness_sees_a_request_and_a_dialog(browser: Any, tmp_path: Path) -> None:
    """The checks above are only worth something if a fetch or a script would be caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<img src="https://example.invalid/x.png"><script>alert(1)</script>', encoding="utf-8")
    one = Visit(browser, bad, 390)
    try:
        assert one.blocked == ["https://example.invalid/x.png"]
        assert one.dialogs == ["1"]
    finally:
        one.close()
