"""The HTML report: golden output, self-containment, escaping, accessibility markup and the view model."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixed_cards import HOSTILE, ROOT, check_golden, synthetic_card

from readiness.gate import Gate
from readiness.reporters import REGISTRY, html
from readiness.scorecard import Scorecard

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_LEAVES = {"circle", "rect", "line", "path", "use", "text"}


class _Tree(HTMLParser):
    """Records tags, attributes and nesting errors of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree


@pytest.fixture(scope="module")
def page(card: Scorecard) -> str:
    return html.render(card)


def test_registered() -> None:
    assert REGISTRY["html"] is html


def test_golden(page: str) -> None:
    check_golden("report.html", page)


def test_well_formed(page: str) -> None:
    tree = _parse(page)
    assert tree.errors == []
    assert tree.stack == []


def test_self_contained(page: str) -> None:
    """Nothing the page could fetch: no URL, no external script, style, font or image."""
    assert "http" not in page
    assert "//" not in page.replace("// Optional", "")  # protocol-relative URLs; the script has one comment
    tree = _parse(page)
    for tag, attrs in tree.tags:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("link", "img", "iframe", "object", "embed", "base")
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "url(" not in page and "@import" not in page


def test_hostile_test_name_is_text(page: str) -> None:
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; | pipe" in page
    assert HOSTILE in "".join(_parse(page).text)


def test_no_safe_filter_in_templates() -> None:
    """Evidence text must be escaped: templates never switch escaping off."""
    for template in (ROOT / "templates").rglob("*.j2"):
        source = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", source), template


def test_header_shows_service_commit_time_total_gate_and_share(card: Scorecard, page: str) -> None:
    text = " ".join("".join(_parse(page).text).split())
    assert "checkout <api>" in text
    assert "0123456789ab" in text
    assert "2026-12-01 12:00 UTC" in text
    assert "27.5" in text and "Grade F" in text
    assert "Gate failed" in text and "total 27.5 is below the minimum 70" in text
    assert "required check 'unit-tests-pass' failed: 67 % of tests passed (2 of 3); needs 100 %" in text
    assert "47.5 %" in text
    assert "How to read this report" in text and "scores 0" in text


def test_above_the_fold_has_verdict_score_share_and_top_three(card: Scorecard, page: str) -> None:
    """Everything a manager needs comes before the category chart: verdict, score, grade, share, three fixes."""
    summary = page[page.index('class="summary"'): page.index('id="categories"')]
    for text in ("Gate failed", "27.5", "Grade", "47.5", "What would raise the score most"):
        assert text in summary
    first = summary[: summary.index('class="more"')]
    assert [f'href="#check-{i}"' in first for i in card.raise_most] == [True, True, True, False]
    assert "67 % of tests passed (2 of 3); needs 100 %" in first


def test_category_chart(card: Scorecard, page: str) -> None:
    for category in card.categories:
        assert f'href="#cat-{category.id}"' in page
    assert 'aria-label="Functionality: 3.0 out of 10; 3 of 10 points"' in page
    # Functionality: 3 points earned, 4 failed (evidence disproves), 3 not proven (stale), of 10.
    assert ('<span class="seg seg-earned b-poor" style="width: 30.0%"></span><span class="seg seg-failed" '
            'style="width: 40.0%"></span><span class="seg seg-unproven" style="width: 30.0%"></span>') in page
    assert "not scored: no checks" in page


def test_not_proven_is_not_failed(page: str) -> None:
    """A category with no usable evidence reads differently from one whose evidence failed: hatched, named, keyed."""
    chart = page[page.index('id="categories"'): page.index('id="unproven"')]
    performance = chart[chart.index('href="#cat-performance"'):]
    performance = performance[: performance.index("</li>")]
    assert "nothing proven" in performance and "not proven</span>" in performance
    assert 'seg-unproven" style="width: 100.0%"' in performance and "seg-failed" not in performance
    testing = chart[chart.index('href="#cat-testing"'):]
    assert "not proven</span>" not in testing[: testing.index("</li>")]
    legend = chart[chart.index('class="legend'):]
    assert "failed: the evidence disproves the claim" in legend and "not proven: no usable evidence" in legend


def test_sections_in_order(page: str) -> None:
    ids = ['id="raise"', 'id="categories"', 'id="unproven"', 'id="checks"', 'id="files"']
    positions = [page.index(i) for i in ids]
    assert positions == sorted(positions)


