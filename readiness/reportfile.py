"""Reading report JSON files back (diff, baseline, verify, fleet): untrusted input, schema-checked, one-line errors.

A report may come from another team or an older readiness, so these models keep only the fields the
readers use and ignore the rest; anything they do use is type-checked.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

# The report schema versions these readers understand (the fields below exist in each).
READABLE_SCHEMA_VERSIONS = (1, 2)
MAX_REPORT_BYTES = 64 * 1024 * 1024


class ReportError(Exception):
    """A file that is not a readable readiness report; the message is one line."""


class _Lenient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class CategoryView(_Lenient):
    id: str
    title: str
    score: float | None


class CheckView(_Lenient):
    id: str
    category: str
    status: str
    points: float
    max_points: float
    facts: dict[str, Any] = Field(default_factory=dict)
    reason: str = ""


class FileView(_Lenient):
    path: str
    sha256: str
    evidence_time: datetime | None = None
    status: str | None = None


class GateView(_Lenient):
    configured: bool = False
    passed: bool = True
    reasons: list[str] = Field(default_factory=list)


class ReportView(_Lenient):
    """The parts of a report JSON that diff, baseline and fleet read."""

    schema_version: int
    generated_at: datetime
    service: str | None = None
    commit: str | None = None
    total: float = Field(ge=0, le=100)
    grade: str
    evidence_share: float = Field(ge=0, le=100)
    gate: GateView
    categories: list[CategoryView]
    checks: list[CheckView]
    files: list[FileView] = Field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """A report file's bytes, refusing folders and absurd sizes with a one-line reason."""
    try:
        if not path.is_file():
            raise ReportError(f"{path}: not a file")
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES >> 20} MiB; not a readiness report")
        return path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror})") from None


def parse(data: bytes, name: str) -> dict[str, Any]:
    """The report's JSON object, or ReportError naming what is wrong."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ReportError(f"{name}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(document, dict) or "schema_version" not in document or "checks" not in document:
        raise ReportError(f"{name}: not a readiness report (no schema_version and checks)")
    version = document["schema_version"]
    if version not in READABLE_SCHEMA_VERSIONS:
        raise ReportError(f"{name}: report schema_version {version!r} is not one this readiness reads "
                          f"({', '.join(map(str, READABLE_SCHEMA_VERSIONS))})")
    return document


def view(document: dict[str, Any], name: str) -> ReportView:
    """The typed view of a parsed report."""
    try:
        return ReportView.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "report"
        raise ReportError(f"{name}: {where}: {first['msg']}") from None


def load(path: Path) -> tuple[ReportView, str]:
    """A report file's typed view and the sha256 of its bytes."""
    data = read_bytes(path)
    return view(parse(data, str(path)), str(path)), hashlib.sha256(data).hexdigest()
