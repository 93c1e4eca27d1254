"""Safe XML reading shared by the XML adapters: root sniffing and streaming with entities and DTDs off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S)
_FIRST_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")


def root_tag(head: bytes) -> str | None:
    """The name of the first element in `head` (skipping BOM, XML declaration, comments, DOCTYPE)."""
    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOG.match(text, position):
        position = match.end()
    found = _FIRST_TAG.match(text, position)
    return found.group(1).decode("ascii", "replace") if found else None


def read_head(path: Path, kind: str) -> bytes:
    """The first HEAD_BYTES of a file; InvalidEvidence when it is unreadable, empty or declares entities.

    Entity declarations are refused outright: no real test or coverage report needs them, and refusing
    them keeps the small-file and streaming paths identical (billion laughs, XXE).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InvalidEvidence(f"cannot read the file: {exc.strerror or exc}") from None
    if not head.strip():
        raise InvalidEvidence(f"empty file: no {kind} in it")
    if b"<!ENTITY" in head:
        raise InvalidEvidence("unsafe XML refused: the file declares <!ENTITY> entities (never expanded)")
    return head


def one_line(exc: BaseException) -> str:
    """An exception's text on one line, for an InvalidEvidence reason."""
    return " ".join(str(exc).split()) or type(exc).__name__


def iterparse(source: Path | Any, *, events: tuple[str, ...], tag: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """lxml iterparse of a path or binary file object with entity resolution, network and DTD loading
    off (iterate inside `syntax_errors`)."""
    from lxml import etree

    return etree.iterparse(
        str(source) if isinstance(source, Path) else source, events=events, tag=tag,
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
    )


@contextmanager
def syntax_errors() -> Iterator[None]:
    """Turn lxml syntax errors raised while iterating into a one-line InvalidEvidence."""
    from lxml import etree

    try:
        yield
    except etree.XMLSyntaxError as exc:
        raise InvalidEvidence(f"malformed XML: {one_line(exc)}") from None


def drop(element: Any) -> None:
    """Free a finished lxml element and the siblings before it, keeping memory flat while streaming."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def checked_events(path: Path, *, events: tuple[str, ...], tag: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """`iterparse` already wrapped in `syntax_errors` (a little slower per event; fine off hot paths)."""
    with syntax_errors():
        yield from iterparse(path, events=events, tag=tag)
