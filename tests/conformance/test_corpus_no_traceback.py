"""Every corpus file goes through the evidence stage without a traceback: parsed, invalid with a reason, or ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.evidence import read_evidence
from tests.conftest import corpus_dir

_CORPUS = corpus_dir()
ENTRIES = json.loads((_CORPUS / "MANIFEST.json").read_text()) if _CORPUS else []


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_evidence_stage_never_raises(corpus: Path, entry: dict[str, object]) -> None:
    record = read_evidence(corpus / str(entry["path"]), str(entry["path"]))
    assert record.status in ("parsed", "invalid", "ignored")
    if record.status == "invalid":
        assert record.reason and "\n" not in record.reason
        assert "could not be read (" not in record.reason, f"parser bug surfaced as a generic error: {record.reason}"


def test_corpus_is_present_or_skipped_with_reason() -> None:
    if _CORPUS is None:
        pytest.skip("conformance corpus not found: set READINESS_CORPUS or place it at ../shared/corpus")
    assert len(ENTRIES) > 400
