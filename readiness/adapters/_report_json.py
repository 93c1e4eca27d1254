"""JSON scanner reports: cheap content sniffing on the first bytes, loading with one-line errors, and
streaming for the formats whose real files run to gigabytes (SARIF, Trivy).

Memory. A JSON document held as Python objects takes several times its size on disk. Files up to
stream_bytes() (64 MiB; READINESS_JSON_STREAM_BYTES) are loaded whole with orjson, the fast path.
Above it, the adapters that can stream (SARIF results, Trivy vulnerabilities) read the file as a
stream of events (ijson) and hand each item of their big arrays to a function that tallies it and
lets it go, so a 1 GB file is read in a few tens of MB. Adapters that cannot stream refuse a file
over max_bytes() (256 MiB; READINESS_JSON_MAX_BYTES) with a message naming the setting: the last
resort, since no real report of theirs comes near it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from readiness import textsafe
from readiness.adapters.base import InvalidEvidence, RunIdentity, fingerprint, fingerprint_lines

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


def _setting(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def stream_bytes() -> int:
    """Files larger than this are streamed by the adapters that can (READINESS_JSON_STREAM_BYTES)."""
    return _setting("READINESS_JSON_STREAM_BYTES", 64 * 1024 * 1024)


def max_bytes() -> int:
    """The largest JSON file read whole (READINESS_JSON_MAX_BYTES)."""
    return _setting("READINESS_JSON_MAX_BYTES", 256 * 1024 * 1024)


def check_size(path: Path, what: str) -> None:
    """InvalidEvidence when the file is over max_bytes(): it is not read whole."""
    size = path.stat().st_size
    if size > max_bytes():
        raise InvalidEvidence(f"{what} is {size:,} bytes, more than the {max_bytes():,} readiness reads whole; "
                              "set READINESS_JSON_MAX_BYTES to a larger number of bytes to read it anyway")


def streams(path: Path) -> bool:
    """True when the file is big enough to be streamed rather than loaded whole."""
    return path.stat().st_size > stream_bytes()


Handler = Callable[[Any, tuple[Any, ...], Any], None]
_STARTS = {"start_map", "start_array"}
_ENDS = {"end_map", "end_array"}
# ijson keeps the prefix of every open level, so memory grows with the square of the nesting depth
# (100,000 nested arrays in a 68 MB file took 24 GB). orjson, the whole-file path, refuses past 1,024.
MAX_DEPTH = 1024
# ijson parses a buffer's events before handing any over: small buffers bound what a run of brackets
# costs before the depth check sees it (4 KiB: tens of MB at most), and they read no slower.
_BUFFER = 4096


def _events(path: Path, what: str) -> Iterator[tuple[str, str, Any]]:
    import ijson

    with path.open("rb") as handle:
        if handle.read(3) != _BOM:
            handle.seek(0)
        depth = 0
        try:
            for event in ijson.parse(handle, use_float=True, buf_size=_BUFFER):
                kind = event[1]
                if kind in _STARTS:
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise InvalidEvidence(f"{what} is not valid JSON: nested more than {MAX_DEPTH:,} levels deep")
                elif kind in _ENDS:
                    depth -= 1
                yield event
        except ijson.JSONError as exc:
            message = exc.args[0] if exc.args else exc
            if isinstance(message, bytes):  # yajl's C backend gives bytes, which str() would show as b'...'
                message = message.decode("utf-8", "replace")
            reason = (str(message).strip().splitlines() or ["unreadable"])[0]  # yajl adds lines of file context
            raise InvalidEvidence(f"{what} is not valid JSON: {reason[:200]}") from None
        except UnicodeDecodeError as exc:
            raise InvalidEvidence(f"{what} is not UTF-8 text: {exc.reason}") from None


def load_streaming(path: Path, what: str, handlers: Mapping[str, Handler],
                   closers: Mapping[str, Callable[[Any, tuple[Any, ...]], None]] | None = None) -> Any:
    """The JSON document, built from a stream of events; every item of an array whose ijson item
    prefix (e.g. "runs.item.results.item") is in `handlers` is built alone and given to its handler
    as (item, location, holder) and is not kept: its array stays empty in the document. `location`
    is the item's path (("runs", 0, "results", 7)); `holder` the object or array holding the array,
    as far as it is built. `closers` are called with (container, location) when an object or array
    at their prefix (e.g. "runs.item") is complete. Memory is bounded by the largest item, not by the file."""
    import ijson

    top: list[Any] = []
    # Each open container: [container, its location, the pending key or the next index].
    stack: list[list[Any]] = []
    events = _events(path, what)
    for prefix, event, value in events:
        if event == "map_key":
            stack[-1][2] = value
            continue
        if event in _ENDS:
            closed = stack.pop()
            if closers and prefix in closers:
                closers[prefix](closed[0], closed[1])
            continue
        if stack:
            container, location, slot = stack[-1]
            here = (*location, slot)
            if isinstance(container, list):
                stack[-1][2] = slot + 1
        else:
            container, here = top, ()
        handler = handlers.get(prefix)
        if handler is not None and isinstance(container, list):
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            depth = 1 if event in _STARTS else 0
            while depth:
                _, inner, inner_value = next(events)
                builder.event(inner, inner_value)
                depth += (inner in _STARTS) - (inner in _ENDS)
            handler(builder.value, here, stack[-2][0] if len(stack) > 1 else None)
            continue
        item: Any = {} if event == "start_map" else [] if event == "start_array" else value
        if isinstance(container, dict):
            container[here[-1]] = item
        else:
            if container is not top or not top:
                container.append(item)
        if event in _STARTS:
            stack.append([item, here, 0 if event == "start_array" else None])
    return top[0] if top else None


def load(path: Path, what: str) -> Any:
    """The decoded JSON document; InvalidEvidence naming `what` when the file is not valid JSON or
    is over max_bytes()."""
    import orjson

    try:
        check_size(path, what)
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
    return textsafe.flat(str(text), limit)


def finding_key(rule: Any, location: Any, line: Any) -> tuple[str, str, str]:
    """One finding as every format of a scanner's run lists it: rule id (last dotted part, as Semgrep
    shortens ids in some formats), the file's name without folders, and the line."""
    name = str(location or "").replace("\\", "/").rsplit("/", 1)[-1]
    return str(rule or "").rsplit(".", 1)[-1], name, str(line or "")


def findings_run(tool: str | None, keys: list[tuple[str, str, str]]) -> RunIdentity:
    """Which scan a report records: the scanner, its finding count and the findings themselves."""
    return RunIdentity(tool=tool, totals={"findings": len(keys)}, fingerprint=fingerprint(keys))


def findings_run_lines(tool: str | None, lines: list[bytes]) -> RunIdentity:
    """findings_run of keys kept as base.fingerprint_line()s (a few times smaller than tuples: a streamed
    report of millions of findings keeps only these)."""
    return RunIdentity(tool=tool, totals={"findings": len(lines)}, fingerprint=fingerprint_lines(lines))
