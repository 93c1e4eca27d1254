"""Reading report JSON back: whole up to WHOLE_BYTES, streamed beyond (readiness's own reports of
thousands of evidence files), with the same view either way and bounded reads of hostile files."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness import fleet, reportfile
from readiness.packs import load_packs
from readiness.reporters import json_report
from readiness.scorecard import score_folder

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real report of 30 JUnit files (one unreadable), each with suites of names that need escaping."""
    folder = tmp_path_factory.mktemp("ev")
    for n in range(30):
        body = "".join(f'<testsuite name="s{n} &quot;{s}&quot; \\ {{x}}"><testcase classname="c" name="t"/></testsuite>'
                       for s in range(5))
        (folder / f"junit-{n:02d}.xml").write_text(f"<testsuites>{body}</testsuites>")
    (folder / "broken.xml").write_text("<testsuites><testsuite>")
    card = score_folder(load_packs(["service"]), folder, "ev", folder, ".", now=NOW, service="svc", commit=None)
    path = tmp_path_factory.mktemp("out") / "report.json"
    path.write_text(json_report.render(card), encoding="utf-8")
    return path


def test_a_report_over_the_whole_read_size_is_streamed_to_the_same_view(report: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    whole, whole_sha = reportfile.load(report)
    monkeypatch.setattr(reportfile, "WHOLE_BYTES", 1024)  # far below this report's size
    streamed, streamed_sha = reportfile.load(report)
    assert streamed == whole and streamed_sha == whole_sha == hashlib.sha256(report.read_bytes()).hexdigest()
    assert len(streamed.files) == 31 and any(f.status == "invalid" for f in streamed.files)
    row, _ = fleet.read_row(report, NOW)
    monkeypatch.setattr(reportfile, "WHOLE_BYTES", 64 << 20)
    assert fleet.read_row(report, NOW)[0] == row


def test_streaming_keeps_only_each_files_summary(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportfile, "WHOLE_BYTES", 1024)
    found, _ = reportfile.document(report)
    assert {key for entry in found["files"] for key in entry} == {"path", "sha256", "evidence_time", "status"}
    assert found["checks"] == json.loads(report.read_text())["checks"]


@pytest.mark.parametrize("text", ['{"schema_version": 2, "checks": [', "[1, 2]", '{"schema_version": 99, "checks": []}',
                                  '{"files": [{"path": "a"}], "checks": []}'])
def test_a_broken_big_report_is_one_line_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text + " " * 2048)
    reasons = []
    for whole in (64 << 20, 1024):
        monkeypatch.setattr(reportfile, "WHOLE_BYTES", whole)
        with pytest.raises(reportfile.ReportError) as caught:
            reportfile.load(path)
        reasons.append(str(caught.value))
    assert all(r.startswith(f"{path}: ") and "\n" not in r for r in reasons)
    assert ("not JSON" in reasons[0]) == ("not JSON" in reasons[1])


def test_a_file_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(reportfile.MAX_REPORT_BYTES + 1)  # sparse: no disk used, and never read
    with pytest.raises(reportfile.ReportError, match="more than the 2,048 MiB"):
        reportfile.load(path)


def test_the_view_of_a_scorecard_in_memory_equals_the_view_of_its_whole_dump() -> None:
    """--baseline compares the run in memory without dumping every file's facts first."""
    folder = Path(__file__).resolve().parent.parent / "evidence"
    card = score_folder(load_packs(["service"]), folder, "evidence", folder.parent, ".", now=NOW, service="shop",
                        commit=None)
    assert reportfile.view_of(card) == reportfile.view(card.model_dump(mode="json"), "this run")
    assert reportfile.view_of(card).files and reportfile.view_of(card).checks[0].facts is not None
