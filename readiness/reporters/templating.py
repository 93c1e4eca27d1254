"""The jinja2 environment shared by template-based reporters: autoescape on, strict undefined, formatting filters."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from readiness import resources, textsafe
from readiness.numbers import show  # noqa: F401 (the templates' and reporters' name for it)

if TYPE_CHECKING:  # jinja2 loads only for the outputs rendered from templates (Markdown, HTML)
    from jinja2 import Environment

STATUS_LABELS = {
    "pass": "PASS", "fail": "FAIL", "no_evidence": "NO EVIDENCE", "invalid_evidence": "INVALID EVIDENCE",
    "stale": "STALE", "waived": "WAIVED", "not_applicable": "NOT APPLICABLE",
}


def status_label(status: str) -> str:
    """A check status as every report shows it ("NO EVIDENCE"); an unknown one upper-cased."""
    return STATUS_LABELS.get(status, status.upper())


def cell(value: object) -> Markup:
    """Untrusted text as one line of Markdown (a table cell, list item or heading) that shows exactly
    that text: no link, emphasis, HTML, mention or broken row (textsafe.markdown)."""
    return Markup(textsafe.markdown(show(value)))


def _finalize(value: object) -> object:
    """Every value a template prints: control, bidi and zero-width characters shown as escapes."""
    if isinstance(value, Markup):
        return Markup(textsafe.html(value))
    return textsafe.html(value) if isinstance(value, str) else value


def when(value: datetime) -> str:
    """A timestamp in UTC, to the minute."""
    return value.strftime("%Y-%m-%d %H:%M UTC")


def score10(value: float | None) -> str:
    """A category score out of 10, or a dash for an unscored category."""
    return "–" if value is None else f"{value:.1f}"


@cache
def environment() -> Environment:
    """The shared environment; templates only format a finished scorecard."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(resources.templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(show=show, cell=cell, when=when, score10=score10,
                       status=status_label)
    return env
