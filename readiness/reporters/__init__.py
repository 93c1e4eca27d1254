"""The reporter registry: a literal table from report format to the module that renders a scorecard."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from readiness.reporters import badge, html, json_report, junit, markdown, sarif, shields, text

# Each module has `render(card: Scorecard) -> str`.
REGISTRY: dict[str, ModuleType] = {
    "text": text,
    "md": markdown,
    "json": json_report,
    "html": html,
    "junit": junit,
    "sarif": sarif,
    "badge": badge,
    "shields": shields,
}
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
