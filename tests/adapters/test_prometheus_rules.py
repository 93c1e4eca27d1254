"""Unit tests for readiness.adapters.prometheus_rules: promtool's rules, sniffing and per-alert details."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import prometheus_rules
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "alerting"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(text)
    return path


def test_details_keep_labels_and_runbook_for_the_consistency_stage() -> None:
    parsed = prometheus_rules.parse(FIXTURES / "rules-service.yml")
    first = parsed.details["alerts"][0]
    assert first["name"] == "CheckoutHighErrorRate"
    assert first["labels"] == {"severity": "critical", "team": "payments"}
    assert first["runbook_url"].endswith("runbooks/CheckoutHighErrorRate.md")
    assert first["for_s"] == 600
    assert parsed.details["alerts"][2]["for_s"] == 5400  # 1h30m
    assert parsed.details["alerts"][3]["runbook_url"] is None


@pytest.mark.parametrize(("body", "error"), [
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n        record: b\n        expr: up\n",
     "only one of 'record' and 'alert' must be set"),
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n", "field 'expr' must be set in rule"),
    ("groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        for: 1m\n",
     "invalid field 'for' in recording rule"),
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          bad-name: x\n",
     "invalid label name: bad-name"),
    ("groups:\n  - name: g\n    interval: 1 minute\n    rules: []\n", 'interval: not a valid duration string'),
    ("groups:\n  - name: g\n  - name: g\n", 'groupname: "g" is repeated in the same file'),
    ("groups:\n  - rules: []\n", "Groupname must not be empty"),
    ("groups: []\nextra: 1\n", "field extra not found in type rulefmt.RuleGroups"),
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up{job=\"x\"\n", "could not parse expression"),
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n"
     "          s: '{{ if $value }}x'\n", "unexpected EOF"),
    ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n"
     "          s: '{{ nosuchfunc $value }}'\n", 'function "nosuchfunc" not defined'),
    ("- just\n- a list\n", "top level is a list"),
])
def test_promtool_rejections_name_the_group_and_rule(tmp_path: Path, body: str, error: str) -> None:
    with pytest.raises(InvalidEvidence) as caught:
        prometheus_rules.parse(_write(tmp_path, body))
    assert error in str(caught.value)


def test_valid_templates_and_durations_pass(tmp_path: Path) -> None:
    body = """groups:
  - name: g
    rules:
      - alert: A
        expr: up == 0
        for: 1h30m
        keep_firing_for: 0s
        annotations:
          a: '{{ with $x := $labels.job }}{{ $x | toUpper }}{{ end }}'
          b: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}{{/* note */}}'
          c: '{{- $value | printf "%.2f" -}} {{ $externalLabels.cluster }} {{ $.Labels.job }}'
"""
    parsed = prometheus_rules.parse(_write(tmp_path, body))
    assert parsed.facts["alerts.with_for"] == 1
    assert "alerts.by_severity.none" not in parsed.facts
    assert parsed.details["without_severity"] == 1


def test_unknown_function_is_a_warning_not_an_error(tmp_path: Path) -> None:
    body = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: holt_winters(x[5m], 0.5, 0.5)\n"
    parsed = prometheus_rules.parse(_write(tmp_path, body))
    assert parsed.facts["alerts.recording_rules"] == 1
    assert any("holt_winters" in w for w in parsed.warnings)


def test_only_first_document_of_a_plain_rule_file(tmp_path: Path) -> None:
    body = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n---\ngroups:\n  - name: h\n"
    parsed = prometheus_rules.parse(_write(tmp_path, body))
    assert parsed.facts["alerts.recording_rules"] == 1
    assert any("only the first YAML document" in w for w in parsed.warnings)


def test_sniff_is_specific() -> None:
    assert prometheus_rules.sniff(Path("x"), b"groups:\n  - name: a\n    rules: []\n")
    assert prometheus_rules.sniff(Path("x"), b"apiVersion: v1\nkind: PrometheusRule\n")
    assert not prometheus_rules.sniff(Path("x"), b"apiVersion: 1\ngroups:\n  - name: a\n    rules: []\n")
    assert not prometheus_rules.sniff(Path("x"), b"rule_files: [a]\ntests:\n  - name: a\n")
    assert not prometheus_rules.sniff(Path("x"), b"route:\n  receiver: a\nreceivers:\n  - name: a\n")


@pytest.mark.parametrize(("text", "error"), [
    ("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {since: 2024-02-30}\n",
     "malformed YAML at line 6, column 21: unreadable value '2024-02-30': day is out of range for month"),
    ("groups: [{name: g, rules: 5}]\n", 'group "g": rules must be a list'),
    ("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: [5m]\n",
     "for: not a valid duration string"),
    ("groups:\n- name: g\n  interval: {a: 1}\n  rules: []\n", "interval: not a valid duration string"),
    ("groups:\n- name: 2024-01-01\n  rules: []\n", "Groupname must not be empty"),
])
def test_malformed_values_are_invalid_evidence_not_crashes(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(InvalidEvidence) as caught:
        prometheus_rules.parse(_write(tmp_path, text))
    assert error in str(caught.value)


def test_group_labels_apply_to_every_rule_under_its_own(tmp_path: Path) -> None:
    text = ("groups:\n- name: g\n  labels: {severity: warning, team: core}\n  rules:\n"
            "  - alert: A\n    expr: up == 0\n"
            "  - alert: B\n    expr: up == 0\n    labels: {severity: critical}\n"
            "- name: h\n  rules:\n  - alert: C\n    expr: up == 0\n")
    parsed = prometheus_rules.parse(_write(tmp_path, text))
    assert parsed.facts["alerts.by_severity.warning"] == 1 and parsed.facts["alerts.by_severity.critical"] == 1
    labels = {a["name"]: a["labels"] for a in parsed.details["alerts"]}
    assert labels == {"A": {"severity": "warning", "team": "core"}, "B": {"severity": "critical", "team": "core"},
                      "C": {}}
    assert parsed.details["without_severity"] == 1


def test_alias_bombs_are_invalid_evidence(tmp_path: Path) -> None:
    bomb = "\n".join(["groups:", "  - name: g", "    rules: &r0 [{alert: A, expr: up == 0}]"]
                     + [f"x{i}: &r{i} [*r{i - 1}, *r{i - 1}, *r{i - 1}, *r{i - 1}]" for i in range(1, 12)]) + "\n"
    path = tmp_path / "rules.yml"
    path.write_text(bomb)
    with pytest.raises(InvalidEvidence, match="YAML aliases expand to more than"):
        prometheus_rules.parse(path)
