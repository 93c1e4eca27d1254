"""The Markdown report: GitHub-flavoured, for pull-request comments and CI job summaries."""

from __future__ import annotations

from readiness.reporters.templating import environment
from readiness.scorecard import Scorecard


def render(card: Scorecard) -> str:
    """The scorecard as GitHub-flavoured Markdown."""
    checks = {c.id: c for c in card.checks}
    return environment().get_template("report.md.j2").render(card=card, checks=checks)
