"""Markdown documents and runbooks from --root: headings, required sections, records."""

from __future__ import annotations

from pathlib import Path

from readiness.documents import collect, headings, missing_sections
from readiness.packs import Document, Runbooks


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
