"""The evidence stage: discovery, hashing, sniffing, and containment of anything an adapter trips on."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from readiness.evidence import discover, read_evidence, sane_facts, walk

JUNIT = '<testsuite name="s" timestamp="2026-11-20T10:00:00Z"><testcase name="a" time="0.5"/></testsuite>'


def test_walk_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("b.xml", "a/c.xml", ".git/config", "a/.hidden.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)] == ["a/c.xml", "b.xml"]


def test_record_has_hash_time_from_content_and_display_path(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT)
    [record] = discover(tmp_path, "ev")
    assert record.path == "ev/junit.xml"
    assert record.sha256 == hashlib.sha256(JUNIT.encode()).hexdigest()
    assert record.time_source == "content" and record.evidence_time.isoformat() == "2026-11-20T10:00:00+00:00"
    assert record.facts["tests.total"] == 1


def test_without_a_time_in_the_content_the_mtime_is_the_weaker_source(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT.replace(' timestamp="2026-11-20T10:00:00Z"', ""))
    os.utime(tmp_path / "junit.xml", (1_700_000_000, 1_700_000_000))
    record = read_evidence(tmp_path / "junit.xml", "junit.xml")
    assert record.time_source == "mtime" and int(record.evidence_time.timestamp()) == 1_700_000_000


def test_odd_bytes_are_ignored_never_fatal(tmp_path: Path) -> None:
    (tmp_path / "old-mac.txt").write_bytes(b"notes\rline two\r")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.xml").write_bytes(b"")
    records = {r.path: r for r in discover(tmp_path, "ev")}
    assert records["ev/old-mac.txt"].status == "ignored"
    assert records["ev/binary.bin"].status == "ignored"
    assert records["ev/empty.xml"].status in ("ignored", "invalid")


def test_malformed_file_of_a_known_kind_is_invalid_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text("<testsuite name='s'><testcase name='a'>")
    record = read_evidence(tmp_path / "junit.xml", "junit.xml")
    assert record.status == "invalid" and record.kind == "junit"
    assert record.reason and "\n" not in record.reason and record.facts == {}


def test_nan_infinite_and_impossible_negative_values_are_dropped_with_a_warning() -> None:
    facts, dropped = sane_facts({"load.p95_ms": float("nan"), "load.p99_ms": float("inf"), "load.requests": -3,
                                 "load.p50_ms": 2.0, "metrics.temperature_celsius": -4.5, "api.valid": False})
    assert facts == {"load.p50_ms": 2.0, "metrics.temperature_celsius": -4.5, "api.valid": False}
    assert dropped == ["load.p95_ms dropped: not a finite number (nan)",
                       "load.p99_ms dropped: not a finite number (inf)",
                       "load.requests dropped: negative (-3)"]


def test_a_jtl_with_nan_latencies_never_yields_nan_facts(tmp_path: Path) -> None:
    (tmp_path / "nan.jtl").write_text(
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success\n"
        "1700000000000,NaN,home,200,OK,t1,text,true\n1700000000100,inf,home,200,OK,t1,text,true\n")
    record = read_evidence(tmp_path / "nan.jtl", "nan.jtl")
    numbers = [v for v in record.facts.values() if isinstance(v, float)]
    assert all(v == v and v not in (float("inf"), float("-inf")) for v in numbers)


def _deep_tree(top: Path, depth: int) -> None:
    """depth nested folders `d`, each made relative to the one above (no long paths), a file at the bottom."""
    top.mkdir()
    handle = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=handle)
        inner = os.open("d", os.O_RDONLY, dir_fd=handle)
        os.close(handle)
        handle = inner
    with open(os.open("junit.xml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle), "w") as out:
        out.write('<testsuite name="deep" tests="1"><testcase classname="a" name="b"/></testsuite>\n')
    os.close(handle)


def test_a_tree_1200_folders_deep_is_walked_without_recursion_error(tmp_path: Path) -> None:
    _deep_tree(tmp_path / "evidence", 1200)
    found = walk(tmp_path / "evidence")
    assert [p.name for p in found] == ["junit.xml"]
    assert len(found[0].relative_to(tmp_path / "evidence").parts) == 1201
    assert [r.facts.get("tests.total") for r in discover(tmp_path / "evidence")] == [1]


def test_walk_skips_hidden_and_does_not_follow_folder_links(tmp_path: Path) -> None:
    (tmp_path / "e" / ".git").mkdir(parents=True)
    (tmp_path / "e" / ".git" / "x.xml").write_text("<x/>")
    (tmp_path / "e" / ".hidden.xml").write_text("<x/>")
    (tmp_path / "e" / "b").mkdir()
    (tmp_path / "e" / "b" / "a.xml").write_text("<x/>")
    (tmp_path / "e" / "a.xml").write_text("<x/>")
    (tmp_path / "e" / "loop").symlink_to(tmp_path / "e")
    (tmp_path / "e" / "file-link.xml").symlink_to(tmp_path / "e" / "a.xml")
    assert [p.relative_to(tmp_path / "e").as_posix() for p in walk(tmp_path / "e")] == [
        "a.xml", "b/a.xml", "file-link.xml"]
    assert len(walk(tmp_path / "e", hidden=True)) == 5
