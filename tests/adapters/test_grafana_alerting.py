"""Unit tests for readiness.adapters.grafana_alerting: provisioning files, operator CRDs, the bare `=`."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import grafana_alerting
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "alerting"


def test_policy_tree_and_contact_points_in_consistency_shape() -> None:
    parsed = grafana_alerting.parse(FIXTURES / "grafana-provisioning.yaml")
    assert parsed.details["receivers"] == {"payments-pager": ["pagerduty"], "payments-chat": ["webhook"]}
    route = parsed.details["route"]
    # The YAML 1.1 value tag (a bare `=`) is read as the string "=".
    assert route["routes"][0]["matchers"] == ['severity="critical"']
    assert route["routes"][1]["matchers"] == ['team =~ "payments|checkout"']
    latency = parsed.details["alerts"][1]
    assert latency["receiver"] == "payments-chat"  # simplified routing bypasses the policy tree
    assert parsed.details["alerts"][0]["for_s"] == 300


def test_operator_resources_in_one_multi_document_file(tmp_path: Path) -> None:
    path = tmp_path / "grafana.yaml"
    path.write_text("""apiVersion: grafana.integreatly.org/v1beta1
kind: GrafanaContactPoint
metadata: {name: empty}
spec:
  name: empty
  receivers: []
---
apiVersion: grafana.integreatly.org/v1beta1
kind: GrafanaNotificationPolicy
metadata: {name: p}
spec:
  route:
    receiver: empty
    routes:
      - receiver: empty
        object_matchers: [[team, "!=", ops]]
""")
    parsed = grafana_alerting.parse(path)
    assert parsed.facts == {"alertmanager.receivers": 1, "alertmanager.blackhole_receivers": 1,
                            "alertmanager.routes": 2}
    assert parsed.details["route"]["routes"][0]["matchers"] == ['team!="ops"']


@pytest.mark.parametrize(("body", "error"), [
    ("apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - condition: A\n", "every rule needs a title"),
    ("apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - title: t\n        condition: A\n        data: [1]\n"
     "        for: soon\n", "for: not a valid duration"),
    ("apiVersion: 1\npolicies:\n  - receiver: a\n    object_matchers: [[a, '~', b]]\n", "[label, operator, value]"),
    ("apiVersion: 1\ncontactPoints:\n  - receivers: []\n", "contact point without a name"),
])
def test_invalid_grafana_files(tmp_path: Path, body: str, error: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(body)
    with pytest.raises(InvalidEvidence) as caught:
        grafana_alerting.parse(path)
    assert error in str(caught.value)


def test_sniff() -> None:
    assert grafana_alerting.sniff(Path("x"), b"apiVersion: 1\ncontactPoints: []\n")
    assert not grafana_alerting.sniff(Path("x"), b"apiVersion: 1\ndatasources: []\n")
    assert grafana_alerting.sniff(Path("x"), b"---\napiVersion: x\nkind: GrafanaAlertRuleGroup\n")
    assert not grafana_alerting.sniff(Path("x"), b"groups:\n  - name: a\n    rules: []\n")
