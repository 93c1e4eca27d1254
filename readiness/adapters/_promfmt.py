"""Prometheus-ecosystem text conventions shared by the alerting adapters: safe YAML, durations, names, templates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from readiness import safeyaml
from readiness.adapters.base import InvalidEvidence

# Prometheus' model.ParseDuration: ordered units, integers only, "0" allowed.
_PROM_DURATION = re.compile(r"^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$")
_PROM_UNITS_S = (365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001)
# Go's time.ParseDuration (Grafana writes "5m0s", "1.5h").
_GO_DURATION = re.compile(r"^(?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+$")
_GO_PART = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
_GO_UNITS_S = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}

# Legacy (Prometheus 2.x and promtool here) name validation; UTF-8 names are a Prometheus 3 option.
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


def load_yaml_documents(path: Path) -> list[Any]:
    """Every YAML document of the file, read by readiness.safeyaml; a problem of any kind is an
    InvalidEvidence that names the line when it is known."""
    import yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidEvidence(f"cannot read: {exc.strerror or exc}") from None
    problem = safeyaml.too_big(len(raw))  # before decoding it
    if problem:
        raise InvalidEvidence(problem)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEvidence(f"not UTF-8 text: {exc}") from None
    try:
        return safeyaml.load_all(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InvalidEvidence(f"malformed YAML{where}: {safeyaml.describe(exc)[1]}") from None


def top_level_keys(head: bytes) -> set[str]:
    """Keys at column 0 of a YAML head (cheap, for sniffing; comments and documents markers skipped)."""
    text = head.decode("utf-8", errors="replace")
    return set(re.findall(r"^([A-Za-z_][\w-]*)\s*:", text, flags=re.MULTILINE))


def prom_duration_s(value: Any) -> float | None:
    """Seconds of a Prometheus duration ("5m", "1h30m", "0"), or None when the value is not one (a list too)."""
    try:
        text = scalar(value).strip()
    except TypeError:
        return None
    if text == "0":
        return 0.0
    # Prometheus durations are int64 nanoseconds; thousands of digits are not a duration (and are
    # never handed to the pattern).
    match = _PROM_DURATION.match(text) if 0 < len(text) <= 64 else None
    if not match:
        return None
    return sum(int(part) * unit for part, unit in zip(match.groups(), _PROM_UNITS_S, strict=True) if part)


def any_duration_s(value: Any) -> float | None:
    """Seconds of a Prometheus or Go duration ("5m0s", "1.5h"), or None when the text is neither."""
    found = prom_duration_s(value)
    if found is not None:
        return found
    try:
        text = scalar(value).strip()
    except TypeError:
        return None
    if len(text) > 64 or not _GO_DURATION.match(text):
        return None
    return sum(float(num) * _GO_UNITS_S[unit] for num, unit in _GO_PART.findall(text))


class NotScalar(InvalidEvidence, TypeError):
    """A list, mapping or date where the format wants a text value. A TypeError for the callers that fall
    back on one, and InvalidEvidence for every other caller, so the file is unreadable with this reason
    instead of failing with a parser error."""


def scalar(value: Any) -> str:
    """A YAML scalar as Go's yaml.v3 would read it into a string field (bools lower-case, null empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise NotScalar(f"expected a scalar, got a {type(value).__name__}")


def scalar_of(value: Any, what: str) -> str:
    """`scalar(value)`, or InvalidEvidence naming `what` when the value is a list, mapping or date."""
    try:
        return scalar(value)
    except TypeError as exc:
        raise InvalidEvidence(f"{what}: {exc}") from None


def string_map(value: Any, what: str) -> dict[str, str]:
    """A YAML mapping of scalars as str -> str, or InvalidEvidence naming `what`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidEvidence(f"{what}: expected a mapping, got {type(value).__name__}")
    try:
        return {scalar(k): scalar(v) for k, v in value.items()}
    except TypeError as exc:
        raise InvalidEvidence(f"{what}: {exc}") from None


ALERT_SAMPLE = 500  # alerts kept in details for the cross-file stage; beyond it, cross-file facts are skipped
_SEVERITY_KEY = re.compile(r"^[a-z0-9_-]+$")


def alert_facts(alerts: Sequence[dict[str, Any]], recording: int, name_key: str) -> tuple[dict[str, Any], int]:
    """The alerts.* facts of alerting rules (each with labels, annotations and for_s, its name under
    name_key) and how many have no usable severity label; shared by Prometheus and Grafana rules."""
    severities: Counter[str] = Counter()
    unset = 0
    for alert in alerts:
        severity = str(alert["labels"].get("severity", "")).strip().lower()
        if _SEVERITY_KEY.match(severity):
            severities[severity] += 1
        else:
            unset += 1
    facts: dict[str, Any] = {
        "alerts.rules": len(alerts),
        "alerts.recording_rules": recording,
        "alerts.names": sorted({a[name_key] for a in alerts}),
        "alerts.with_runbook": sum(1 for a in alerts if a["annotations"].get("runbook_url", "").strip()),
        "alerts.with_for": sum(1 for a in alerts if a["for_s"] > 0),
    }
    facts.update({f"alerts.by_severity.{sev}": count for sev, count in sorted(severities.items())})
    return facts, unset
