"""Shared fixtures: where the conformance corpus and the project's own fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def corpus_dir() -> Path | None:
    """The shared conformance corpus: $READINESS_CORPUS, else ../shared/corpus beside the repository."""
    candidate = Path(os.environ.get("READINESS_CORPUS") or ROOT.parent / "shared" / "corpus")
    return candidate if (candidate / "MANIFEST.json").is_file() else None


@pytest.fixture(scope="session")
def corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip("conformance corpus not found: set READINESS_CORPUS or place it at ../shared/corpus")
    return found
