"""readiness fleet: generated reports (some broken, some hostile) as one table, worst first, never fatal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from readiness.fleet import collect, from_history
from readiness.reporters.fleet_report import band, render
from tests.test_cli import run

NOW = datetime(2026, 12, 1, tzinfo=UTC)
CATS = [("functionality", "Functionality"), ("performance", "Performance"), ("security", "Security")]


def report(service: str, total: float, *, gate: bool | None = None, scores: tuple[float | None, ...] = (5, 5, 5),
           generated: str = "2026-11-30T00:00:00Z", oldest: str = "2026-11-20T00:00:00Z") -> dict[str, Any]:
    return {
        "schema_version": 2, "generated_at": generated, "service": service, "total": total,
        "grade": "A" if total >= 90 else "F", "evidence_share": 80.0,
        "gate": {"configured": gate is not None, "passed": bool(gate) if gate is not None else True, "reasons": []},
        "categories": [{"id": cid, "title": title, "score": s} for (cid, title), s in zip(CATS, scores, strict=True)],
        "checks": [], "files": [{"path": "e/a.xml", "sha256": "0" * 64, "evidence_time": oldest},
                                {"path": "e/b.xml", "sha256": "1" * 64, "evidence_time": "2026-11-29T00:00:00Z"}],
    }


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "team-a").mkdir(parents=True)
    docs = {"team-a/cart.json": report("cart", 72.5, gate=True),
            "team-a/pay.json": report("pay", 91.0, gate=False, scores=(10, 9.5, None)),
            "search.json": report("search", 40.0),
            "legacy.json": {**report("legacy", 55.0, generated="2026-11-01T00:00:00Z"), "schema_version": 1}}
    for name, doc in docs.items():
        (reports / name).write_text(json.dumps(doc))
    (reports / "notes.json").write_text('{"not": "a report"}')
    (reports / "broken.json").write_text('{"schema_version": 2, "checks": [')
    (reports / "future.json").write_text(json.dumps({**report("x", 1), "schema_version": 7}))
    (reports / "out-of-range.json").write_text(json.dumps(report("y", 250)))
    (reports / "readme.txt").write_text("not json, not listed: only *.json is read in a folder")
    return reports


def test_rows_worst_first_gate_failures_before_totals(folder: Path) -> None:
    fleet = collect([folder], NOW)
    assert [r.service for r in fleet.rows] == ["pay", "search", "legacy", "cart"]
    pay = fleet.rows[0]
    assert pay.gate_failed and pay.categories == {"functionality": 10, "performance": 9.5, "security": None}
    assert pay.oldest_evidence == datetime(2026, 11, 20, tzinfo=UTC) and pay.report_age_days == 1.0
    assert fleet.categories == CATS


def test_files_that_are_not_reports_are_listed_with_the_reason(folder: Path) -> None:
    skipped = {Path(s.file).name: s.reason for s in collect([folder], NOW).skipped}
    assert set(skipped) == {"notes.json", "broken.json", "future.json", "out-of-range.json"}
    assert "not a readiness report" in skipped["notes.json"] and "not JSON" in skipped["broken.json"]
    assert "schema_version 7" in skipped["future.json"] and skipped["out-of-range.json"].startswith("total")


def test_command_formats(folder: Path, tmp_path: Path) -> None:
    text = run("fleet", str(folder), "--now", "2026-12-01T00:00:00Z")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "Fleet: 4 services, 1 failing the gate, 4 files skipped"
    assert lines[3].startswith("pay") and "FAILED" in lines[3] and all(len(line) <= 100 for line in lines[:8])
    data = json.loads(run("fleet", str(folder), "-f", "json").stdout)
    assert [r["service"] for r in data["rows"]] == ["pay", "search", "legacy", "cart"]
    assert data["readable_schema_versions"] == [1, 2]
    done = run("fleet", str(folder / "search.json"), str(folder / "team-a"), "-o", str(tmp_path / "f.md"))
    assert done.returncode == 0
    md = (tmp_path / "f.md").read_text()
    assert "| Service | Total | Grade | Gate | Evidence | Functionality | Performance | Security |" in md
    assert run("fleet", str(folder), "-o", str(tmp_path / "f.html")).returncode == 0
    page = (tmp_path / "f.html").read_text()
    assert page.count('class="num heat') == 2 * 4 * 3  # two orders of 4 services x 3 categories
    assert 'class="num heat none"' in page and "Reads report schema versions 1, 2" in page


def test_missing_path_is_exit_2(tmp_path: Path) -> None:
    done = run("fleet", str(tmp_path / "nope"))
    assert done.returncode == 2 and "not found" in done.stderr


HOSTILE = ['<script>alert(1)</script>', "\x1b[2K\r0 failed", "[x](https://evil.example)", "@team #12 $x$"]


@pytest.mark.parametrize("name", HOSTILE)
def test_strings_from_other_teams_reports_are_escaped(tmp_path: Path, name: str) -> None:
    doc = report(name, 50.0)
    doc["categories"][0]["title"] = name
    (tmp_path / "r.json").write_text(json.dumps(doc))
    fleet = collect([tmp_path], NOW)
    page = render(fleet, "html")
    assert "<script>alert" not in page and "\x1b" not in page
    assert "\x1b" not in render(fleet, "text") and "\r" not in render(fleet, "text")
    md = render(fleet, "md")
    assert "](https://evil" not in md and "\x1b" not in md


def test_bands() -> None:
    assert [band(s) for s in (10, 9, 8.9, 7, 5, 3, 2.9, 0, None)] == [
        "top", "top", "good", "good", "fair", "poor", "bad", "bad", "none"]


def test_fleet_from_a_history_takes_each_services_latest_run(tmp_path: Path) -> None:
    from readiness import history
    from tests.test_history import card_for, evidence

    db = str(tmp_path / "h.db")
    folder = evidence(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    history.record(db, card_for(folder, "2026-11-01T10:00:00Z", service="cart"))
    history.record(db, card_for(empty, "2026-11-02T10:00:00Z", service="cart"))  # the latest: worse
    history.record(db, card_for(folder, "2026-11-01T10:00:00Z", service="pay"))
    fleet = from_history(db, NOW)
    assert [(r.service, r.generated_at.day) for r in fleet.rows] == [("cart", 2), ("pay", 1)]
    assert fleet.rows[0].total < fleet.rows[1].total and ("security", "Security") in fleet.categories
    done = run("fleet", "--history", db, "-f", "json")
    assert done.returncode == 0 and [r["service"] for r in json.loads(done.stdout)["rows"]] == ["cart", "pay"]
    assert run("fleet").returncode == 2 and run("fleet", str(tmp_path), "--history", db).returncode == 2
