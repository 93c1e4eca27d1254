"""Every corpus file goes through the evidence stage without a traceback: parsed, invalid with a reason, or ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.evidence import read_evidence
from tests.conftest import MANIFEST as ENTRIES


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_evidence_stage_never_raises(corpus: Path, entry: dict[str, object]) -> None:
    record = read_evidence(corpus / str(entry["path"]), str(entry["path"]))
    assert record.status in ("parsed", "invalid", "ignored")
    if record.status == "invalid":
        assert record.reason and "\n" not in record.reason
        assert "could not be read (" not in record.reason, f"parser bug surfaced as a generic error: {record.reason}"


def test_corpus_is_whole() -> None:
    """Every MANIFEST entry is present with the recorded bytes, so conformance runs on what it claims to."""
    import hashlib

    from tests.conftest import CORPUS

    assert len(ENTRIES) > 400
    for entry in ENTRIES:
        data = (CORPUS / str(entry["path"])).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
