"""The reporter registry: a literal table from report format to the module that renders a scorecard."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from readiness.reporters import html, json_report, markdown, text

# Each module has `render(card: Scorecard) -> str`.
REGISTRY: dict[str, ModuleType] = {
    "text": text,
    "md": markdown,
    "json": json_report,
    "html": html,
}
EXTENSIONS = {".md": "md", ".markdown": "md", ".json": "json", ".txt": "text", ".html": "html", ".htm": "html"}


def format_for(path: Path) -> str | None:
    """The report format implied by a file extension, or None."""
    return EXTENSIONS.get(path.suffix.lower())