def test_unproven_and_raise_most(card: Scorecard, page: str) -> None:
    unproven = page[page.index('id="unproven"'): page.index('id="checks"')]
    for check in (c for c in card.checks if c.id in card.unproven):
        assert f'href="#check-{check.id}"' in unproven and check.fix and check.fix in unproven
    ranked = page[page.index('id="raise"'): page.index('id="categories"')]
    positions = [ranked.index(f'href="#check-{i}"') for i in card.raise_most]
    assert positions == sorted(positions)
    assert "+25.0" in ranked and "+12.5" in ranked


def _check(page: str, check_id: str) -> str:
    """One check's markup (a check holds no nested details)."""
    article = page[page.index(f'id="check-{check_id}"'):]
    return article[: article.index("</details>")]


def test_each_check_is_one_line_until_opened(card: Scorecard, page: str) -> None:
    checks = re.findall(r'<details class="check s-(\w+)" id="check-([\w-]+)"[^>]*>', page)
    assert [i for _, i in checks] == [i for cat in card.categories for i in cat.checks]
    assert all(" open" not in tag for tag in re.findall(r'<details class="check[^>]*>', page))


def test_check_shows_conditions_in_words_reason_and_evidence(page: str) -> None:
    article = _check(page, "unit-tests-pass")
    summary = article[: article.index("</summary>")]
    assert "Every unit test passes" in summary and "67 % of tests passed (2 of 3); needs 100 %" in summary
    assert '<span class="cond">67 % of tests passed (2 of 3); needs 100 %</span>' in article
    assert "tests.pass_rate = 0.666667, expected &gt;= 1" in article  # the fact name stays, for the engineer
    assert "required by the gate" in article
    assert 'href="#file-' in article and "7d1f3816a3bd" in article and "2.8 days old" in article
    legacy = _check(page, "legacy-suite-pass")
    assert "malformed XML" in legacy and "Fix:" in legacy


def test_facts_are_shown_once_in_the_inventory(card: Scorecard, page: str) -> None:
    """A file's facts and details appear once, under the file; checks link to it instead of repeating them."""
    unit = next(f for f in card.files if f.path == "evidence/unit.xml")
    failing = unit.details["failures"][0]["name"]
    assert page.count(str(escape(failing))) == 1
    inventory = page[page.index('id="files"'):]
    assert str(escape(failing)) in inventory
    assert "<code class=\"raw\">tests.pass_rate</code>" in inventory and page.count(">tests.total<") == 2
    checks = page[page.index('id="checks"'): page.index('id="files"')]
    assert "What it says" not in checks and "what it says" not in checks


def test_inventory_failures_first(page: str) -> None:
    rows = re.findall(r'<tr id="file-\d+" class="file f-row-(\w+)">', page)
    assert rows == sorted(rows, key=["invalid", "parsed", "ignored"].index) and rows[0] == "invalid"


def test_every_table_header_has_a_scope(page: str) -> None:
    headers = [attrs for tag, attrs in _parse(page).tags if tag == "th"]
    assert headers and all(attrs.get("scope") in ("col", "row") for attrs in headers)


def test_status_is_never_colour_alone(card: Scorecard, page: str) -> None:
    """Every badge carries its status in words as well as its colour."""
    for status, label in (("fail", "FAIL"), ("stale", "STALE"), ("no_evidence", "NO EVIDENCE"),
                          ("invalid_evidence", "INVALID EVIDENCE"), ("pass", "PASS")):
        assert re.search(rf'class="badge s-{status}"><svg[^>]*><use href="#i-{status}"/></svg>{label}</span>', page)


def test_inventory_lists_every_file(card: Scorecard, page: str) -> None:
    inventory = page[page.index('id="files"'):]
    for entry in card.files:
        assert f"<code>{entry.path}</code>" in inventory
    assert "no adapter recognises this file" in inventory and "malformed XML" in inventory
    assert "1.43 KB" in inventory and "file mtime" in inventory


def test_works_without_javascript(page: str) -> None:
    """The filter buttons are hidden until the script runs; every check is in the page."""
    assert 'id="filters" role="group" aria-label="Show checks by status" hidden>' in page
    assert page.count("<script>") == 1 and "fetch" not in page and "XMLHttpRequest" not in page


def test_print_and_dark_styles(page: str) -> None:
    assert "@media print" in page and "@media screen and (prefers-color-scheme: dark)" in page


@pytest.mark.parametrize(("gate", "verdict"), [
    (Gate(configured=False, passed=True), "No gate set"),
    (Gate(configured=True, passed=True, fail_under=20), "Gate passed"),
])
def test_gate_states(card: Scorecard, gate: Gate, verdict: str) -> None:
    assert verdict in html.render(card.model_copy(update={"gate": gate}))


