"""Reading report JSON files back (diff, baseline, verify, fleet): untrusted input, schema-checked, one-line errors.

A report may come from another team or an older readiness, so these models keep only the fields the
readers use and ignore the rest; anything they do use is type-checked.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

# The report schema versions these readers understand (the fields below exist in each).
READABLE_SCHEMA_VERSIONS = (1, 2)
# Reports up to WHOLE_BYTES are read whole (orjson: fast, about 5x the file in memory). Larger ones, such
# as readiness's own report of thousands of evidence files (every file's facts), are read as a stream
# that keeps each evidence file's path, sha256, time and status only: a 160 MB report in about 2 s and
# 64 MB. Nothing readiness writes comes near MAX_REPORT_BYTES; a larger file is refused unread.
WHOLE_BYTES = 64 * 1024 * 1024
MAX_REPORT_BYTES = 2 * 1024 * 1024 * 1024
# verify compares every field, evidence facts included, so it reads the whole report, up to this size.
VERIFY_BYTES = 1024 * 1024 * 1024
_FILE_FIELDS = ("path", "sha256", "evidence_time", "status")


class ReportError(Exception):
    """A file that is not a readable readiness report; the message is one line."""


class Lenient(BaseModel):
    """A view of a report: the fields a reader uses, type-checked; every other field ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")


M = TypeVar("M", bound=BaseModel)


class CategoryView(Lenient):
    id: str
    title: str
    score: float | None


class CheckView(Lenient):
    id: str
    category: str
    status: str
    points: float
    max_points: float
    facts: dict[str, Any] = Field(default_factory=dict)
    reason: str = ""


class FileView(Lenient):
    path: str
    sha256: str
    evidence_time: datetime | None = None
    status: str | None = None


class GateView(Lenient):
    configured: bool = False
    passed: bool = True
    reasons: list[str] = Field(default_factory=list)


class ReportView(Lenient):
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


def _size(path: Path, limit: int) -> int:
    """The file's size, refusing folders and files over `limit` with a one-line reason."""
    try:
        if not path.is_file():
            raise ReportError(f"{path}: not a file")
        size = path.stat().st_size
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > limit:
        raise ReportError(f"{path}: {size:,} bytes, more than the {limit >> 20:,} MiB a readiness report "
                          "is read up to; not read")
    return size


def read_bytes(path: Path, limit: int = WHOLE_BYTES) -> bytes:
    """A report file's bytes, refusing folders and files over `limit` with a one-line reason."""
    _size(path, limit)
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror})") from None


def document(path: Path, *, hashed: bool = True) -> tuple[dict[str, Any], str | None]:
    """A report's JSON object and the sha256 of its bytes (None unless `hashed`): read whole up to
    WHOLE_BYTES, else streamed with each evidence file cut to its path, sha256, time and status."""
    if _size(path, MAX_REPORT_BYTES) <= WHOLE_BYTES:
        data = _read(path)
        return parse(data, str(path)), hashlib.sha256(data).hexdigest() if hashed else None
    from readiness.evidence import sha256_of  # big reports only: the evidence stage's chunked hash

    return _checked(_streamed(path), str(path)), sha256_of(path) if hashed else None


def _streamed(path: Path) -> Any:
    from readiness.adapters._report_json import load_streaming
    from readiness.adapters.base import InvalidEvidence

    kept: list[Any] = []

    def keep(item: Any, _where: tuple[Any, ...], _holder: Any) -> None:
        kept.append({k: item[k] for k in _FILE_FIELDS if k in item} if isinstance(item, dict) else item)

    try:
        found = load_streaming(path, str(path), {"files.item": keep})
    except InvalidEvidence as exc:
        # "{path} is not valid JSON: ..." / "{path} is not UTF-8 text: ..." in the readers' "{path}: why" form
        why = str(exc).removeprefix(f"{path} ").replace("is not valid JSON", "not JSON", 1)
        raise ReportError(f"{path}: {why}") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror})") from None
    if isinstance(found, dict) and isinstance(found.get("files"), list):
        found["files"] = kept
    return found


def parse(data: bytes, name: str) -> dict[str, Any]:
    """The report's JSON object, or ReportError naming what is wrong."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ReportError(f"{name}: not JSON ({exc.msg} at line {exc.lineno})") from None
    return _checked(document, name)


def _checked(document: Any, name: str) -> dict[str, Any]:
    """`document` when it is a readiness report of a schema version these readers know."""
    if not isinstance(document, dict) or "schema_version" not in document or "checks" not in document:
        raise ReportError(f"{name}: not a readiness report (no schema_version and checks)")
    version = document["schema_version"]
    if version not in READABLE_SCHEMA_VERSIONS:
        raise ReportError(f"{name}: report schema_version {version!r} is not one this readiness reads "
                          f"({', '.join(map(str, READABLE_SCHEMA_VERSIONS))})")
    return document


def view(document: dict[str, Any], name: str) -> ReportView:
    """The typed view of a parsed report."""
    return validated(ReportView, document, name)


def validated(model: type[M], document: dict[str, Any], name: str) -> M:
    """`document` read as `model` (a view of the fields a reader uses), or ReportError naming the first
    field that does not fit."""
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise ReportError(f"{name}: {first_error(exc)}") from None


def first_error(exc: ValidationError) -> str:
    """`where: what` of a validation error's first problem, on one line."""
    first = exc.errors()[0]
    return f"{'.'.join(str(part) for part in first['loc']) or 'report'}: {first['msg']}"


def view_of(card: BaseModel) -> ReportView:
    """The view of an in-memory scorecard, dumping only the fields the view reads: not every evidence
    file's facts and details, a copy of hundreds of MB for thousands of files."""
    include: dict[str, Any] = {name: True for name in ReportView.model_fields}
    include |= {"checks": {"__all__": set(CheckView.model_fields)}, "files": {"__all__": set(FileView.model_fields)}}
    return view(card.model_dump(mode="json", include=include), "this run")


def load(path: Path) -> tuple[ReportView, str]:
    """A report file's typed view and the sha256 of its bytes."""
    found, sha = document(path)
    return view(found, str(path)), sha or ""
