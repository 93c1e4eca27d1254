"""JSON scanner reports: cheap content sniffing on the first bytes and whole-file loading with one-line errors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters.base import InvalidEvidence, RunIdentity, fingerprint

_BOM = b"\xef\xbb\xbf"
# A report that is only an empty list or null carries no tool signature (pip-audit and gitleaks write
# `[]`, legacy Trivy and old gitleaks `null`); such files are claimed only when their name names the tool.
_EMPTY = re.compile(rb"\A(?:\[\s*\]|null)\s*\Z")


def body(head: bytes) -> bytes:
    """The head without a UTF-8 BOM and leading whitespace."""
    return head.removeprefix(_BOM).lstrip()


def is_object(head: bytes) -> bool:
    """True when the content starts as a JSON object."""
    return body(head).startswith(b"{")


def is_array(head: bytes) -> bool:
    """True when the content starts as a JSON array."""
    return body(head).startswith(b"[")


def has_key(head: bytes, key: str) -> bool:
    """True when `"key":` appears in the head (a cheap, position-free key test)."""
    return re.search(b'"' + re.escape(key.encode()) + rb'"\s*:', head) is not None


def is_empty_named(path: Path, head: bytes, *names: str) -> bool:
    """True for an empty `[]`/`null` report whose file name contains one of `names` (case-insensitive)."""
    if not _EMPTY.match(body(head)):
        return False
    lowered = path.name.lower()
    return any(name in lowered for name in names)


def load(path: Path, what: str) -> Any:
    """The decoded JSON document; InvalidEvidence naming `what` when the file is not valid JSON."""
    import orjson

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidEvidence(f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        return orjson.loads(raw.removeprefix(_BOM))
    except orjson.JSONDecodeError as exc:
        raise InvalidEvidence(f"{what} is not valid JSON: {exc}") from None


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else an empty list (JSON reports often write null for none)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is an object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def unknown_severity_warning(unknown: Counter[str], known: str) -> str:
    """The warning for findings whose severity the tool's documented set does not have (counted, no level)."""
    names = ", ".join(repr(name) for name, _ in unknown.most_common(5))
    return (f"{sum(unknown.values())} finding(s) with an unknown severity ({names}; expected {known}): "
            "counted in security.findings but in no level")


def truncate(text: Any, limit: int = 200) -> str:
    """A one-line, bounded rendering of a message for details."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def finding_key(rule: Any, location: Any, line: Any) -> tuple[str, str, str]:
    """One finding as every format of a scanner's run lists it: rule id (last dotted part, as Semgrep
    shortens ids in some formats), the file's name without folders, and the line."""
    name = str(location or "").replace("\\", "/").rsplit("/", 1)[-1]
    return str(rule or "").rsplit(".", 1)[-1], name, str(line or "")


def findings_run(tool: str | None, keys: list[tuple[str, str, str]]) -> RunIdentity:
    """Which scan a report records: the scanner, its finding count and the findings themselves."""
    return RunIdentity(tool=tool, totals={"findings": len(keys)}, fingerprint=fingerprint(keys))