def test_view_numbers(card: Scorecard) -> None:
    view = html.view(card)
    assert view["gauge"]["dash"] + view["gauge"]["gap"] == pytest.approx(2 * 3.14159265 * html.GAUGE_RADIUS, 1e-3)
    assert view["gauge"]["dash"] == pytest.approx(0.275 * 2 * 3.14159265 * html.GAUGE_RADIUS, 1e-2)
    bars = {row["cat"].id: (row["earned"], row["failed"], row["unproven"]) for row in view["categories"]}
    assert bars == {"functionality": (30.0, 40.0, 30.0), "testing": (50.0, 0.0, 50.0),
                    "performance": (0.0, 0.0, 100.0), "documentation": (0.0, 0.0, 0.0)}
    assert [r["width"] for r in view["top"] + view["raise_more"]] == [100.0, 80.0, 60.0, 50.0]


def test_huge_card_folds_long_lists(tmp_path: Path) -> None:
    huge = synthetic_card(checks=300, files=200, text=50)
    page = html.render(huge)
    assert _parse(page).errors == []
    assert f"Show {len(huge.unproven) - html.OPEN_ROWS} more" in page
    assert f"Show {len(huge.raise_most) - html.TOP} more checks" in page
    assert "<img" not in page


def _palettes() -> dict[str, dict[str, str]]:
    css = (ROOT / "templates" / "html" / "style.css").read_text(encoding="utf-8")
    light = css[css.index(":root {"): css.index("}", css.index(":root {"))]
    dark_start = css.index(":root {", css.index("prefers-color-scheme: dark"))
    dark = css[dark_start: css.index("}", dark_start)]
    found = {}
    for name, block in (("light", light), ("dark", dark)):
        found[name] = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
    return found


def _luminance(colour: str) -> float:
    channels = [int(colour[i: i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_PAIRS = [("text", "bg"), ("text", "surface"), ("muted", "surface"), ("muted", "bg"), ("accent", "surface"),
              ("accent", "bg"), ("top-text", "top-bg"), ("top-muted", "top-bg"), ("good", "surface"),
              ("fair", "surface"), ("poor", "surface"), ("text", "track")] + [
    (f"{s}-fg", f"{s}-bg") for s in ("pass", "fail", "no_evidence", "invalid_evidence", "stale")] + [
    (f"{s}-fg", "surface") for s in ("pass", "fail", "no_evidence", "invalid_evidence", "stale")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_wcag_aa_contrast(scheme: str) -> None:
    """Text colours meet WCAG AA (4.5:1) on the backgrounds they are used on; bars meet 3:1 (non-text)."""
    palette = _palettes()[scheme]
    low = {f"{a} on {b}": round(_contrast(palette[a], palette[b]), 2) for a, b in TEXT_PAIRS
           if _contrast(palette[a], palette[b]) < 4.5}
    assert low == {}
    bars = {band: round(_contrast(palette[band], palette["surface"]), 2) for band in ("good", "fair", "poor", "accent")}
    assert all(ratio >= 3 for ratio in bars.values()), bars


def test_thousands_of_files_keep_a_page_a_person_can_open(tmp_path: Path) -> None:
    """Every listed file and link resolves, the long lists are cut with counts, and the page stays small."""
    from datetime import UTC, datetime

    from readiness.packs import load_packs
    from readiness.scorecard import score_folder

    files = html.FILE_ROWS + 30
    for n in range(files):
        body = "".join(f'<testsuite name="s{n}-{s}"><testcase classname="c{s}" name="t"/></testsuite>'
                       for s in range(20))
        (tmp_path / f"junit-{n:03d}.xml").write_text(f"<testsuites>{body}</testsuites>")
    (tmp_path / "broken.xml").write_text("<testsuites><testsuite>")  # unreadable: always listed, first
    card = score_folder(load_packs(["service"]), tmp_path, "ev", tmp_path, ".",
                        now=datetime(2026, 11, 28, tzinfo=UTC), service=None, commit=None)
    page = html.render(card)
    tree = _parse(page)
    assert tree.errors == [] and len(page) < 3_000_000
    rows = [a for tag, a in tree.tags if tag == "tr" and "file" in (a.get("class") or "").split()]
    assert len(rows) == html.FILE_ROWS and rows[0]["class"] == "file f-row-invalid"
    assert f"And {files + 1 - html.FILE_ROWS} more files, not listed here" in page
    ids = {a["id"] for _, a in tree.tags if a.get("id")}
    links = [a["href"][1:] for tag, a in tree.tags if tag == "a" and (a.get("href") or "").startswith("#file-")]
    assert links and set(links) <= ids  # a link only to a file the page lists
    assert f"and {files + 1 - html.EVIDENCE_LINKS:,} more (all in the JSON report)" in page
    assert f"The first {html.SERIES_ROWS} shown; all " in page
