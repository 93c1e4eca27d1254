"""Evidence in UTF-16 or UTF-32 with a byte-order mark (PowerShell's default): a UTF-8 copy adapters can read."""

from __future__ import annotations

import codecs
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Longest first: a UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_CHUNK = 1 << 20


def bom_encoding(head: bytes) -> str | None:
    """The codec a UTF-16/32 byte-order mark at the start of `head` names, else None (UTF-8 BOMs are
    read by the adapters themselves)."""
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


@contextmanager
def utf8_copy(path: Path, codec: str) -> Iterator[Path]:
    """A temporary UTF-8 copy of a file in `codec` (bom_encoding's answer), with the same name and
    modification time, its XML declaration saying UTF-8. Undecodable units become U+FFFD. The copy is
    removed on exit."""
    with tempfile.TemporaryDirectory(prefix="readiness-utf8-") as folder:
        copy = Path(folder) / path.name
        decoder = codecs.getincrementaldecoder(codec)("replace")
        with path.open("rb") as source, copy.open("w", encoding="utf-8", errors="surrogatepass") as target:
            first = True
            while chunk := source.read(_CHUNK):
                text = decoder.decode(chunk)
                if first:
                    text = _DECLARATION.sub(r"\1\2UTF-8\2", text, count=1)
                    first = False
                target.write(text)
            target.write(decoder.decode(b"", final=True))
        shutil.copystat(path, copy)
        yield copy
