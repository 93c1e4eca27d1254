"""Redis (or Valkey) `INFO` output saved to a file: cache hits and misses, clients and memory."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "redis_info"
FAMILY = "metrics"
DESCRIPTION = "Redis INFO output (redis-cli info)"
FACTS = ("redis.keyspace_hits", "redis.keyspace_misses", "redis.hit_rate", "redis.connected_clients",
         "redis.used_memory")
_INTEGER_FACTS = ("keyspace_hits", "keyspace_misses", "connected_clients", "used_memory")
_LINE = re.compile(r"^([A-Za-z0-9_]+):(.*)$")
_DETAIL_KEYS = ("redis_version", "valkey_version", "redis_mode", "role", "uptime_in_seconds", "maxmemory",
                "maxmemory_policy", "evicted_keys", "expired_keys", "total_commands_processed")


def sniff(path: Path, head: bytes) -> bool:
    """A `# Server` section header and a `redis_version:` line near the top."""
    text = head[:8192]
    return re.search(rb"^# Server\r?$", text, flags=re.MULTILINE) is not None and \
        re.search(rb"^redis_version:", text, flags=re.MULTILINE) is not None


def parse(path: Path) -> Parsed:
    """Read `key:value` lines by section; facts only for the fields present in the output."""
    fields: dict[str, str] = {}
    keyspace: dict[str, str] = {}
    section = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            section = line.lstrip("# ").lower()
            continue
        match = _LINE.match(line)
        if not match:
            raise InvalidEvidence(f"line {number}: not a Redis INFO `field:value` line: {line[:80]!r}")
        (keyspace if section == "keyspace" else fields)[match.group(1)] = match.group(2)
    facts: dict[str, Any] = {}
    for name in _INTEGER_FACTS:
        if name in fields:
            try:
                facts[f"redis.{name}"] = int(fields[name])
            except ValueError:
                raise InvalidEvidence(f"{name} is not an integer: {fields[name]!r}") from None
    warnings = []
    hits, misses = facts.get("redis.keyspace_hits"), facts.get("redis.keyspace_misses")
    if hits is not None and misses is not None:
        if hits + misses:
            facts["redis.hit_rate"] = round(hits / (hits + misses), 6)
        else:
            warnings.append("no keyspace lookups since the server started: hit rate unknown")
    if not facts:
        raise InvalidEvidence("Redis INFO without keyspace, clients or memory fields")
    details: dict[str, Any] = {key: fields[key] for key in _DETAIL_KEYS if key in fields}
    details["keyspace"] = keyspace
    return Parsed(facts=facts, observed_at=_server_time(fields), warnings=warnings, details=details)


def _server_time(fields: dict[str, str]) -> datetime | None:
    """Redis >= 6.2 prints server_time_usec: when the INFO was taken."""
    try:
        return datetime.fromtimestamp(int(fields["server_time_usec"]) / 1e6, tz=UTC)
    except (KeyError, ValueError, OverflowError):
        return None
