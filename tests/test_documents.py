"""Markdown documents and runbooks from --root: headings, required sections, records."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.documents import collect, headings, missing_sections
from readiness.packs import Document, Runbooks
from tests.test_cli import run


def test_headings_atx_setext_and_not_in_code() -> None:
    text = "# Title\n\nQuick start\n-----------\n\n```\n# not a heading\n```\n## Configuration ##\n- item\n---\n"
    assert headings(text) == ["Title", "Quick start", "Configuration"]


def test_missing_sections_is_case_insensitive_and_partial() -> None:
    assert missing_sections(["Quick start (5 minutes)", "configuration"], ["Quick Start", "Configuration",
                                                                            "Escalation"]) == ["Escalation"]


def test_collect_runbooks_and_documents(tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "a.md").write_text("# A\n## Symptoms\n## Mitigation\n")
    (tmp_path / "runbooks" / "b.md").write_text("# B\n## Symptoms\n")
    (tmp_path / "runbooks" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "README.md").write_text("# x\n## Quick start\n")
    documents = {"readme": Document(path="README.md", sections=["Quick start", "Configuration"]),
                 "adr": Document(path="docs/adr/*.md")}
    records = collect(tmp_path, "repo", documents,
                      Runbooks(sections=["Symptoms", "Mitigation"]), set())
    by_path = {r.path: r for r in records}
    assert sorted(by_path) == ["repo/README.md", "repo/runbooks/a.md", "repo/runbooks/b.md"]
    assert by_path["repo/runbooks/b.md"].facts["runbooks.incomplete"] == 1
    assert by_path["repo/runbooks/b.md"].details == {"sections_missing": ["Mitigation"],
                                                     "offenders": {"runbooks.incomplete": ["b.md"]}}
    assert by_path["repo/runbooks/a.md"].facts == {"runbooks.count": 1, "runbooks.sections": ["A", "Mitigation",
                                                                                             "Symptoms"],
                                                   "runbooks.incomplete": 0}
    readme = by_path["repo/README.md"]
    assert readme.facts == {"docs.readme.present": True, "docs.readme.sections_missing": 1}
    assert readme.family == "docs" and readme.time_source == "mtime" and len(readme.sha256) == 64


def test_files_already_read_as_evidence_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# x\n")
    records = collect(tmp_path, ".", {"readme": Document(path="README.md")}, Runbooks(),
                      {(tmp_path / "README.md").resolve()})
    assert records == []


def test_heading_edge_cases() -> None:
    text = "## Using C#\n### Closing ###\n# Title\n---\nPara\n===\n#\n#hashtag is not a heading\n"
    assert headings(text) == ["Using C#", "Closing", "Title", "Para"]


def test_a_symlink_outside_the_root_is_listed_and_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# SECRET-HEADING\n## Symptoms\n")
    root = tmp_path / "repo"
    (root / "runbooks").mkdir(parents=True)
    (root / "runbooks" / "leak.md").symlink_to(outside / "secret.md")
    (root / "runbooks" / "ok.md").write_text("# OK\n")
    (root / "README.md").symlink_to(outside / "secret.md")
    records = collect(root, ".", {"readme": Document(path="README.md", sections=["Symptoms"])}, Runbooks(), set())
    by_path = {r.path: r for r in records}
    assert sorted(by_path) == ["README.md", "runbooks/leak.md", "runbooks/ok.md"]
    for shown in ("README.md", "runbooks/leak.md"):
        record = by_path[shown]
        assert (record.status, record.facts, record.details, record.sha256) == ("invalid", {}, {}, "")
        assert record.reason == "not read: it resolves outside --root (a symbolic link or a path with ..)"
        assert "SECRET" not in record.model_dump_json()
    assert by_path["runbooks/ok.md"].facts["runbooks.sections"] == ["OK"]


def test_a_runbooks_folder_that_is_a_symlink_out_of_the_root_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("# SECRET\n")
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "runbooks").symlink_to(tmp_path / "outside")
    assert collect(tmp_path / "repo", ".", {}, Runbooks(), set()) == []


@pytest.mark.parametrize(("path", "problem"), [
    ("../etc/*.md", "must stay inside --root, got '../etc/*.md' which climbs out with '..'"),
    ("docs/../../x.md", "must stay inside --root, got 'docs/../../x.md' which climbs out with '..'"),
    ("/etc/motd", "must be relative to --root, got the absolute path '/etc/motd'"),
    ("C:/x.md", "must be relative to --root, got the absolute path 'C:/x.md'"),
    ("~/x.md", "must be relative to --root, got the absolute path '~/x.md'"),
])
def test_validate_refuses_document_paths_that_leave_the_root(tmp_path: Path, path: str, problem: str) -> None:
    pack = tmp_path / "team.yaml"
    pack.write_text(f"documents:\n  readme:\n    path: {path!r}\nruns: 1\n".replace("runs: 1\n", "")
                    + "checks:\n  - id: x\n    category: testing\n    points: 1\n    claim: c\n"
                      "    evidence: tests\n    when: [tests.failed == 0]\n")
    result = run("validate", str(pack))
    assert result.returncode == 2
    assert result.stderr == f"{pack}:3: documents.readme.path: {problem}\n"
    runbooks = tmp_path / "runbooks.yaml"
    runbooks.write_text(f"runbooks:\n  path: {path!r}\n" + pack.read_text().split("checks:", 1)[0].split(
        "documents:")[0] + "checks: []\n")
    assert f"{runbooks}:2: runbooks.path: {problem}" in run("validate", str(runbooks)).stderr


def test_heading_lines_that_backtracking_found_slow() -> None:
    assert headings("#" + " " * 60_000 + "x\n# a #\n# C#\n#\n# ##\n####### seven\n    # code\n#tag\n") == [
        "x", "a", "C#"]


def test_heading_matching_tolerates_spacing_case_and_hyphens_but_not_parts_of_words() -> None:
    found = ["Quickstart", "Run-book: mitigation steps", "Rapid deployment"]
    assert missing_sections(found, ["Quick start", "quick-start", "QUICKSTART", "Mitigation", "API"]) == ["API"]
    assert missing_sections(["Quick start (5 min)"], ["Quickstart"]) == []


def test_a_section_may_accept_alternatives() -> None:
    assert missing_sections(["Remediation"], [["Mitigation", "Remediation"], "Symptoms"]) == ["Symptoms"]
    assert missing_sections(["Other"], [["Mitigation", "Remediation"]]) == ["Mitigation or Remediation"]


def test_rst_and_asciidoc_readmes_are_read(tmp_path: Path) -> None:
    (tmp_path / "README.rst").write_text("=====\nShop\n=====\n\nQuick start\n-----------\n\ntext\n\n"
                                         "Configuration\n~~~~~~~~~~~~~\n", encoding="utf-8")
    (tmp_path / "README.adoc").write_text("= Shop\n\n== Quick Start\n\n----\n== not a heading\n----\n\n"
                                          "=== Configuration\n", encoding="utf-8")
    records = collect(tmp_path, ".", {"readme": Document(path="README*", sections=["Quickstart", "Configuration"])},
                      Runbooks(path="runbooks"), set())
    assert sorted(r.path for r in records) == ["README.adoc", "README.rst"]
    assert all(r.facts["docs.readme.sections_missing"] == 0 for r in records)
