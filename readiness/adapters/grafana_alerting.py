"""Grafana alerting as code: file provisioning (apiVersion 1) and grafana-operator alerting resources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from readiness.adapters._promfmt import (
    ALERT_SAMPLE,
    alert_facts,
    any_duration_s,
    load_yaml_documents,
    scalar,
    scalar_of,
    string_map,
    top_level_keys,
)
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "grafana_alerting"
FAMILY = "alerting"
DESCRIPTION = "Grafana alerting provisioning files and grafana-operator GrafanaAlertRuleGroup/ContactPoint/Policy"
FACTS = (
    "alerts.rules", "alerts.recording_rules", "alerts.names", "alerts.with_runbook", "alerts.with_for",
    "alerts.by_severity.*", "alertmanager.receivers", "alertmanager.routes", "alertmanager.blackhole_receivers",
)
_PROVISIONING_KEYS = {"groups", "contactPoints", "policies", "muteTimes", "templates", "deleteRules",
                      "deleteContactPoints", "resetPolicies", "deleteTemplates", "deleteMuteTimes"}
_OPERATOR_KINDS = re.compile(
    rb"^kind:\s*[\"']?Grafana(AlertRuleGroup|ContactPoint|NotificationPolicy|MuteTiming|NotificationTemplate)\b",
    re.MULTILINE)


def sniff(path: Path, head: bytes) -> bool:
    """`apiVersion: 1` with alerting sections (groups/contactPoints/policies...), or a grafana-operator kind."""
    if _OPERATOR_KINDS.search(head):
        return True
    if not re.search(rb"^apiVersion:\s*[\"']?1[\"']?\s*$", head, flags=re.MULTILINE):
        return False
    return bool(top_level_keys(head) & _PROVISIONING_KEYS)


def parse(path: Path) -> Parsed:
    """Collect rule groups, contact points and notification policies from every document."""
    groups: list[dict[str, Any]] = []
    contact_points: dict[str, list[str]] = {}
    policies: list[dict[str, Any]] = []
    for doc in load_yaml_documents(path):
        if not isinstance(doc, dict):
            raise InvalidEvidence(f"not Grafana alerting YAML: a document is a {type(doc).__name__}")
        if str(doc.get("apiVersion")) == "1":
            groups += _list(doc, "groups")
            for point in _list(doc, "contactPoints"):
                _add_contact_point(contact_points, point.get("name"), point.get("receivers"))
            policies += _list(doc, "policies")
        elif isinstance(doc.get("kind"), str) and doc["kind"].startswith("Grafana"):
            _read_operator(doc, groups, contact_points, policies)
    rules = [_rule(rule, group) for group in groups for rule in _group_rules(group)]
    return _summarise(rules, contact_points, [_route(p, "policies[0]") for p in policies[:1]])


def _list(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidEvidence(f"{key}: expected a list of mappings")
    return value


def _read_operator(doc: dict[str, Any], groups: list[dict[str, Any]], contact_points: dict[str, list[str]],
                   policies: list[dict[str, Any]]) -> None:
    spec = doc.get("spec")
    metadata = doc.get("metadata")
    name = str(metadata.get("name") or "") if isinstance(metadata, dict) else ""  # `metadata: x` is a string
    if not isinstance(spec, dict):
        if doc["kind"] in {"GrafanaAlertRuleGroup", "GrafanaContactPoint", "GrafanaNotificationPolicy"}:
            raise InvalidEvidence(f"{doc['kind']} {name}: spec must be a mapping")
        return
    if doc["kind"] == "GrafanaAlertRuleGroup":
        groups.append({**spec, "name": spec.get("name") or name})
    elif doc["kind"] == "GrafanaContactPoint":
        receivers = spec.get("receivers")
        if receivers is None and spec.get("type"):
            receivers = [{"type": spec["type"]}]
        _add_contact_point(contact_points, spec.get("name") or name, receivers)
    elif doc["kind"] == "GrafanaNotificationPolicy":
        if not isinstance(spec.get("route"), dict):
            raise InvalidEvidence(f"GrafanaNotificationPolicy {name}: spec.route must be a mapping")
        policies.append(spec["route"])


def _add_contact_point(found: dict[str, list[str]], name: Any, receivers: Any) -> None:
    if not name:
        raise InvalidEvidence("contact point without a name")
    if receivers is not None and not isinstance(receivers, list):
        raise InvalidEvidence(f"contact point {name!r}: receivers must be a list")
    types = [scalar(r.get("type")) for r in receivers or [] if isinstance(r, dict) and r.get("type")]
    found.setdefault(str(name), []).extend(types)


def _group_rules(group: dict[str, Any]) -> list[Any]:
    if not group.get("name"):
        raise InvalidEvidence("rule group without a name")
    if "interval" in group and any_duration_s(group["interval"]) is None:
        raise InvalidEvidence(f'group "{group["name"]}": interval: not a valid duration: "{group["interval"]}"')
    rules = group.get("rules") or []
    if not isinstance(rules, list):
        raise InvalidEvidence(f'group "{group["name"]}": rules must be a list')
    return rules


def _rule(rule: Any, group: dict[str, Any]) -> dict[str, Any]:
    where = f'group "{group["name"]}"'
    if not isinstance(rule, dict) or not rule.get("title"):
        raise InvalidEvidence(f"{where}: every rule needs a title")
    where = f'{where}, rule "{rule["title"]}"'
    recording = isinstance(rule.get("record"), dict)
    if not recording and (not rule.get("condition") or not rule.get("data")):
        raise InvalidEvidence(f"{where}: an alert rule needs condition and data")
    for_s = any_duration_s(rule["for"]) if "for" in rule else 0.0
    if for_s is None:
        raise InvalidEvidence(f'{where}: for: not a valid duration: "{rule["for"]}"')
    settings = rule.get("notification_settings") or rule.get("notificationSettings") or {}
    return {
        "name": scalar(rule["title"]),
        "group": scalar(group["name"]),
        "recording": recording,
        "labels": string_map(rule.get("labels"), f"{where}: labels"),
        "annotations": string_map(rule.get("annotations"), f"{where}: annotations"),
        "for_s": for_s,
        "receiver": scalar(settings.get("receiver")) if isinstance(settings, dict) else "",
    }


def _route(node: Any, where: str) -> dict[str, Any]:
    """A notification policy in the route shape readiness.alertrouting reads (object_matchers as strings)."""
    if not isinstance(node, dict):
        raise InvalidEvidence(f"{where}: a policy must be a mapping")
    matchers = [scalar(m) for m in node.get("matchers") or []]
    for index, triple in enumerate(node.get("object_matchers") or node.get("objectMatchers") or []):
        if not isinstance(triple, list) or len(triple) != 3 or scalar(triple[1]) not in {"=", "!=", "=~", "!~"}:
            raise InvalidEvidence(f"{where}: object_matchers[{index}] must be [label, operator, value]")
        label, op, value = (scalar_of(x, f"{where}: object_matchers[{index}]") for x in triple)
        matchers.append(f'{label}{op}"{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"')
    children = node.get("routes") or []
    return {
        "receiver": scalar(node.get("receiver")) or None,
        "continue": bool(node.get("continue")),
        "match": {}, "match_re": {}, "matchers": matchers,
        "routes": [_route(c, f"{where}.routes[{i}]") for i, c in enumerate(children)],
    }


def _count(route: dict[str, Any]) -> int:
    return 1 + sum(_count(child) for child in route["routes"])


def _summarise(rules: list[dict[str, Any]], contact_points: dict[str, list[str]],
               routes: list[dict[str, Any]]) -> Parsed:
    facts: dict[str, Any] = {}
    details: dict[str, Any] = {}
    if rules:
        alerts = [r for r in rules if not r["recording"]]
        facts.update(alert_facts(alerts, len(rules) - len(alerts), "name")[0])
        details["alerts"] = [_alert_detail(a) for a in alerts[:ALERT_SAMPLE]]
        details["alerts_truncated"] = len(alerts) > ALERT_SAMPLE
    if contact_points:
        blackholes = [name for name, types in contact_points.items() if not types]
        facts["alertmanager.receivers"] = len(contact_points)
        facts["alertmanager.blackhole_receivers"] = len(blackholes)
        details["receivers"] = contact_points
        details["blackhole_receivers"] = blackholes
    if routes:
        facts["alertmanager.routes"] = _count(routes[0])
        details["route"] = routes[0]
    warnings = [] if facts else ["no alert rules, contact points or notification policies in the file"]
    return Parsed(facts=facts, warnings=warnings, details=details)


def _alert_detail(alert: dict[str, Any]) -> dict[str, Any]:
    detail = {"name": alert["name"], "group": alert["group"], "labels": alert["labels"],
              "runbook_url": alert["annotations"].get("runbook_url") or None, "for_s": alert["for_s"]}
    if alert["receiver"]:
        detail["receiver"] = alert["receiver"]
    return detail
