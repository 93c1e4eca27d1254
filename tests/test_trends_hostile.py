"""diff, history and fleet outputs with hostile text from reports and histories: every format stays inert."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from readiness import fleet, history, reportfile
from readiness.diff import compare
from readiness.reporters import changes, fleet_report, trends
from tests.hostile import ALL_HOSTILE, assert_markdown_safe, assert_terminal_safe
from tests.test_diff import BASE, head
from tests.test_fleet import report

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def tainted(doc: dict[str, Any], text: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["service"] = f"svc {text}"
    doc["categories"][0]["title"] = f"Perf {text}"
    for check in doc["checks"]:
        check["id"] = f"{check['id']} {text}"
        check["facts"] = {f"load.p95_ms{{label=\"{text}\"}}": 1}
    for file in doc["files"]:
        file["path"] = f"{file['path']} {text}"
    return doc


def _diff_outputs(text: str) -> dict[str, str]:
    base, new = reportfile.view(tainted(BASE, text), "b"), reportfile.view(tainted(head(), text), "h")
    diff = compare(base, new)
    return {fmt: changes.render(diff, fmt) for fmt in changes.FORMATS}


def test_diff_outputs_are_inert() -> None:
    hostile, ordinary = _diff_outputs(ALL_HOSTILE), _diff_outputs("ordinary words")
    assert_terminal_safe(hostile["text"])
    assert_terminal_safe(hostile["json"])
    assert json.loads(hostile["json"])["head"]["service"].startswith("svc")
    assert_markdown_safe(hostile["md"], baseline=ordinary["md"])


def _fleet_outputs(folder: Path, text: str) -> dict[str, str]:
    doc = report(f"svc {text}", 40.0, gate=False)
    doc["categories"][1]["title"] = f"Perf {text}"
    folder.mkdir()
    (folder / "r.json").write_text(json.dumps(doc))
    (folder / "bad.json").write_text(json.dumps({"schema_version": 2, "checks": [], "service": text}))
    found = fleet.collect([folder], NOW)
    return {fmt: fleet_report.render(found, fmt) for fmt in fleet_report.FORMATS}


def test_fleet_outputs_are_inert(tmp_path: Path) -> None:
    hostile, ordinary = _fleet_outputs(tmp_path / "h", ALL_HOSTILE), _fleet_outputs(tmp_path / "o", "plain words")
    assert_terminal_safe(hostile["text"])
    assert_terminal_safe(hostile["json"])
    assert_markdown_safe(hostile["md"], baseline=ordinary["md"])
    page = hostile["html"]
    assert "<script>alert" not in page and "<img src=x" not in page and "\x1b" not in page


@pytest.mark.parametrize("fmt", trends.FORMATS)
def test_history_outputs_are_inert(fmt: str) -> None:
    run = history.HistoryRun(id=1, service=f"svc {ALL_HOSTILE}", commit=f"c {ALL_HOSTILE}", scored_at=NOW, total=1.0,
                             grade="F", gate_configured=True, gate_passed=False, evidence_share=1.0, pack_hash="0")
    plain = run.model_copy(update={"service": "svc plain", "commit": "c plain"})
    out = trends.render([run], f"/tmp/{ALL_HOSTILE}.db", fmt)
    assert_terminal_safe(out)
    if fmt == "md":
        assert_markdown_safe(out, baseline=trends.render([plain], "/tmp/plain.db", fmt))
