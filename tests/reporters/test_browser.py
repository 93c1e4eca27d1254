"""The HTML report in a real browser (Debian chromium via playwright): offline, inert evidence text, phone width.

Skips when chromium or playwright is missing, unless READINESS_REQUIRE_BROWSER=1 (CI) makes that a failure.
Screenshots go to test-artifacts/ in the repository root.
"""

from __future__ import annotations

import os
import re
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
    row = page.locator("tr.file", has=page.locator("code", has_text="evidence/unit.xml"))
    assert not row.get_by_text(HOSTILE).first.is_visible()  # closed until opened
    row.locator("details.facts > summary").click()
    assert row.get_by_text(HOSTILE).first.is_visible()
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
    visible = page.locator("details.check:visible")
    assert visible.count() == card.status_counts["fail"]
    assert all(s == "fail" for s in visible.evaluate_all("els => els.map(e => e.dataset.status)"))
    page.locator('#filters button[data-filter="all"]').click()
    assert page.locator("details.check:visible").count() == len(card.checks)
    _clean(one)


def test_readable_without_javascript(visit: Any, card: Scorecard) -> None:
    one = visit(390, java_script_enabled=False)
    page = one.page
    assert not page.locator("#filters").is_visible()
    assert page.locator("details.check:visible").count() == len(card.checks)
    page.locator("#check-unit-tests-pass > summary").click()  # details open without JavaScript
    assert page.get_by_text("67 % of tests passed (2 of 3); needs 100 %").last.is_visible()
    _clean(one)


def test_prints_to_pdf(visit: Any) -> None:
    one = visit(1280)
    pdf = one.page.pdf(format="A4", path=str(ARTIFACTS / "report.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert 1 <= pdf_pages(pdf) <= 8
    _clean(one)


def test_layout_goals(browser: Any, report: Path) -> None:
    """The fixture report within the same goals as the demo (see test_demo), screenshots in test-artifacts/."""
    sizes = measure(browser, report, "report")
    assert sizes["height-1280"] <= 6000 and sizes["height-390"] <= 12000
    assert sizes["width-1280"] <= 1280 and sizes["width-390"] <= 390
    assert sizes["pages"] <= 8


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_shows_what_decides_on_white(visit: Any, scheme: str) -> None:
    """On paper: failed checks open (why, fix), passing checks one line, no dark backgrounds, sections on new pages."""
    one = visit(1280, color_scheme=scheme)
    page = one.page
    page.emulate_media(media="print")
    assert page.locator("#check-unit-tests-pass .check-body").is_visible()
    assert page.get_by_text("Fix the failing unit tests listed in the evidence file.").last.is_visible()
    assert not page.locator("#check-integration-pass .check-body").is_visible()
    dark = page.evaluate(DARK_BACKGROUNDS)
    assert dark == [], dark
    assert page.evaluate("getComputedStyle(document.getElementById('checks')).breakBefore") == "page"
    assert page.evaluate("getComputedStyle(document.getElementById('files')).breakBefore") == "page"
    _clean(one)


# Elements whose own background is dark (relative luminance below 0.4), other than the small coloured keys and bars.
DARK_BACKGROUNDS = """(() => {
  const dark = [];
  for (const e of document.querySelectorAll('body, body *')) {
    if (e.closest('.seg, .key, .chart-bar, svg') || e.offsetParent === null && e !== document.body) continue;
    const m = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g);
    if (!m || (m.length === 4 && Number(m[3]) === 0)) continue;
    const [r, g, b] = m.slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    if (0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4) dark.push(e.tagName + '.' + e.className);
  }
  return dark.slice(0, 10);
})()"""


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF chromium wrote: its page objects (`/Type /Page`, not `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def measure(browser: Any, page_file: Path, name: str) -> dict[str, int]:
    """Page heights with every <details> closed and widths at 1280 and 390 px, light and dark (screenshots saved
    as test-artifacts/<name>-<width>-<scheme>.png), and the pages of chromium's print to PDF (<name>.pdf)."""
    sizes: dict[str, int] = {}
    for width in (1280, 390):
        for scheme in ("light", "dark"):
            one = Visit(browser, page_file, width, color_scheme=scheme)
            try:
                assert one.page.evaluate("document.querySelectorAll('details[open]').length") == 0
                sizes[f"height-{width}"] = one.page.evaluate("document.documentElement.scrollHeight")
                sizes[f"width-{width}"] = one.page.evaluate("document.documentElement.scrollWidth")
                one.shot(f"{name}-{width}-{scheme}.png")
                if width == 1280 and scheme == "light":
                    sizes["pages"] = pdf_pages(one.page.pdf(format="A4", path=str(ARTIFACTS / f"{name}.pdf")))
                _clean(one)
            finally:
                one.close()
    return sizes


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
