"""The reporter registry: every format has a module, every file ending a format, and -o specs parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness import reporters


def test_every_ending_names_a_registered_format_and_longer_endings_win() -> None:
    endings = [ending for ending, _ in reporters.EXTENSIONS]
    assert {fmt for _, fmt in reporters.EXTENSIONS} == set(reporters.REGISTRY)
    for n, ending in enumerate(endings):
        assert not any(ending.endswith(earlier) for earlier in endings[:n]), f"{ending} is shadowed"


@pytest.mark.parametrize(("spec", "path", "fmt"), [
    ("out/report.junit.xml", "out/report.junit.xml", "junit"),
    ("REPORT.SARIF", "REPORT.SARIF", "sarif"),
    ("scan.sarif.json", "scan.sarif.json", "sarif"),
    ("badge.shields.json", "badge.shields.json", "shields"),
    ("report.json", "report.json", "json"),
    ("badge.svg", "badge.svg", "badge"),
    ("junit:results.xml", "results.xml", "junit"),
    ("md:summary.txt", "summary.txt", "md"),
    ("sarif:C:/reports/x.json", "C:/reports/x.json", "sarif"),
    ("C:/reports/report.md", "C:/reports/report.md", "md"),
    ("text:a:b.log", "a:b.log", "text"),
])
def test_plan(spec: str, path: str, fmt: str) -> None:
    assert reporters.plan(spec) == (Path(path), fmt)


@pytest.mark.parametrize(("spec", "message"), [
    ("jnuit:x.xml", "unknown report format 'jnuit'; did you mean 'junit'?"),
    ("pdf:x.pdf", "unknown report format 'pdf'"),
    ("report.pdf", "cannot tell the format of report.pdf"),
    ("junit:", "no file name after the format"),
    ("junit:reports/", "no file name after the format"),
])
def test_plan_refuses(spec: str, message: str) -> None:
    with pytest.raises(reporters.OutputError, match=message):
        reporters.plan(spec)
