"""The reporter registry: a literal table from report format to the module that renders a scorecard."""

from __future__ import annotations

import difflib
import re
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


class OutputError(ValueError):
    """An output that names no format readiness can write; the message is one line for the user."""


def suggest(name: str) -> str:
    """"; did you mean 'junit'?" for a mistyped format name, or ""."""
    close = difflib.get_close_matches(name.lower(), list(REGISTRY), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def plan(spec: str) -> tuple[Path, str]:
    """One output as (file, format): `FORMAT:FILE` forces a format, else the file name's ending decides.
    The same syntax serves -o and the config file's `outputs:` list."""
    prefix, colon, rest = spec.partition(":")
    if colon and prefix in REGISTRY:
        if not rest or rest.endswith(("/", "\\")):
            raise OutputError(f"{spec}: no file name after the format")
        return Path(rest), prefix
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]+", prefix):  # two letters or more: not a drive letter
        raise OutputError(f"{spec}: unknown report format '{prefix}'{suggest(prefix)} Formats: {', '.join(REGISTRY)}")
    chosen = format_for(Path(spec))
    if chosen is None:
        endings = ", ".join(ending for ending, _ in EXTENSIONS)
        raise OutputError(f"cannot tell the format of {spec} from its name (known endings: {endings}); "
                          f"write FORMAT:{spec} with one of {', '.join(REGISTRY)}")
    return Path(spec), chosen
