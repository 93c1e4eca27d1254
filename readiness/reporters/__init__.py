"""The reporter registry: a literal table from report format to the module that renders a scorecard."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from readiness.registry import Modules

# Format -> module in readiness.reporters, imported when a report of that format is asked for (jinja2
# loads only for Markdown and HTML). Each module has `render(card: Scorecard) -> str`.
MODULES: dict[str, str] = {
    "text": "text",
    "md": "markdown",
    "json": "json_report",
    "html": "html",
    "junit": "junit",
    "sarif": "sarif",
    "badge": "badge",
    "shields": "shields",
}
REGISTRY: Mapping[str, Any] = Modules(__name__, MODULES)
# File-name endings, longest first: report.junit.xml is JUnit, report.json the JSON report.
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".shields.json", "shields"),
    (".junit.xml", "junit"),
    (".sarif.json", "sarif"),
    (".sarif", "sarif"),
    (".svg", "badge"),
    (".markdown", "md"),
    (".md", "md"),
    (".json", "json"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
)


def format_for(path: Path) -> str | None:
    """The report format implied by a file name's ending, or None."""
    name = path.name.lower()
    return next((fmt for ending, fmt in EXTENSIONS if name.endswith(ending)), None)
