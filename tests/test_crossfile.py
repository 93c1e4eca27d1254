"""The cross-file stage on real adapter output: runbooks, routing and paging across files."""

from __future__ import annotations

from pathlib import Path

from readiness.crossfile import apply
from readiness.evidence import read_evidence

RULES = """\
groups:
  - name: g
    rules:
      - alert: Down
        expr: up == 0
        for: 5m
        labels: {severity: critical, team: shop}
        annotations: {runbook_url: "https://wiki/runbooks/Down.md"}
      - alert: Slow
        expr: up == 0
        labels: {severity: warning, team: other}
        annotations: {runbook_url: "https://wiki/runbooks/Slow.md"}
      - alert: Quiet
        expr: up == 0
        labels: {severity: critical, team: none}
"""
ALERTMANAGER = """\
route:
  receiver: nobody
  routes:
    - matchers: ['team="shop"']
      receiver: pager
    - matchers: ['team="other"']
      receiver: mail
receivers:
  - name: nobody
  - name: pager
    pagerduty_configs: [{routing_key: k}]
  - name: mail
    email_configs: [{to: a@example.com, from: b@example.com, smarthost: "smtp:25"}]
"""


def test_runbooks_routing_and_paging_across_files(tmp_path: Path) -> None:
    (tmp_path / "rules.yml").write_text(RULES)
    (tmp_path / "am.yml").write_text(ALERTMANAGER)
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "Down.md").write_text("# Down\n")
    files = [read_evidence(tmp_path / n, f"ev/{n}") for n in ("rules.yml", "am.yml")]
    assert [f.status for f in files] == ["parsed", "parsed"]
    rules, config = apply(files, tmp_path / "runbooks", "runbooks")
    assert rules.facts["alerts.runbook_missing"] == 2  # Slow points at a missing file, Quiet has none
    assert rules.facts["alerts.unrouted"] == 1  # Quiet reaches only the blackhole root receiver
    assert rules.facts["alerts.critical_unpaged"] == 1
    assert rules.details["consistency"] == {"runbook_missing": ["Slow", "Quiet"], "unrouted": ["Quiet"],
                                            "critical_unpaged": ["Quiet"]}
    assert rules.details["offenders"] == {"alerts.runbook_missing": ["Slow", "Quiet"], "alerts.unrouted": ["Quiet"],
                                          "alerts.critical_unpaged": ["Quiet"]}
    assert rules.related == ["runbooks", "ev/am.yml"]
    assert config == files[1]


def test_without_an_alertmanager_config_routing_facts_stay_absent(tmp_path: Path) -> None:
    (tmp_path / "rules.yml").write_text(RULES)
    [rules] = apply([read_evidence(tmp_path / "rules.yml", "rules.yml")], tmp_path / "runbooks", "runbooks")
    assert rules.facts["alerts.runbook_missing"] == 3
    assert "alerts.unrouted" not in rules.facts and "alerts.critical_unpaged" not in rules.facts
