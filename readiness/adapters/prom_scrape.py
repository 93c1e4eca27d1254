"""A saved Prometheus/OpenMetrics `/metrics` scrape: per-metric sums and per-label-value sums, as facts.

Naming, decided here: a fact is named after the SAMPLE as it appears on the wire, so a counter is
`metrics.cache_hits_total` (the `_total` suffix kept, as PromQL users query it) and a histogram gives
`metrics.x_bucket`, `metrics.x_count`, `metrics.x_sum`. `metrics.<name>` is the sum over every series
of that sample name. `metrics.<name>{label="value"}` is the sum over every series whose `label` equals
`value`, the other labels summed over; for a series with one label that is exactly its value. A series
identified by several labels at once is listed in details["series"], not as a fact. `_created`
samples (timestamps, not quantities) and NaN/Inf values are left out of the sums.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness.adapters.base import InvalidEvidence, Parsed, labeled

KIND = "prom_scrape"
FAMILY = "metrics"
DESCRIPTION = "saved Prometheus text or OpenMetrics /metrics scrape"
FACTS = ("metrics.*",)
MAX_LABEL_VALUES = 100  # per metric and label: keeps a high-cardinality label from flooding the facts
SERIES_SAMPLE = 200
_SAMPLE_LINE = re.compile(rb"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^\n]*\})?[ \t]+[-+0-9.eEnaNIif]+", re.MULTILINE)
_META_LINE = re.compile(rb"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* ", re.MULTILINE)


def sniff(path: Path, head: bytes) -> bool:
    """Text whose lines are `# HELP`/`# TYPE` metadata and `name{labels} value` samples."""
    if b"\x00" in head or not _META_LINE.search(head):
        return False
    return _SAMPLE_LINE.search(head) is not None


def _families(text: str) -> list[Any]:
    if re.search(r"^# EOF\s*$", text, flags=re.MULTILINE):
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics

        return list(openmetrics(text))
    from prometheus_client.parser import text_string_to_metric_families

    return list(text_string_to_metric_families(text))


def parse(path: Path) -> Parsed:
    """Parse with prometheus_client's own text parsers (OpenMetrics when the scrape ends with # EOF)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvidence(f"scrape is not UTF-8: {exc}") from None
    try:
        families = _families(text)
    except (ValueError, IndexError, KeyError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]  # some parser errors carry no message
        raise InvalidEvidence(f"not a valid metrics exposition: {reason[:200]}") from None
    totals: dict[str, float] = defaultdict(float)
    by_label: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    series: list[dict[str, Any]] = []
    table: list[dict[str, Any]] = []
    stamps: list[float] = []
    skipped = 0
    for family in families:
        table.append({"name": family.name, "type": family.type, "help": family.documentation[:200],
                      "series": len(family.samples)})
        for sample in family.samples:
            if sample.name.endswith("_created") or not math.isfinite(sample.value):
                skipped += not sample.name.endswith("_created")
                continue
            totals[sample.name] += sample.value
            for pair in sample.labels.items():
                by_label[sample.name][pair] += sample.value
            if sample.timestamp is not None:
                stamps.append(float(sample.timestamp))
            if len(series) < SERIES_SAMPLE:
                series.append({"name": sample.name, "labels": dict(sample.labels), "value": sample.value})
    if not totals:
        raise InvalidEvidence("no samples in the scrape")
    facts: dict[str, Any] = {f"metrics.{name}": _number(value) for name, value in totals.items()}
    warnings = [f"{skipped} NaN/Inf sample(s) left out of the sums"] if skipped else []
    for name, pairs in by_label.items():
        counts: dict[str, int] = defaultdict(int)
        for (label, value), total in pairs.items():
            counts[label] += 1
            if counts[label] <= MAX_LABEL_VALUES:
                facts[labeled(f"metrics.{name}", label, value)] = _number(total)
            elif counts[label] == MAX_LABEL_VALUES + 1:
                warnings.append(f"metrics.{name}: label {label!r} has over {MAX_LABEL_VALUES} values; rest omitted")
    observed = _observed(max(stamps)) if stamps else None
    if stamps and observed is None:
        warnings.append(f"sample timestamp {max(stamps):g} is outside any calendar date: no observation time")
    details = {"families": table[:SERIES_SAMPLE], "series": series, "series_truncated": len(series) >= SERIES_SAMPLE}
    return Parsed(facts=facts, observed_at=observed, warnings=warnings, details=details)


def _observed(stamp: float) -> datetime | None:
    """A sample timestamp (Unix seconds) as a time, or None when it is beyond any date (e.g. 1e20 or inf)."""
    try:
        return datetime.fromtimestamp(stamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _number(value: float) -> int | float:
    """Counts stay integers (12, not 12.0) so facts compare naturally."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
