"""Shared fixtures: where the conformance corpus and the project's own fixtures live."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge results, never speed: a loaded CI machine must not turn a slow example into a
# failure (speed claims live in bench/). Tests may still lower max_examples with their own settings.
settings.register_profile("readiness", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("readiness")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


VENDORED_CORPUS = ROOT / "tests" / "corpus"


def corpus_dir() -> Path:
    """The conformance corpus: $READINESS_CORPUS when set, else the copy vendored in tests/corpus.

    The corpus is part of the repository, so a missing one is an error, never a silent skip.
    """
    candidate = Path(os.environ.get("READINESS_CORPUS") or VENDORED_CORPUS)
    if not (candidate / "MANIFEST.json").is_file():
        raise pytest.UsageError(f"conformance corpus not found: no MANIFEST.json in {candidate}")
    return candidate


CORPUS = corpus_dir()
MANIFEST: list[dict[str, Any]] = json.loads((CORPUS / "MANIFEST.json").read_text())


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
