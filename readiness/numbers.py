"""Numbers as people read them: a few significant digits, never rounded up to a value not reached."""

from __future__ import annotations


def significant(value: float, digits: int = 6) -> str:
    """`value` to `digits` significant digits, except that a value short of a whole number (99.99995,
    0.9999999) is never shown as that whole number: more digits are shown until it is not."""
    text = f"{value:.{digits}g}"
    shown = float(text)
    if shown == value or not shown.is_integer() or "e" in text:
        return text
    for more in range(digits + 1, 18):
        text = f"{value:.{more}g}"
        if not float(text).is_integer():
            return text
    return repr(value)


def show(value: object) -> str:
    """A fact value as people read it."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return significant(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value[:10]) + (f" (+{len(value) - 10} more)" if len(value) > 10 else "")
    return str(value)
