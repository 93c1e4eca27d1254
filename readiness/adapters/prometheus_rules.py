"""Prometheus rule files and PrometheusRule resources: validated the way promtool does, counted per alert."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters import _gotemplate
from readiness.adapters._promfmt import (
    ALERT_SAMPLE,
    LABEL_NAME,
    METRIC_NAME,
    alert_facts,
    load_yaml_documents,
    prom_duration_s,
    scalar,
    string_map,
    top_level_keys,
)
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "prometheus_rules"
FAMILY = "alerting"
DESCRIPTION = "Prometheus alerting/recording rule files (also Thanos, Mimir, Sloth output) and PrometheusRule CRDs"
FACTS = (
    "alerts.rules", "alerts.recording_rules", "alerts.names", "alerts.with_runbook", "alerts.with_for",
    "alerts.by_severity.*",
)
_GROUP_FIELDS = {"name", "interval", "query_offset", "limit", "rules", "labels"}
# prometheus-operator's CRD adds Thanos' partial_response_strategy to a group.
_CRD_GROUP_FIELDS = _GROUP_FIELDS | {"partial_response_strategy"}
_RULE_FIELDS = ("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations")


def sniff(path: Path, head: bytes) -> bool:
    """A rule file has a top-level `groups:` with `rules:`/`name:` and no apiVersion; or kind: PrometheusRule."""
    if re.search(rb"^kind:\s*[\"']?PrometheusRule[\"']?\s*$", head, flags=re.MULTILINE):
        return True
    keys = top_level_keys(head)
    if "groups" not in keys or keys & {"apiVersion", "kind", "rule_files", "tests", "version", "slos"}:
        return False
    return re.search(rb"^\s*-?\s*(rules|name)\s*:", head, flags=re.MULTILINE) is not None


def parse(path: Path) -> Parsed:
    """Validate every group and rule as promtool does, then count alerts, recording rules and labels."""
    documents = load_yaml_documents(path)
    warnings: list[str] = []
    crds = [d for d in documents if isinstance(d, dict) and d.get("kind") == "PrometheusRule"]
    if crds:
        groups = _crd_groups(crds)
        source = "PrometheusRule"
    else:
        groups = _file_groups(documents, warnings)
        source = "rule file"
    rules = _validate(groups, warnings, crd=bool(crds))
    return _summarise(rules, groups, source, warnings)


def _file_groups(documents: list[Any], warnings: list[str]) -> list[tuple[str, Any]]:
    if not documents:
        return []
    first = documents[0]
    if not isinstance(first, dict):
        raise InvalidEvidence(f"not a Prometheus rule file: top level is a {type(first).__name__}, not a mapping")
    unknown = sorted(str(k) for k in first if k != "groups")
    if unknown:
        raise InvalidEvidence(f"field {unknown[0]} not found in type rulefmt.RuleGroups")
    if len(documents) > 1:
        warnings.append(f"only the first YAML document is read, as Prometheus does ({len(documents) - 1} ignored)")
    groups = first.get("groups") or []
    if not isinstance(groups, list):
        raise InvalidEvidence("groups: expected a list")
    return [("", g) for g in groups]


def _crd_groups(crds: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for crd in crds:
        meta = crd.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        where = "/".join(str(meta[k]) for k in ("namespace", "name") if meta.get(k))
        spec = crd.get("spec")
        groups = spec.get("groups") if isinstance(spec, dict) else None
        if not isinstance(groups, list):
            raise InvalidEvidence(f"PrometheusRule {where or '(unnamed)'}: spec.groups must be a list")
        found.extend((where, g) for g in groups)
    return found


def _validate(groups: list[tuple[str, Any]], warnings: list[str], *, crd: bool) -> list[dict[str, Any]]:
    """Every rule as a dict, or InvalidEvidence with the first error (promtool's wording, group and rule named)."""
    errors: list[str] = []
    rules: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    group_labels: list[dict[str, str]] = []
    for where, group in groups:
        name, labels = _check_group(group, where, seen, errors, crd=crd)
        nodes = group.get("rules") if isinstance(group, dict) else None
        for index, node in enumerate(nodes if isinstance(nodes, list) else [], start=1):  # else: error recorded
            rule = _check_rule(node, name, index, errors, warnings)
            if rule is not None:
                rule["resource"] = where
                rules.append(rule)
                group_labels.append(labels)
    if errors:
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise InvalidEvidence("; ".join(errors[:3]) + more)
    _warn_duplicates(rules, warnings)
    # Prometheus 3 applies group labels to every rule of the group, the rule's own label winning.
    # Merged after the lint, which (like promtool's) compares the rules as written.
    for rule, labels in zip(rules, group_labels, strict=True):
        rule["labels"] = {**labels, **rule["labels"]}
    return rules


def _check_group(group: Any, where: str, seen: set[tuple[str, str]], errors: list[str],
                 *, crd: bool) -> tuple[str, dict[str, str]]:
    """The group's name and labels; problems go to `errors`."""
    if not isinstance(group, dict):
        errors.append(f"group entries must be mappings, got {type(group).__name__}")
        return "", {}
    try:
        name = scalar(group.get("name"))
    except TypeError:  # a list, mapping or date: no usable name, reported below as an empty one
        name = ""
    allowed = _CRD_GROUP_FIELDS if crd else _GROUP_FIELDS
    errors.extend(f'group "{name}": field {k} not found in type rulefmt.RuleGroup'
                  for k in group if k not in allowed)
    if not name:
        errors.append("Groupname must not be empty")
    if (where, name) in seen:
        errors.append(f'groupname: "{name}" is repeated in the same file')
    seen.add((where, name))
    for field in ("interval", "query_offset"):
        if field in group and prom_duration_s(group[field]) is None:
            errors.append(f'group "{name}": {field}: not a valid duration string: "{group[field]}"')
    if not isinstance(group.get("rules") or [], list):
        errors.append(f'group "{name}": rules must be a list')
    try:
        labels = string_map(group.get("labels"), f'group "{name}" labels')
    except InvalidEvidence as exc:
        errors.append(str(exc))
        return name, {}
    errors.extend(f"invalid label name: {k}" for k in labels if not LABEL_NAME.match(k) or k == "__name__")
    return name, labels


def _check_rule(node: Any, group: str, index: int, errors: list[str], warnings: list[str]) -> dict[str, Any] | None:
    prefix = f'group "{group}", rule {index}'
    if not isinstance(node, dict):
        errors.append(f"{prefix}: rule must be a mapping, got {type(node).__name__}")
        return None
    unknown = [k for k in node if k not in _RULE_FIELDS]
    if unknown:
        errors.append(f"{prefix}: field {unknown[0]} not found in type rulefmt.RuleNode")
        return None
    try:
        record, alert, expr = (scalar(node.get(k)) for k in ("record", "alert", "expr"))
        labels = string_map(node.get("labels"), "labels")
        annotations = string_map(node.get("annotations"), "annotations")
    except (TypeError, InvalidEvidence) as exc:
        errors.append(f"{prefix}: {exc}")
        return None
    prefix = f'{prefix}, "{alert or record}"'
    durations = {k: prom_duration_s(node[k]) for k in ("for", "keep_firing_for") if k in node}
    problems = [f'{k}: not a valid duration string: "{node[k]}"' for k, v in durations.items() if v is None]
    problems += _rule_problems(record, alert, expr, labels, annotations, durations, warnings, prefix)
    errors.extend(f"{prefix}: {p}" for p in problems)
    return {"alert": alert, "record": record, "group": group, "labels": labels, "annotations": annotations,
            "for_s": durations.get("for") or 0.0}


def _rule_problems(record: str, alert: str, expr: str, labels: dict[str, str], annotations: dict[str, str],
                   durations: dict[str, float | None], warnings: list[str], prefix: str) -> list[str]:
    problems = []
    if record and alert:
        problems.append("only one of 'record' and 'alert' must be set")
    if not record and not alert:
        problems.append("one of 'record' or 'alert' must be set")
    if not expr:
        problems.append("field 'expr' must be set in rule")
    else:
        problems += _expr_problems(expr, warnings, prefix)
    if record:
        problems += [f"invalid field '{k}' in recording rule" for k in ("for", "keep_firing_for")
                     if durations.get(k)]
        if annotations:
            problems.append("invalid field 'annotations' in recording rule")
        if not METRIC_NAME.match(record):
            problems.append(f"invalid recording rule name: {record}")
        if "{" in record or "}" in record:
            problems.append(f"braces present in the recording rule name; should it be in expr?: {record}")
    problems += [f"invalid label name: {k}" for k in labels if not LABEL_NAME.match(k) or k == "__name__"]
    problems += [f"invalid annotation name: {k}" for k in annotations if not LABEL_NAME.match(k)]
    if alert:
        for kind, values in (("label", labels), ("annotation", annotations)):
            for key, text in values.items():
                error = _gotemplate.check(text)
                if error:
                    problems.append(f'{kind} "{key}": template: __alert_{alert}: {error}')
    return problems


def _expr_problems(expr: str, warnings: list[str], prefix: str) -> list[str]:
    """PromQL checked by promql-parser (a port of Prometheus' parser); function sets differ across versions."""
    import promql_parser

    try:
        promql_parser.parse(expr)
    except ValueError as exc:
        message = str(exc)
        if message.startswith("unknown function"):
            # Function sets differ by Prometheus version (holt_winters left in 3.0, experimental ones
            # need flags): weak evidence, not proof the file is broken.
            warnings.append(f"{prefix}: {message} (not known to this PromQL parser)")
            return []
        return [f"could not parse expression: parse error: {message}"]
    return []


def _warn_duplicates(rules: list[dict[str, Any]], warnings: list[str]) -> None:
    """promtool's default lint: same name and labels in one file (exit 0 unless --lint-fatal)."""
    keys = Counter((r["alert"] or r["record"], tuple(sorted(r["labels"].items()))) for r in rules)
    duplicates = sorted(name for (name, _), count in keys.items() if count > 1)
    if duplicates:
        warnings.append(f"lint: {len(duplicates)} duplicate rule(s) found: {', '.join(duplicates[:10])}")


def _summarise(rules: list[dict[str, Any]], groups: list[tuple[str, Any]], source: str,
               warnings: list[str]) -> Parsed:
    alerts = [r for r in rules if r["alert"]]
    facts, unset = alert_facts(alerts, len(rules) - len(alerts), "alert")
    if not rules:
        warnings.append("no rules in the file")
    details = {
        "source": source,
        "groups": len(groups),
        "alerts": [_alert_detail(a) for a in alerts[:ALERT_SAMPLE]],
        "alerts_truncated": len(alerts) > ALERT_SAMPLE,
        "without_severity": unset,
    }
    return Parsed(facts=facts, warnings=warnings, details=details)


def _alert_detail(alert: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": alert["alert"],
        "group": alert["group"],
        "resource": alert["resource"],
        "labels": alert["labels"],
        "runbook_url": alert["annotations"].get("runbook_url") or None,
        "for_s": alert["for_s"],
    }
