"""Unit tests for readiness.adapters.redis_info: facts only from fields present, hit rate arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import redis_info
from readiness.adapters.base import InvalidEvidence


def _info(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "info.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def test_zero_lookups_leave_hit_rate_absent(tmp_path: Path) -> None:
    parsed = redis_info.parse(_info(tmp_path, "# Server\nredis_version:7.2.4\n# Stats\nkeyspace_hits:0\n"
                                              "keyspace_misses:0\n"))
    assert parsed.facts == {"redis.keyspace_hits": 0, "redis.keyspace_misses": 0}
    assert parsed.warnings and parsed.observed_at is None


def test_hit_rate_and_keyspace_details(tmp_path: Path) -> None:
    parsed = redis_info.parse(_info(tmp_path, "# Server\nredis_version:7.2.4\nserver_time_usec:1700000000000000\n"
                                              "# Stats\nkeyspace_hits:3\nkeyspace_misses:1\n# Keyspace\n"
                                              "db0:keys=3,expires=0,avg_ttl=0\n"))
    assert parsed.facts["redis.hit_rate"] == 0.75
    assert "redis.used_memory" not in parsed.facts
    assert parsed.details["keyspace"] == {"db0": "keys=3,expires=0,avg_ttl=0"}
    assert parsed.observed_at is not None and parsed.observed_at.year == 2023


@pytest.mark.parametrize("text", ["# Server\nredis_version:7\nthis is not info\n",
                                  "# Server\nredis_version:7\nkeyspace_hits:many\n",
                                  "# Server\nredis_version:7\n"])
def test_invalid(tmp_path: Path, text: str) -> None:
    with pytest.raises(InvalidEvidence):
        redis_info.parse(_info(tmp_path, text))


def test_sniff() -> None:
    assert redis_info.sniff(Path("x"), b"# Server\r\nredis_version:7.0.15\r\n")
    assert not redis_info.sniff(Path("x"), b"# Server\nversion: 1\n")
