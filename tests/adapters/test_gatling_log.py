"""Gatling simulation.log adapter: the 3.12+ binary layout written like Gatling's writer, text layouts."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from readiness.adapters import gatling_log
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from tests.adapters import load_oracle

START = 1_730_757_531_501
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load-raw"
TEXT_LOGS = sorted(p for p in FIXTURES.glob("gatling-*-simulation.log") if "binary" not in p.name)


@pytest.mark.parametrize("path", TEXT_LOGS, ids=lambda p: p.name)
def test_text_logs_give_the_oracle_facts(path: Path) -> None:
    """Every layout against facts computed from the records' last fields and a sorted-list quantile."""
    assert gatling_log.parse(path).facts == load_oracle.expected_facts(load_oracle.gatling_text(path))


def test_every_text_layout_is_checked() -> None:
    assert [p.name for p in TEXT_LOGS] == ["gatling-2.2-simulation.log", "gatling-3.0-simulation.log",
                                           "gatling-3.4-simulation.log"]


class Writer:
    """Mirror of Gatling 3.12's BufferedFileChannelWriter (big-endian, coder byte, string cache)."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.cache: dict[str, int] = {}

    def int(self, value: int) -> None:
        self.out += struct.pack(">i", value)

    def string(self, value: str) -> None:
        if not value:
            self.int(0)
            return
        try:
            raw, coder = value.encode("latin-1"), 0
        except UnicodeEncodeError:
            raw, coder = value.encode("utf-16-le"), 1
        self.int(len(raw))
        self.out += raw + bytes([coder])

    def cached(self, value: str) -> None:
        if value in self.cache:
            self.int(-self.cache[value])
            return
        self.cache[value] = len(self.cache) + 1
        self.int(self.cache[value])
        self.string(value)

    def run(self, version: str = "3.12.1") -> None:
        self.out += b"\x00"
        self.string(version)
        self.string("sim.BasicSimulation")
        self.out += struct.pack(">q", START)
        self.string("")
        self.int(1)
        self.string("Users")
        self.int(1)
        self.int(3)
        self.out += b"abc"  # a pickled assertion, skipped

    def user(self, start: bool, at: int) -> None:
        self.out += b"\x02"
        self.int(0)
        self.out += bytes([start])
        self.int(at)

    def request(self, name: str, begin: int, end: int, ok: bool, groups: tuple[str, ...] = ()) -> None:
        self.out += b"\x01"
        self.int(len(groups))
        for group in groups:
            self.cached(group)
        self.cached(name)
        self.int(begin)
        self.int(end)
        self.out += bytes([ok])
        self.cached("" if ok else "status.find.is(200), but actually found 500")


def binary_log(tmp_path: Path) -> Path:
    w = Writer()
    w.run()
    w.user(True, 0)
    w.user(True, 5)
    w.request("Home", 10, 110, True)
    w.request("Página ☃", 20, 70, False, groups=("checkout",))
    w.out += b"\x03"  # a group record
    w.int(1)
    w.cached("checkout")
    w.int(20)
    w.int(70)
    w.int(50)
    w.out += b"\x00"
    w.out += b"\x04"  # an error record
    w.cached("boom")
    w.int(71)
    w.request("Home", 80, 380, True)
    w.user(False, 400)
    w.user(False, 401)
    path = tmp_path / "simulation.log"
    path.write_bytes(bytes(w.out))
    return path


def test_binary_log_facts(tmp_path: Path) -> None:
    path = binary_log(tmp_path)
    assert gatling_log.sniff(path, path.read_bytes()[:HEAD_BYTES])
    facts = gatling_log.parse(path).facts
    assert facts["load.requests"] == 3 and facts["load.failures"] == 1
    assert facts["load.max_ms"] == 300.0 and facts["load.p50_ms"] == 100.0
    assert facts['load.requests{label="Página ☃"}'] == 1 and facts['load.requests{label="Home"}'] == 2
    assert facts["load.concurrency"] == 2
    assert facts["load.duration_s"] == 0.37  # first start 10 ms to last end 380 ms after the run start
    assert facts["load.started_at"] == "2024-11-04T21:58:51Z"


def test_truncated_binary_log_is_refused(tmp_path: Path) -> None:
    path = binary_log(tmp_path)
    path.write_bytes(path.read_bytes()[:-6])
    with pytest.raises(InvalidEvidence, match="truncated"):
        gatling_log.parse(path)


def test_unknown_binary_record_is_refused(tmp_path: Path) -> None:
    path = binary_log(tmp_path)
    path.write_bytes(path.read_bytes() + b"\x09")
    with pytest.raises(InvalidEvidence, match="unknown record type 9"):
        gatling_log.parse(path)


def test_text_log_with_unknown_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "simulation.log"
    path.write_text("RUN\tsim\tsim\t1700000000000\t \t3.0\nBOGUS\t1\n")
    with pytest.raises(InvalidEvidence, match="line 2"):
        gatling_log.parse(path)


def test_sniff_refuses_other_text_and_binary(tmp_path: Path) -> None:
    assert not gatling_log.sniff(tmp_path, b"timeStamp,elapsed\n")
    assert not gatling_log.sniff(tmp_path, b"\x00\x00\x00\x00\x05hello")
    assert gatling_log.sniff(tmp_path, b"ASSERTION\tAAAA\nRUN\t")
