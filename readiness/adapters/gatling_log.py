"""Gatling simulation.log, tab-separated text (2.x-3.x) or the binary layout of Gatling 3.12+: load facts."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Protocol

from readiness import progress
from readiness.adapters import _loadraw
from readiness.adapters._load_summary import SUMMARY_FACTS
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence, Parsed

KIND = "gatling_log"
FAMILY = "load"
DESCRIPTION = "Gatling simulation.log (text format, or the binary format of Gatling 3.12 and later)"
FACTS = SUMMARY_FACTS
_TEXT_FIRST = (b"RUN\t", b"ASSERTION\t")
_VERSION = re.compile(rb"\d+\.\d+(\.\d+)?([.-][0-9A-Za-z.-]+)?")
# Record headers of the binary format (io.gatling.core.stats.writer.RecordHeader).
_RUN, _REQUEST, _USER, _GROUP, _ERROR = range(5)


def _binary_version(head: bytes) -> str | None:
    """The Gatling version of a binary log: a Run record (byte 0) opening with a length-prefixed version."""
    if len(head) < 9 or head[0] != _RUN:
        return None
    (length,) = struct.unpack_from(">i", head, 1)
    if not 3 <= length <= 40 or len(head) < 5 + length:
        return None
    raw = head[5:5 + length]
    return raw.decode("ascii") if _VERSION.fullmatch(raw) else None


def sniff(path: Path, head: bytes) -> bool:
    """Text logs open with a RUN (or ASSERTION) record; binary ones with a Run record naming a version."""
    return head.startswith(_TEXT_FIRST) or _binary_version(head) is not None


class _Users:
    """User start/end events, for the peak number of concurrent virtual users."""

    def __init__(self) -> None:
        self.events: list[tuple[float, int]] = []

    def add(self, when: float, start: bool) -> None:
        self.events.append((when, 1 if start else -1))

    def peak(self) -> int | None:
        if not self.events:
            return None
        # At equal times ends (-1) sort first: a user leaving as another arrives is not overlap.
        active = best = 0
        for _, delta in sorted(self.events):
            active += delta
            best = max(best, active)
        return best


def _is_int(text: str) -> bool:
    return text.isdigit()


def _text_request(fields: list[str], samples: _loadraw.Samples, number: int) -> None:
    # Layouts differ across versions (scenario and user id came and went, 2.0 had four timestamps),
    # so anchor on the status: the first OK/KO preceded by integer timestamps.
    for i in range(3, len(fields)):
        if fields[i] in ("OK", "KO") and _is_int(fields[i - 1]) and _is_int(fields[i - 2]):
            stamps = 4 if i >= 6 and _is_int(fields[i - 3]) and _is_int(fields[i - 4]) else 2
            start, end = int(fields[i - stamps]), int(fields[i - 1])
            samples.add(fields[i - stamps - 1], float(end - start), fields[i] == "OK", float(start))
            return
    raise InvalidEvidence(f"line {number}: REQUEST record without timestamps and OK/KO status")


def _text(path: Path) -> _loadraw.Run:
    samples, users = _loadraw.Samples(), _Users()
    with path.open(encoding="utf-8", errors="replace", newline="\n") as fh:
        for number, line in enumerate(fh, 1):
            fields = line.rstrip("\r\n").split("\t")
            kind = fields[0]
            if kind == "REQUEST":
                _text_request(fields, samples, number)
            elif kind == "USER":
                event = next((f for f in fields if f in ("START", "END")), None)
                if event and _is_int(fields[-1]):
                    users.add(float(fields[-1]), event == "START")
            elif kind not in ("RUN", "ASSERTION", "GROUP", "ERROR", ""):
                raise InvalidEvidence(f"line {number}: unknown Gatling record {kind[:30]!r}")
    samples.concurrency = users.peak()
    return samples.run("gatling")


class _Readable(Protocol):
    def read(self, n: int = -1) -> bytes: ...


class _Binary:
    """Reader of the 3.12+ binary layout: big-endian ints, strings as length + bytes + coder byte,
    request names and messages through a string cache (positive index defines, negative refers)."""

    def __init__(self, source: _Readable) -> None:
        self.source = source
        self.cache: dict[int, str] = {}

    def bytes(self, n: int) -> bytes:
        if n < 0:
            raise InvalidEvidence(f"Gatling binary log: negative length {n} (a corrupt or truncated file)")
        data = self.source.read(n)
        if len(data) != n:
            raise EOFError
        return data

    def byte(self) -> int:
        return self.bytes(1)[0]

    def i32(self) -> int:
        return int(struct.unpack(">i", self.bytes(4))[0])

    def i64(self) -> int:
        return int(struct.unpack(">q", self.bytes(8))[0])

    def string(self) -> str:
        length = self.i32()
        if length == 0:
            return ""
        if not 0 < length < 1 << 24:
            raise InvalidEvidence(f"corrupt Gatling binary log: string length {length}")
        raw = self.bytes(length)
        # Java's compact strings: coder 0 is Latin-1, 1 is UTF-16 in the JVM's (little-endian) order.
        return raw.decode("latin-1" if self.byte() == 0 else "utf-16-le", "replace")

    def cached(self) -> str:
        index = self.i32()
        if index < 0:
            if -index not in self.cache:
                raise InvalidEvidence(f"corrupt Gatling binary log: unknown string reference {index}")
            return self.cache[-index]
        value = self.string()
        self.cache[index] = value
        return value


def _binary(path: Path, version: str) -> _loadraw.Run:
    major_minor = tuple(int(x) for x in re.findall(r"\d+", version)[:2])
    if major_minor < (3, 12):
        raise InvalidEvidence(f"Gatling {version} binary simulation.log: only the Gatling 3.12+ binary "
                              "layout is supported; regenerate the report or use the text log")
    samples, users = _loadraw.Samples(), _Users()
    bar = progress.for_file(path)
    with path.open("rb") as raw:
        reader = _Binary(progress.TrackedReader(raw, path.stat().st_size, bar))
        try:
            start = _binary_run(reader)
            while True:
                header = reader.source.read(1)
                if not header:
                    break
                _binary_record(reader, header[0], start, samples, users)
        except EOFError:
            raise InvalidEvidence("Gatling binary log is truncated mid-record") from None
        finally:
            bar.close()
    samples.concurrency = users.peak()
    return samples.run("gatling")


def _binary_run(reader: _Binary) -> int:
    reader.byte()
    reader.string()  # version
    reader.string()  # simulation class
    start = reader.i64()
    reader.string()  # description
    for _ in range(reader.i32()):
        reader.string()  # scenario names
    for _ in range(reader.i32()):
        reader.bytes(reader.i32())  # pickled assertions
    return start


def _binary_record(reader: _Binary, header: int, start: int, samples: _loadraw.Samples,
                   users: _Users) -> None:
    if header == _REQUEST:
        for _ in range(reader.i32()):
            reader.cached()  # group hierarchy
        name = reader.cached()
        begin, end = reader.i32(), reader.i32()
        ok = reader.byte() == 1
        reader.cached()  # message
        samples.add(name, float(end - begin), ok, float(start + begin))
    elif header == _USER:
        reader.i32()  # scenario index
        is_start = reader.byte() == 1
        users.add(float(start + reader.i32()), is_start)
    elif header == _GROUP:
        for _ in range(reader.i32()):
            reader.cached()
        reader.bytes(13)  # start, end, cumulated response time, status
    elif header == _ERROR:
        reader.cached()
        reader.i32()
    else:
        raise InvalidEvidence(f"corrupt Gatling binary log: unknown record type {header}")


def parse(path: Path) -> Parsed:
    """Requests (OK/KO), exact response-time percentiles per request name, peak users and run span."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    version = _binary_version(head)
    run = _binary(path, version) if version is not None else _text(path)
    return _loadraw.to_parsed(run)
