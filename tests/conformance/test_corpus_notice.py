"""The vendored corpus carries its provenance: every file is in NOTICE, every source repository's licence is shipped."""

from __future__ import annotations

from tests.conftest import CORPUS, MANIFEST


def test_every_corpus_file_is_listed_in_notice_with_its_source() -> None:
    notice = (CORPUS / "NOTICE").read_text()
    for entry in MANIFEST:
        assert f"   {entry['path']}  <-  {entry['source_path']}\n" in notice, entry["path"]
        assert f"== {entry['source_repo']} ({entry['license']}) at commit {entry['commit']}" in notice


def test_every_source_repository_has_its_licence_text() -> None:
    for repo in {str(entry["source_repo"]) for entry in MANIFEST}:
        licence = CORPUS / "LICENSES" / f"{repo.replace('/', '__')}.txt"
        assert licence.is_file() and licence.stat().st_size > 200, repo
