"""Unit tests for readiness.alertrouting and readiness.adapters._matchers: matcher parsing, Alertmanager
routing (checked against amtool), runbook resolution, and the three cross-file findings."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from readiness.adapters import alertmanager, grafana_alerting, prometheus_rules
from readiness.adapters._matchers import Matcher, parse_matchers
from readiness.adapters.base import InvalidEvidence
from readiness.alertrouting import (
    Finding,
    critical_unpaged,
    match_route,
    runbook_file,
    runbook_missing,
    unrouted,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "alerting"
AM = alertmanager.parse(FIXTURES / "alertmanager.yml").details

# `amtool config routes test --config.file=tests/fixtures/alerting/alertmanager.yml <labels>`, amtool 0.25.0.
AMTOOL_ROUTES = [
    ({"alertname": "CheckoutHighErrorRate", "severity": "critical", "team": "payments"},
     ["payments-pager", "payments-chat"]),
    ({"alertname": "CheckoutHighLatency", "severity": "warning", "team": "payments"}, ["payments-chat"]),
    ({"alertname": "CheckoutDown", "severity": "page", "team": "payments"}, ["payments-pager"]),
    ({"alertname": "CheckoutCertExpiring", "severity": "ticket"}, ["null"]),
    ({"alertname": "Watchdog", "severity": "none"}, ["null"]),
    ({"alertname": "X", "severity": "info", "team": "checkout"}, ["payments-chat"]),
    ({"alertname": "Y"}, ["team-mail"]),
]


@pytest.mark.parametrize(("labels", "receivers"), AMTOOL_ROUTES)
def test_routing_agrees_with_amtool(labels: dict[str, str], receivers: list[str]) -> None:
    assert match_route(labels, AM["route"]) == receivers


@pytest.mark.parametrize(("text", "expected"), [
    ('a="b"', [Matcher("a", "=", "b")]),
    ("a=b", [Matcher("a", "=", "b")]),
    ('{a!="b", c=~"x|y"}', [Matcher("a", "!=", "b"), Matcher("c", "=~", "x|y")]),
    ('a !~ "1,2"', [Matcher("a", "!~", "1,2")]),
    ('msg="say \\"hi\\""', [Matcher("msg", "=", 'say "hi"')]),
])
def test_parse_matchers(text: str, expected: list[Matcher]) -> None:
    assert parse_matchers(text) == expected


@pytest.mark.parametrize("text", ["novalue", 'a=~"("', "=b"])
def test_bad_matchers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_matchers(text)


def test_matcher_semantics_missing_label_is_empty_and_regex_is_anchored() -> None:
    assert Matcher("team", "!=", "ops").matches({})
    assert Matcher("team", "=~", ".*").matches({})
    assert not Matcher("team", "=~", "pay").matches({"team": "payments"})
    assert Matcher("team", "!~", "pay").matches({"team": "payments"})


def test_children_inherit_receiver_and_continue_collects_more() -> None:
    route = {"receiver": "root", "routes": [
        {"match": {"a": "1"}, "continue": True, "routes": []},
        {"match_re": {"a": "1|2"}, "receiver": "second", "routes": []},
    ]}
    assert match_route({"a": "1"}, route) == ["root", "second"]
    assert match_route({"a": "2"}, route) == ["second"]
    assert match_route({"a": "3"}, route) == ["root"]


ALERTS = prometheus_rules.parse(FIXTURES / "rules-service.yml").details["alerts"]


def test_unrouted_and_critical_unpaged_on_the_fixtures() -> None:
    # CheckoutCertExpiring (severity=ticket) goes to the "null" blackhole; the rest reach a pager or chat.
    assert unrouted(ALERTS, [AM]) == Finding(1, ["CheckoutCertExpiring"])
    assert critical_unpaged(ALERTS, [AM]) == Finding(0, [])


def test_critical_alert_to_blackhole_is_unpaged() -> None:
    alerts = [{"name": "DbDown", "labels": {"severity": "Critical"}, "runbook_url": None},
              {"name": "DbDown", "labels": {"severity": "critical", "team": "payments"}, "runbook_url": None},
              {"name": "Noise", "labels": {"severity": "info"}, "runbook_url": None}]
    config = {"route": {"receiver": "null", "routes": [
        {"matchers": ['team="payments"'], "receiver": "pager", "routes": []}]},
        "receivers": {"null": [], "pager": ["pagerduty"]}}
    assert critical_unpaged(alerts, [config]) == Finding(1, ["DbDown"])
    assert unrouted(alerts, [config]) == Finding(2, ["DbDown", "Noise"])
    # With no Alertmanager config at all nothing is routed.
    assert unrouted(alerts, []).count == 3
    assert critical_unpaged(alerts, []) == Finding(2, ["DbDown"])


def test_any_of_several_configs_delivering_is_enough() -> None:
    alert = [{"name": "A", "labels": {"severity": "page"}, "runbook_url": None}]
    dead = {"route": {"receiver": "null", "routes": []}, "receivers": {"null": []}}
    live = {"route": {"receiver": "pager", "routes": []}, "receivers": {"pager": ["opsgenie"]}}
    assert critical_unpaged(alert, [dead]).count == 1
    assert critical_unpaged(alert, [dead, live]).count == 0


def test_grafana_simplified_routing_uses_the_rule_receiver() -> None:
    details = grafana_alerting.parse(FIXTURES / "grafana-provisioning.yaml").details
    assert unrouted(details["alerts"], [details]) == Finding(0, [])
    orphan = [{**details["alerts"][1], "receiver": "nobody"}]
    assert unrouted(orphan, [details]) == Finding(1, ["CheckoutHighLatency"])


@pytest.fixture
def runbooks(tmp_path: Path) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "DiskFull.md").write_text("# Disk full\n")
    (tmp_path / "checkout-latency.md").write_text("# Latency\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "README.md").write_text("# API\n")
    (tmp_path.parent / "secret.md").write_text("outside\n")
    return tmp_path


@pytest.mark.parametrize(("url", "found"), [
    ("https://github.com/acme/svc/blob/main/runbooks/db/DiskFull.md", "db/DiskFull.md"),
    ("https://runbooks.example.com/db/DiskFull#steps", "db/DiskFull.md"),
    ("runbooks/checkout-latency.md", "checkout-latency.md"),
    ("https://wiki.example.com/api/", "api/README.md"),
    ("https://wiki.example.com/db/diskfull", None),  # case matters on the file system
    ("../secret.md", None),
    ("https://wiki.example.com/", None),
])
def test_runbook_file(runbooks: Path, url: str, found: str | None) -> None:
    result = runbook_file(url, runbooks)
    assert (result.relative_to(runbooks.resolve()).as_posix() if result else None) == found


def test_runbook_missing_counts_rules_and_dedupes_names(runbooks: Path) -> None:
    alerts = [{"name": "A", "labels": {}, "runbook_url": None},
              {"name": "A", "labels": {}, "runbook_url": "https://x/db/Gone.md"},
              {"name": "B", "labels": {}, "runbook_url": "https://x/runbooks/db/DiskFull.md"}]
    assert runbook_missing(alerts, runbooks) == Finding(2, ["A"])
    assert runbook_missing(ALERTS, runbooks) == Finding(3, ["CheckoutHighErrorRate", "CheckoutDown",
                                                            "CheckoutCertExpiring"])


def test_regex_matchers_are_re2_linear_time_as_in_alertmanager() -> None:
    # With Python's backtracking re, (a|a)*b against 40 a's does not finish in a lifetime.
    started = time.monotonic()
    assert not Matcher("x", "=~", "(a|a)*b").matches({"x": "a" * 100_000})
    assert Matcher("x", "!~", "(a|a)*b").matches({"x": "a" * 100_000})
    assert time.monotonic() - started < 10  # generous: linear time is milliseconds


@pytest.mark.parametrize(("pattern", "reason"), [
    ("(a)\\1", "invalid escape sequence: \\1"),    # Go's regexp has no backreferences
    ("(?=a)", "invalid perl operator: (?="),           # nor lookarounds
    ("a{1001}", "invalid repetition size: {1001}"),     # nor counts over 1000
])
def test_patterns_alertmanager_refuses_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"invalid regular expression {pattern!r}: {reason}")):
        parse_matchers(f"a=~{pattern}")


def test_invalid_regex_in_a_config_is_invalid_evidence_and_not_logged(tmp_path: Path,
                                                                      capfd: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "alertmanager.yml"
    config.write_text("route:\n  receiver: a\n  routes:\n    - receiver: a\n      match_re:\n"
                      "        team: '(x)\\1'\nreceivers:\n  - name: a\n")
    with pytest.raises(InvalidEvidence, match=r"route.routes\[0\]: match_re: team: invalid regular expression"):
        alertmanager.parse(config)
    assert capfd.readouterr().err == ""  # RE2 logs to stderr by default; evidence text must not reach it raw


def test_a_matcher_value_with_long_runs_of_spaces_parses_in_linear_time() -> None:
    value = ("x" + " " * 50_000) * 4 + "y"
    started = time.monotonic()
    assert parse_matchers(f"a={value}") == [Matcher("a", "=", value.strip())]
    assert time.monotonic() - started < 10
