"""The adapter contract: what every evidence-format module provides and returns."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from readiness.vocabulary import FactValue

HEAD_BYTES = 65536


class InvalidEvidence(Exception):
    """Raised by an adapter when a file of its kind cannot be read; the message is one line for the report."""


class RunIdentity(BaseModel):
    """Which run a file records, so that two formats of one run (coverage.py's XML, JSON and LCOV;
    bandit's JSON and SARIF) are counted once. Each part is optional; see readiness/runs.py for the rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tool: str | None = Field(None, description="the producing tool, when the content names it")
    form: str | None = Field(None, description="the format, where one adapter reads several (Locust CSV, JSON)")
    started_at: datetime | None = Field(None, description="when the run (not the report) started, from the content")
    totals: dict[str, int | float] = Field(default_factory=dict,
                                           description="the run's totals, as every format states them")
    fingerprint: str | None = Field(None, description="sha256 of what the run measured, listed alike in every format")


def fingerprint(items: Iterable[object]) -> str:
    """A format-independent digest of a run's items (e.g. (file, statements, covered) rows): order does not matter."""
    return fingerprint_lines(fingerprint_line(item) for item in items)


def fingerprint_line(item: object) -> bytes:
    """One item as `fingerprint` digests it: a compact form to keep when a run has millions of items."""
    return repr(item).encode("utf-8", "surrogatepass")


def fingerprint_lines(lines: Iterable[bytes]) -> str:
    """`fingerprint` of items already turned into fingerprint_line()s (UTF-8 sorts as the text does)."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line + b"\n")
    return digest.hexdigest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def writable(value: Any) -> Any:
    """`value` with every string in it (dict keys included) writable as UTF-8: a lone surrogate (a JSON
    `\\ud800` escape, an undecodable byte) becomes U+FFFD, a surrogate pair the character it encodes."""
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, dict):
        if _flat_and_clean(value):  # most facts dicts: hundreds of plain keys and numbers, checked at C speed
            return value
        return {writable(k): writable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [writable(v) for v in value]
    return value


def _flat_and_clean(mapping: dict[Any, Any]) -> bool:
    """Whether a dict has only text keys and scalar values, no text holding a surrogate."""
    texts: list[str] = []
    for key, item in mapping.items():
        if type(key) is not str:
            return False
        kind = type(item)
        if kind is str:
            texts.append(item)
        elif kind is not int and kind is not float and kind is not bool and item is not None:
            return False
    return _SURROGATE.search("".join(mapping)) is None and _SURROGATE.search("".join(texts)) is None


class Parsed(BaseModel):
    """What an adapter read from one file: flat facts plus when the content says it was produced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: dict[str, FactValue]
    observed_at: datetime | None = None
    warnings: list[str] = Field(default_factory=list)
    # JSON-able, small. details["offenders"] = {fact name: [items]} names what a count counts (the
    # alerts without a runbook); a failing condition on that fact then lists them in its reason.
    details: dict[str, Any] = Field(default_factory=dict)
    # A companion file (e.g. Locust's _stats_history.csv beside _stats.csv) names the sibling file
    # whose adapter reads it as part of the same run; checks then select only the primary file,
    # so one run is never counted twice. Its facts may be empty.
    part_of: str | None = None
    run: RunIdentity | None = None

    @model_validator(mode="before")
    @classmethod
    def _writable(cls, data: Any) -> Any:
        """Every string an adapter read can be written to a report (docs/evidence.md, encodings)."""
        if not isinstance(data, dict):
            return data
        return {key: writable(value) if key in ("facts", "warnings", "details", "part_of") else value
                for key, value in data.items()}


class Adapter(Protocol):
    """One evidence format. Implemented by a module: constants plus two functions.

    Modules must stay cheap to import: import heavy engines inside `parse`.
    """

    # Read-only members, so a module's constants (a FACTS tuple of any length) satisfy them.
    @property
    def KIND(self) -> str:  # noqa: N802 (module constants)
        """The evidence kind, e.g. junit."""

    @property
    def FAMILY(self) -> str:  # noqa: N802
        """The kind family checks select, e.g. tests."""

    @property
    def FACTS(self) -> tuple[str, ...]:  # noqa: N802
        """Fact names (or `*` patterns) this format can produce."""

    @property
    def DESCRIPTION(self) -> str:  # noqa: N802
        """One line for people."""

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when `head` (the first HEAD_BYTES of the file) is this format."""
        ...

    def parse(self, path: Path) -> Parsed:
        """Read the whole file into facts; raise InvalidEvidence with a one-line reason on bad input."""
        ...


def labeled(name: str, label: str, value: str) -> str:
    """The flat key of a per-series fact, e.g. load.p95_ms{label="POST /chat"}."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{name}{{{label}="{escaped}"}}'


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (naive means UTC), or None when absent or unreadable."""
    # Callers pass JSON/YAML values straight through; a number or an object is unreadable, not a crash.
    if not text or not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    """Render a datetime as ISO 8601 in UTC with a Z suffix, for facts such as tests.started_at."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
