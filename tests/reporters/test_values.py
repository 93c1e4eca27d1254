"""Values in words and units: every unit the reports print, the digits each deserves, and the bounds never reached."""

from __future__ import annotations

import pytest

from readiness.reporters import values
from readiness.vocabulary import VOCABULARY


@pytest.mark.parametrize(("number", "text"), [
    (0, "0"), (4.0, "4"), (4.7628024347129685, "4.76"), (151.59772452930736, "152"), (1036.1692289998246, "1,036"),
    (0.000123456, "0.000123"), (12.5, "12.5"), (1795884948.39, "1,795,884,948"),  # whole digits stay
])
def test_significant(number: float, text: str) -> None:
    assert values.significant(number) == text


@pytest.mark.parametrize(("number", "text"), [(0, "0"), (27, "27"), (1328, "1,328"), (10469.0, "10,469"),
                                              (2.5, "2.5")])
def test_count(number: float, text: str) -> None:
    assert values.count(number) == text


@pytest.mark.parametrize(("ratio", "of", "text"), [
    (1.0, None, "100 %"), (0.0, None, "0 %"), (0.02302, None, "2.3 %"), (0.84001, None, "84 %"),
    (1328 / 1329, 1329, "99.92 %"),  # 1,329 tests resolve 0.08 %: two decimals, no more
    (241 / 10469, 10469, "2.30 %"),
    (2 / 3, 3, "67 %"),  # three tests deserve no decimals
    (0.9995, None, "99.95 %"),  # three significant digits would say 100 %: never round onto the bound
    (0.99999, 1329, "99.999 %"),
    (0.0000001, None, "0.00001 %"),  # nor onto 0 %
])
def test_percent(ratio: float, of: float | None, text: str) -> None:
    assert values.percent(ratio, of=of) == text


@pytest.mark.parametrize(("ms", "text"), [(4.0, "4 ms"), (0.4, "0.4 ms"), (4.7628, "4.76 ms"), (999.4, "999 ms"),
                                          (1036.1692289998246, "1.04 s"), (2000, "2 s"), (12345, "12.3 s")])
def test_duration_ms(ms: float, text: str) -> None:
    assert values.duration_ms(ms) == text


@pytest.mark.parametrize(("seconds", "text"), [(0.004, "4 ms"), (0.536, "536 ms"), (0, "0 s"), (69.0, "1 min 9 s"),
                                               (59.5, "59.5 s"), (1800, "30 min"), (125, "2 min 5 s"),
                                               (3600, "1 h"), (5400, "1 h 30 min"), (90000, "25 h")])
def test_seconds(seconds: float, text: str) -> None:
    assert values.seconds(seconds) == text


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (1023, "1,023 B"), (1024, "1 KB"), (1536, "1.5 KB"),
                                            (1464, "1.43 KB"), (25440256, "24.3 MB"), (5 * 1024 ** 3, "5 GB")])
def test_size(size: int, text: str) -> None:
    assert values.size(size) == text


@pytest.mark.parametrize(("fact", "value", "text"), [
    ("tests.pass_rate", 1.0, "100 %"), ("load.error_rate", 0.02302, "2.3 %"), ("coverage.line_pct", 96.3303, "96.3 %"),
    ("load.p95_ms", 1036.1692289998246, "1.04 s"), ("load.duration_s", 69.0, "1 min 9 s"), ("load.rps", 151.6, "152/s"),
    ("tests.total", 1329, "1,329"), ("redis.used_memory", 25440256, "24.3 MB"), ("cost.monthly", 1234.5, "1,234.50"),
    ("api.valid", True, "yes"), ("security.tools", ["Bandit", "Semgrep"], "Bandit, Semgrep"),
    ("alerts.names", [f"A{n}" for n in range(7)], "A0, A1, A2, A3, A4 (+2 more)"), ("load.tool", "k6", "k6"),
    ("tests.total", None, "missing"),
    ("team.queue_ms", 250.0, "250 ms"),  # a derived fact in a pack: the unit comes from the name's ending
    ("team.hit_rate", 0.5, "50 %"), ("metrics.process_start_time_seconds", 6.2, "6.2"),  # metrics keep raw units
    ("tests.total{suite=\"unit\"}", 18, "18"),
    ("load.arrival_rate", 50.0, "50/s"),  # a rate per second, not a share: named, never guessed from "_rate"
])
def test_show(fact: str, value: values.FactValue | None, text: str) -> None:
    assert values.show(fact, value) == text


