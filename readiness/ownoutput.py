"""readiness's own report files: the mark its JUnit and SARIF outputs carry, so they are never read back as evidence."""

from __future__ import annotations

import re

MARK = "readiness-report"
# The first thing after the XML declaration of a JUnit report readiness writes.
JUNIT_COMMENT = f"<!-- {MARK}: written by readiness from its checks; not test results, never read as evidence -->"

_BOM = rb"(?:\xef\xbb\xbf)?\s*"
_JUNIT = re.compile(_BOM + rb"(?:<\?xml[^>]{0,200}\?>\s*)?<!--\s*" + MARK.encode() + rb":")
# The SARIF log's first keys: $schema, version, then the property bag holding the mark.
_SARIF = re.compile(_BOM + rb'\{\s*"\$schema"\s*:\s*"[^"]{0,200}"\s*,\s*"version"\s*:\s*"2\.1\.0"\s*,'
                    rb'\s*"properties"\s*:\s*\{\s*"' + MARK.encode() + rb'"\s*:')
# The JSON report starts with its own version keys.
_JSON = re.compile(_BOM + rb'\{\s*"schema_version"\s*:\s*\d+\s*,\s*"tool_version"\s*:')
_MARKED = f"(marked '{MARK}')"
_PATTERNS = (
    (f"a JUnit report written by readiness {_MARKED}", _JUNIT),
    (f"a SARIF report written by readiness {_MARKED}", _SARIF),
    ("a JSON report written by readiness (schema_version, tool_version)", _JSON),
)


def recognise(head: bytes) -> str | None:
    """Why a file is one of readiness's own reports (listed as ignored), or None when it is not."""
    for what, pattern in _PATTERNS:
        if pattern.match(head):
            return f"{what}; readiness never reads its own output as evidence"
    return None
