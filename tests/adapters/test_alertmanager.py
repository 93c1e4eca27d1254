"""Unit tests for readiness.adapters.alertmanager: amtool's config checks and the route tree in details."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import alertmanager
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "alerting"


def test_details_carry_route_tree_and_integrations() -> None:
    parsed = alertmanager.parse(FIXTURES / "alertmanager.yml")
    assert parsed.details["receivers"] == {"team-mail": ["email"], "payments-pager": ["pagerduty"],
                                           "payments-chat": ["webhook"], "null": []}
    assert parsed.details["blackhole_receivers"] == ["null"]
    route = parsed.details["route"]
    assert route["receiver"] == "team-mail" and len(route["routes"]) == 5
    assert route["routes"][2] == {"receiver": "payments-pager", "continue": True, "match": {}, "match_re": {},
                                  "matchers": ['severity=~"critical|page"', 'team="payments"'], "routes": []}
    assert route["routes"][3]["match_re"] == {"team": "^(payments|checkout)$"}


@pytest.mark.parametrize(("body", "error"), [
    ("route:\n  receiver: a\n  routes:\n    - receiver: b\nreceivers:\n  - name: a\n", 'undefined receiver "b"'),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: a\n", 'name "a" is not unique'),
    ("route:\n  group_by: [x]\nreceivers:\n  - name: a\n", "root route must specify a default receiver"),
    ("receivers:\n  - name: a\nroute: null\n", "no routes provided"),
    ("route:\n  receiver: a\n  match: {x: y}\nreceivers:\n  - name: a\n", "root route must not have any matchers"),
    ("route:\n  receiver: a\nreceivers:\n  - email_configs: []\n", "missing name in receiver"),
    ("route:\n  receiver: a\n  routes:\n    - matchers: ['x=~\"(\"']\nreceivers:\n  - name: a\n", "invalid regular"),
    ("route:\n  receiver: a\n  routes:\n    - matchers: ['no operator']\nreceivers:\n  - name: a\n",
     "bad matcher format"),
    ("route:\n  receiver: a\n  routes:\n    - group_wait: soon\nreceivers:\n  - name: a\n", "not a valid duration"),
    ("route:\n  receiver: a\n  routes:\n    - mute_time_intervals: [night]\nreceivers:\n  - name: a\n",
     'undefined time interval "night"'),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook_configs:\n      - send_resolved: true\n",
     "one of url or url_file must be configured"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\nsurprise: 1\n", "field surprise not found"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\n    wat: 1\n", "field wat not found"),
    # Wrong types where Alertmanager expects a list, a duration or a string: clear errors, not TypeErrors.
    ("route:\n  receiver: a\nreceivers:\n  - name: a\ninhibit_rules: 5\n", "inhibit_rules: expected a list, got int"),
    ("route:\n  receiver: a\n  routes:\n    - group_wait: [1]\nreceivers:\n  - name: a\n",
     "route.routes[0]: group_wait: not a valid duration"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: [x]\n",
     "time_intervals[0].name: expected a scalar, got a list"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals: {name: x}\n",
     "time_intervals: expected a list, got dict"),
    ("route:\n  receiver: [a]\nreceivers:\n  - name: a\n", "route: receiver: expected a scalar, got a list"),
    ("route:\n  receiver: a\n  routes:\n    - match: {x: 2024-01-01}\nreceivers:\n  - name: a\n",
     "match: x: expected a scalar, got a date"),
    ("route:\n  receiver: a\nreceivers:\n  - name: a\n    x: {since: 2024-02-30}\n",
     "malformed YAML at line 5, column 16: unreadable value '2024-02-30'"),
])
def test_invalid_configs_name_what_is_wrong(tmp_path: Path, body: str, error: str) -> None:
    path = tmp_path / "alertmanager.yml"
    path.write_text(body)
    with pytest.raises(InvalidEvidence) as caught:
        alertmanager.parse(path)
    assert error in str(caught.value)


def test_routes_count_every_node_including_the_root(tmp_path: Path) -> None:
    path = tmp_path / "am.yml"
    path.write_text("route:\n  receiver: a\nreceivers:\n  - name: a\n")
    parsed = alertmanager.parse(path)
    assert parsed.facts == {"alertmanager.receivers": 1, "alertmanager.routes": 1,
                            "alertmanager.blackhole_receivers": 1}


def test_sniff_is_specific() -> None:
    assert alertmanager.sniff(Path("x"), b"global: {}\nroute:\n  receiver: a\nreceivers:\n  - name: a\n")
    assert not alertmanager.sniff(Path("x"), b"apiVersion: 1\npolicies:\n  - receiver: a\n")
    assert not alertmanager.sniff(Path("x"), b"route:\n  receiver: a\n")
