"""Generate a big JUnit file for the bench: 200,000 cases in nested suites, properties, long failures, big output."""

from __future__ import annotations

import argparse
from pathlib import Path
from xml.sax.saxutils import escape

OUTER_SUITES = 40
INNER_SUITES = 5
FAILURE_EVERY = 20  # 5% of cases fail with a long message and trace
SKIP_EVERY = 50
ERROR_EVERY = 97
HUGE_TEXT_BYTES = 11 * 1024 * 1024  # one system-out text node above libxml2's 10 MB default limit


def expected_counts(cases: int) -> dict[str, int]:
    """What a correct parser must count for a file generated with `cases` test cases."""
    counts = {"total": cases, "failed": 0, "errors": 0, "skipped": 0}
    for index in range(cases):
        outcome = _outcome(index)
        if outcome != "passed":
            counts[outcome] += 1
    counts["passed"] = cases - counts["failed"] - counts["errors"] - counts["skipped"]
    return counts


def _outcome(index: int) -> str:
    if index % ERROR_EVERY == 0:
        return "errors"
    if index % FAILURE_EVERY == 0:
        return "failed"
    if index % SKIP_EVERY == 1:
        return "skipped"
    return "passed"


def _case(index: int, classname: str) -> str:
    outcome = _outcome(index)
    head = f'      <testcase classname="{classname}" name="test_{index}" time="0.{index % 1000:03d}"'
    if outcome == "passed":
        return head + "/>\n"
    if outcome == "skipped":
        return head + '><skipped message="not on this platform"/></testcase>\n'
    trace = escape("\n".join(f"    at com.example.Service.method{n}(Service.java:{n})" for n in range(25)))
    tag = "error" if outcome == "errors" else "failure"
    message = escape(f"expected <{index}> but was <{index + 1}>: " + "detail " * 60)
    return (f'{head}>\n        <{tag} message="{message}" type="java.lang.AssertionError">{trace}</{tag}>\n'
            f"        <system-out>case {index} log line\nsecond line &amp; more</system-out>\n      </testcase>\n")


def generate(path: Path, cases: int) -> None:
    """Write the file: <testsuites> / outer suites / inner suites / cases."""
    per_inner = cases // (OUTER_SUITES * INNER_SUITES)
    index = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n')
        for outer in range(OUTER_SUITES):
            out.write(f'  <testsuite name="module-{outer}" timestamp="2024-06-01T10:{outer % 60:02d}:00">\n')
            out.write("   <properties>" + "".join(
                f'<property name="java.prop.{n}" value="{"v" * 40}"/>' for n in range(20)) + "</properties>\n")
            for inner in range(INNER_SUITES):
                classname = f"com.example.module{outer}.Suite{inner}Test"
                out.write(f'    <testsuite name="{classname}" tests="{per_inner}">\n')
                chunk = []
                for _ in range(per_inner if (outer, inner) != (OUTER_SUITES - 1, INNER_SUITES - 1)
                               else cases - index):
                    chunk.append(_case(index, classname))
                    index += 1
                out.write("".join(chunk))
                if (outer, inner) == (0, 0):
                    line = "DEBUG very chatty log line with some payload 0123456789\n"
                    out.write("      <system-out>" + line * (HUGE_TEXT_BYTES // len(line) + 1) + "</system-out>\n")
                out.write("    </testsuite>\n")
            out.write("  </testsuite>\n")
        out.write("</testsuites>\n")


def main() -> None:
    """Command line: bench/junit_generate.py OUT [--cases N]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=200_000)
    args = parser.parse_args()
    generate(args.out, args.cases)


if __name__ == "__main__":
    main()
