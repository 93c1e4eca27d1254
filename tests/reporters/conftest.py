"""Shared fixtures for report tests: the fixed scorecard of tests/fixtures/report, scored once per session."""

from __future__ import annotations

import pytest
from fixed_cards import report_card

from readiness.scorecard import Scorecard


@pytest.fixture(scope="session")
def card() -> Scorecard:
    """The fixed scorecard (pinned clock, mtimes, service and commit)."""
    return report_card()
