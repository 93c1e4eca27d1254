"""Where the built-in check packs and report templates are, in a wheel install or the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def checks_dir() -> Path:
    """The built-in check packs (checks/ in the repository, readiness/_data/checks in a wheel)."""
    return _find("checks")


def templates_dir() -> Path:
    """The report templates (templates/ in the repository, readiness/_data/templates in a wheel)."""
    return _find("templates")