def test_every_known_fact_has_words() -> None:
    """A fact the vocabulary knows never falls back to its bare name."""
    for spec in VOCABULARY:
        name = spec.name.replace("*", "x")
        assert not values.wording(name).phrase.startswith(name), name


@pytest.mark.parametrize(("fact", "text"), [
    ("tests.pass_rate", "Pass rate"), ("load.error_rate", "Error rate"), ("load.p95_ms", "P95 latency"),
    ("tests.total{suite=\"unit\"}", "Tests (suite=unit)"), ("docs.readme.present", "Document 'readme' present"),
    ("team.custom", "Team.custom"),
])
def test_label(fact: str, text: str) -> None:
    assert values.label(fact) == text


@pytest.mark.parametrize(("expected", "parsed"), [
    (">= 1", (">=", 1)), ("<= 0.01", ("<=", 0.01)), ("== true", ("==", True)), ('== "k6"', ("==", "k6")),
    ("contains x", ("contains", "x")), (">= 1e+06", (">=", 1e6)),
])
def test_parse_expected(expected: str, parsed: tuple[str, values.FactValue]) -> None:
    assert values.parse_expected(expected) == parsed


@pytest.mark.parametrize(("fact", "expected", "text"), [
    ("tests.pass_rate", ">= 1", "needs 100 %"), ("load.error_rate", "<= 0.01", "needs at most 1 %"),
    ("alerts.unrouted", "== 0", "needs 0"), ("load.p95_ms", "< 2000", "needs less than 2 s"),
    ("load.concurrency", "> 10", "needs more than 10"), ("load.tool", '!= "ab"', "needs anything but ab"),
    ("api.valid", "== true", "needs yes"), ("coverage.line_pct", ">= 80", "needs at least 80 %"),
])
def test_needs(fact: str, expected: str, text: str) -> None:
    assert values.needs(fact, expected) == text


def test_condition_line_with_counts_reads_like_the_issue() -> None:
    counts = {"tests.passed": 1328.0, "tests.total": 1329.0, "tests.skipped": 0.0}
    line = values.condition_line("tests.pass_rate", 1328 / 1329, ">= 1", False, counts)
    assert line.text == "99.92 % of tests passed (1,328 of 1,329); needs 100 %"
    assert line.fact == "tests.pass_rate" and line.holds is False


def test_counts_that_do_not_reproduce_the_rate_are_not_shown() -> None:
    """Counts from other files (or another series) must not be printed beside a rate they did not produce."""
    wrong = {"tests.passed": 10.0, "tests.total": 10.0}
    assert values.condition_line("tests.pass_rate", 0.5, ">= 1", False, wrong).text == \
        "50 % of tests passed; needs 100 %"
    selected = {"tests.passed": 1.0, "tests.total": 2.0}  # equal ratio, but a selector picks one series
    assert "(1 of 2)" not in values.condition_line('tests.pass_rate{suite="a"}', 0.5, ">= 1", False, selected).text


def test_skipped_tests_leave_the_denominator() -> None:
    counts = {"tests.passed": 8.0, "tests.total": 10.0, "tests.skipped": 2.0}
    assert values.condition_line("tests.pass_rate", 1.0, ">= 1", True, counts).text == \
        "100 % of tests passed (8 of 8); needs 100 %"


def test_a_failing_value_never_reads_like_its_bound() -> None:
    """2000.4 ms against at most 2000 ms would print '2 s; needs at most 2 s': both get the digits that differ."""
    assert values.condition_line("load.p95_ms", 2000.4, "<= 2000", False).text == \
        "p95 latency: 2.0004 s; needs at most 2 s"
    assert values.condition_line("tests.pass_rate", 0.99996, ">= 1", False).text == \
        "99.996 % of tests passed; needs 100 %"
    assert values.condition_line("load.concurrency", 100.2, "<= 100", False).text == \
        "Concurrent users: 100.2; needs at most 100"


def test_offenders_and_missing_values() -> None:
    line = values.condition_line("alerts.unrouted", 1, "== 0", False, offenders=["ShopCacheCold"])
    assert line.text == "Alerts no route delivers: 1 (ShopCacheCold); needs 0"
    many = values.condition_line("alerts.unrouted", 7, "== 0", False, offenders=[f"A{n}" for n in range(7)])
    assert many.text.endswith("(A0, A1, A2, A3, A4 and 2 more); needs 0")
    assert values.condition_line("alerts.unrouted", 0, "== 0", True, offenders=["x"]).text == \
        "Alerts no route delivers: 0; needs 0"
    assert values.condition_line("load.p99_ms", None, "<= 500", None).text == \
        "P99 latency: not in the evidence; needs at most 500 ms"
