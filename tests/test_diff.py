"""readiness diff on crafted report pairs: deltas, status changes with facts, evidence in and out."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from readiness import reportfile
from readiness.diff import compare, delta
from readiness.reporters.changes import moved, signed
from tests.test_cli import run

BASE: dict[str, Any] = {
    "schema_version": 2, "generated_at": "2026-11-01T10:00:00Z", "service": "shop", "commit": "aaa",
    "total": 48.0, "grade": "F", "evidence_share": 79.0, "gate": {"configured": False, "passed": True},
    "categories": [{"id": "performance", "title": "Performance", "score": 7.0},
                   {"id": "testing", "title": "Testing", "score": 8.0}],
    "checks": [
        {"id": "perf-p95", "category": "performance", "status": "pass", "points": 3, "max_points": 3,
         "facts": {"load.p95_ms": 1800}},
        {"id": "test-cov", "category": "testing", "status": "fail", "points": 0, "max_points": 2,
         "facts": {"coverage.line_rate": 0.7}},
        {"id": "gone", "category": "testing", "status": "pass", "points": 1, "max_points": 1, "facts": {}},
    ],
    "files": [{"path": "evidence/k6.json", "sha256": "a" * 64}, {"path": "evidence/old.xml", "sha256": "b" * 64}],
}


def head() -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    doc.update(total=44.1, generated_at="2026-11-02T10:00:00Z", commit="bbb")
    doc["categories"][0]["score"] = 4.0
    doc["checks"][0].update(status="fail", points=0, facts={"load.p95_ms": 2412})
    doc["checks"][1].update(status="pass", points=2, facts={"coverage.line_rate": 0.85})
    del doc["checks"][2]
    doc["checks"].append({"id": "new", "category": "testing", "status": "no_evidence", "points": 0,
                          "max_points": 1, "facts": {}})
    doc["files"] = [{"path": "evidence/k6.json", "sha256": "c" * 64}, {"path": "evidence/new.xml", "sha256": "d" * 64}]
    return doc


def views(base: dict[str, Any], new: dict[str, Any]) -> tuple[reportfile.ReportView, reportfile.ReportView]:
    return reportfile.view(base, "base"), reportfile.view(new, "head")


def test_deltas_are_exact_on_the_one_decimal_grid() -> None:
    assert delta(48.0, 44.1) == -3.9 and delta(0.1, 0.3) == 0.2 and delta(None, 3.0) is None
    assert signed(-3.9) == "\u22123.9" and signed(2.0) == "+2.0" and signed(0.0) == "\u00b10.0"
    assert moved(48.0, 44.0, -4.0) == "48.0 \u2192 44.0 (\u22124.0)"


def test_compare_names_every_change_regressions_first() -> None:
    diff = compare(*views(BASE, head()))
    assert diff.total_delta == -3.9
    assert [(c.id, c.delta) for c in diff.categories] == [("performance", -3.0), ("testing", 0.0)]
    assert [(c.id, c.before, c.after, c.regression) for c in diff.checks] == [
        ("gone", "pass", None, True), ("perf-p95", "pass", "fail", True),
        ("new", None, "no_evidence", False), ("test-cov", "fail", "pass", False)]
    p95 = next(c for c in diff.checks if c.id == "perf-p95")
    assert (p95.facts_before, p95.facts_after) == ({"load.p95_ms": 1800}, {"load.p95_ms": 2412})
    assert [(f.path, f.change) for f in diff.files] == [
        ("evidence/k6.json", "changed"), ("evidence/new.xml", "added"), ("evidence/old.xml", "removed")]


def test_identical_reports_have_no_changes() -> None:
    diff = compare(*views(BASE, copy.deepcopy(BASE)))
    assert diff.total_delta == 0 and not diff.checks and not diff.files


def write(tmp_path: Path, name: str, doc: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_command_text_md_and_json(tmp_path: Path) -> None:
    base, new = write(tmp_path, "base.json", BASE), write(tmp_path, "head.json", head())
    text = run("diff", str(base), str(new))
    assert text.returncode == 0
    assert "shop: 48.0 \u2192 44.1 (\u22123.9), grade F \u2192 F" in text.stdout
    assert "perf-p95: pass \u2192 fail  regression" in text.stdout
    assert "load.p95_ms: 1800 \u2192 2412" in text.stdout and "+ evidence/new.xml (added)" in text.stdout
    data = json.loads(run("diff", str(base), str(new), "-f", "json").stdout)
    assert data["total_delta"] == -3.9 and len(data["checks"]) == 4 and len(data["base"]["sha256"]) == 64
    assert run("diff", str(base), str(new), "-o", str(tmp_path / "d.md")).returncode == 0
    assert "| Check | Before | After | Facts |" in (tmp_path / "d.md").read_text()


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not JSON"),
    ('{"a": 1}', "not a readiness report"),
    (json.dumps({**BASE, "schema_version": 99}), "schema_version 99"),
    (json.dumps({**BASE, "total": "lots"}), "total"),
    (json.dumps({**BASE, "total": 180}), "total"),
])
def test_bad_reports_are_one_line_exit_2(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    done = run("diff", str(bad), str(write(tmp_path, "ok.json", BASE)))
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1


def test_hostile_check_ids_cannot_drive_the_terminal(tmp_path: Path) -> None:
    doc = head()
    doc["checks"][0]["id"] = "perf\x1b[2K\rall good"
    text = run("diff", str(write(tmp_path, "b.json", BASE)), str(write(tmp_path, "h.json", doc))).stdout
    assert "\x1b" not in text and "\r" not in text
