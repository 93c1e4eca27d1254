"""Nothing hangs: every text parser reads 100,000-line and very long adversarial lines in bounded time.

Each case runs in a child process under a generous timeout (a backtracking regular expression
cannot be interrupted from inside the process). This is a correctness test, not a speed test: a
linear parser reads each input in well under a second, a quadratic one takes minutes. Speed
figures live in bench/.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIMEOUT_S = 60
LINES = 100_000
LONG = 1_000_000


def _fixture(name: str) -> str:
    return (FIXTURES / "load" / name).read_text(encoding="utf-8")


def _wrk() -> str:
    return _fixture("wrk-4.1.0-latency.txt")


def _ab() -> str:
    return _fixture("ab-2.3-console.txt")


def _summariser() -> str:
    return _fixture("jmeter-2.13-summariser.log")


PROM = "# HELP up Whether the target is up.\n# TYPE up gauge\nup 1\n"
# (module, case, text): module is an adapter under readiness.adapters, or "documents" (Markdown headings).
CASES: list[tuple[str, str, Callable[[], str]]] = [
    ("wrk", "blank lines", lambda: _wrk() + " \t \n" * LINES),
    ("wrk", "long spaces before Latency", lambda: _wrk() + " " * LONG + "Latency 1ms\n"),
    ("wrk", "long run of digits and dots", lambda: _wrk() + "  Latency " + "1." * LONG + "\n"),
    ("wrk", "many percentile lines", lambda: _wrk() + "     50%  " * 10 + "\n" + "    99%   1.00ms x\n" * LINES),
    ("wrk", "long requests line", lambda: _wrk() + " " * LONG + "9 requests in " + "9" * LONG),
    ("ab", "blank lines", lambda: _ab() + " \t \n" * LINES),
    ("ab", "long Total line", lambda: _ab() + "Total: " + "1 " * LONG + "x\n"),
    ("ab", "many percentage lines", lambda: _ab() + "  50%  " * 10 + "\n" + "  99%" + " " * LONG + "x\n"),
    ("ab", "long breakdown", lambda: _ab() + "(Connect: " + "1" * LONG + ", Receive: " * 1000 + "\n"),
    ("jmeter_stats", "many result lines", lambda: _summariser() + "summary + " + "1 in 1 = 1/s Avg: 1\n" * LINES),
    ("jmeter_stats", "long result line", lambda: "summary = " + "1 in " * LONG + " 1/s Avg: x\n"),
    ("jmeter_stats", "markers on one line", lambda: "+ 1 in 00:00:01 = 1" + "/s Avg:  " * LONG + "\n"),
    ("jmeter_stats", "long spaces", lambda: "summary =" + " " * LONG + "1 in" + " " * LONG + "/s Avg:\n"),
    ("prom_scrape", "long label braces", lambda: PROM + "a{" + "}" * LONG + "\n"),
    ("prom_scrape", "long label value", lambda: PROM + 'a{b="' + "\\\\" * LONG + '"} 1\n'),
    ("prom_scrape", "many lines", lambda: PROM + "".join(f"m{{i=\"{i}\"}} {i}\n" for i in range(LINES))),
    ("prom_scrape", "long spaces", lambda: PROM + "up" + " " * LONG + "1\n"),
    ("prom_scrape", "many comments", lambda: PROM + "# HELP x \n" * LINES),
    ("documents", "heading of 60,000 spaces", lambda: "#" + " " * 60_000 + "x\n"),
    ("documents", "heading of 1,000,000 spaces and hashes", lambda: "# a" + " #" * LONG + " b\n"),
    ("documents", "many headings", lambda: "## Title ##\n" * LINES),
    ("documents", "many setext underlines", lambda: "Title\n" + "=" * 1000 + "\n" * 2 + "-\n" * LINES),
    ("documents", "long fence", lambda: "`" * LONG + "\n# a\n"),
    ("asciidoc", "title of 60,000 spaces", lambda: "= a" + " " * 60_000 + "b\n== c" + " \t" * 30_000 + "==\n"),
    ("redis_info", "long line", lambda: "# Server\nredis_version:7\n" + "a" * LONG + ":" + "b" * LONG + "\n"),
    ("pip_check", "long line", lambda: "a 1 has requirement " + "b, but you have " * 100_000 + "\n"),
    ("xunit_net", "root tag repeated over the head", lambda: "<assembly " + "<assembly a=b " * 10_000),
    ("trx", "root tag repeated over the head", lambda: "<TestRun " + '<TestRun xmlns="x" ' * 10_000),
    ("lcov", "many records", lambda: "TN:\nSF:a\n" + "DA:1,1\n" * LINES + "end_of_record\n"),
]

CHILD = """
import sys, time
from pathlib import Path
name, path = sys.argv[1], Path(sys.argv[2])
if name == "documents":
    from readiness.documents import headings
    headings(path.read_text(encoding="utf-8"))
elif name == "asciidoc":
    from readiness.documents import asciidoc_headings
    asciidoc_headings(path.read_text(encoding="utf-8"))
else:
    import importlib
    from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
    module = importlib.import_module(f"readiness.adapters.{name}")
    module.sniff(path, path.read_bytes()[:HEAD_BYTES])
    try:
        module.parse(path)
    except InvalidEvidence:
        pass
print("done")
"""


@pytest.mark.parametrize(("module", "text"), [pytest.param(m, t, id=f"{m}: {c}") for m, c, t in CASES])
def test_parser_finishes(tmp_path: Path, module: str, text: Callable[[], str]) -> None:
    path = tmp_path / ("input.md" if module in ("documents", "asciidoc") else "input.txt")
    path.write_text(text(), encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, module, str(path)], capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{module} did not finish within {TIMEOUT_S} s on this input: a super-linear parser")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"
