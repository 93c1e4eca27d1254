"""Alertmanager configuration: validated like amtool check-config, with its route tree and receivers kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.adapters._matchers import compile_regex, parse_matchers
from readiness.adapters._promfmt import (
    LABEL_NAME,
    load_yaml_documents,
    prom_duration_s,
    scalar,
    scalar_of,
    top_level_keys,
)
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "alertmanager"
FAMILY = "alerting"
DESCRIPTION = "Alertmanager configuration (alertmanager.yml): receivers and the routing tree"
FACTS = ("alertmanager.receivers", "alertmanager.routes", "alertmanager.blackhole_receivers")

_TOP_FIELDS = {"global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals",
               "time_intervals", "tracing"}
_ROUTE_FIELDS = {"receiver", "group_by", "continue", "match", "match_re", "matchers", "group_wait",
                 "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals", "routes"}
_SLACK_APP_URL = "https://slack.com/api/chat.postMessage"
# Global settings that may be given inline or from a file, never both (config.Config.UnmarshalYAML).
_GLOBAL_PAIRS = ("slack_app_token", "slack_api_url", "opsgenie_api_key", "victorops_api_key",
                 "telegram_bot_token", "smtp_auth_password", "rocketchat_token", "rocketchat_token_id",
                 "wechat_api_secret", "mattermost_webhook_url")
# integration: [(own keys, global keys, message when none is set)], in Alertmanager's order.
_CREDENTIALS: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {
    "email_configs": [(("smarthost",), ("smtp_smarthost",), "no global SMTP smarthost set"),
                      (("from",), ("smtp_from",), "no global SMTP from set")],
    "slack_configs": [(("api_url", "api_url_file", "app_token", "app_token_file"),
                       ("slack_api_url", "slack_api_url_file", "slack_app_token", "slack_app_token_file"),
                       "no Slack API URL nor App token set either inline or in a file")],
    "opsgenie_configs": [(("api_key", "api_key_file"), ("opsgenie_api_key", "opsgenie_api_key_file"),
                          "no global OpsGenie API Key set either inline or in a file")],
    "wechat_configs": [(("api_secret", "api_secret_file"), ("wechat_api_secret", "wechat_api_secret_file"),
                        "no global Wechat Api Secret set either inline or in a file")],
    "victorops_configs": [(("api_key", "api_key_file"), ("victorops_api_key", "victorops_api_key_file"),
                           "no global VictorOps API Key set")],
    "sns_configs": [(("target_arn", "topic_arn", "phone_number"), (),
                     "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config")],
    "telegram_configs": [(("bot_token", "bot_token_file"), ("telegram_bot_token", "telegram_bot_token_file"),
                          "missing bot_token or bot_token_file on telegram_config")],
    "discord_configs": [(("webhook_url", "webhook_url_file"), (),
                         "no discord webhook URL or URLFile provided")],
    "msteams_configs": [(("webhook_url", "webhook_url_file"), (), "no msteams webhook URL or URLFile provided")],
    "msteamsv2_configs": [(("webhook_url", "webhook_url_file"), (),
                           "no msteamsv2 webhook URL or URLFile provided")],
    "rocketchat_configs": [
        (("token_id", "token_id_file"), ("rocketchat_token_id", "rocketchat_token_id_file"),
         "no global Rocketchat TokenID set either inline or in a file"),
        (("token", "token_file"), ("rocketchat_token", "rocketchat_token_file"),
         "no global Rocketchat Token set either inline or in a file")],
    "mattermost_configs": [(("webhook_url", "webhook_url_file"),
                            ("mattermost_webhook_url", "mattermost_webhook_url_file"),
                            "missing webhook_url or webhook_url_file on mattermost_config")],
    "webhook_configs": [(("url", "url_file"), (), "one of url or url_file must be configured")],
    "pagerduty_configs": [(("routing_key", "routing_key_file", "service_key", "service_key_file"), (),
                           "missing service or routing key in PagerDuty config")],
}


def sniff(path: Path, head: bytes) -> bool:
    """Top-level `route:` and `receivers:` and no Kubernetes or Grafana `apiVersion:`."""
    keys = top_level_keys(head)
    return {"route", "receivers"} <= keys and not keys & {"apiVersion", "kind", "groups"}


def parse(path: Path) -> Parsed:
    """Validate the config as Alertmanager loads it, then describe receivers and the route tree."""
    documents = load_yaml_documents(path)
    if not documents or not isinstance(documents[0], dict):
        raise InvalidEvidence("not an Alertmanager config: top level must be a mapping with route and receivers")
    config = documents[0]
    unknown = sorted(str(k) for k in config if k not in _TOP_FIELDS)
    if unknown:
        raise InvalidEvidence(f"field {unknown[0]} not found in type config.plain")
    glob = _mapping(config.get("global"), "global")
    _check_global(glob)
    receivers = _receivers(config.get("receivers"), glob)
    intervals = _interval_names(config)
    route = _root_route(config.get("route"), receivers, intervals)
    inhibit_rules = _list(config.get("inhibit_rules"), "inhibit_rules")
    for index, rule in enumerate(inhibit_rules, start=1):
        _check_inhibit(rule, index)
    return _summarise(route, receivers, len(inhibit_rules))


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidEvidence(f"{what}: expected a mapping, got {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidEvidence(f"{what}: expected a list, got {type(value).__name__}")
    return value


def _set(mapping: dict[str, Any], key: str) -> bool:
    return mapping.get(key) not in (None, "", [], {})


def _check_global(glob: dict[str, Any]) -> None:
    for key in _GLOBAL_PAIRS:
        if _set(glob, key) and _set(glob, f"{key}_file"):
            raise InvalidEvidence(f"at most one of {key} & {key}_file must be configured")
    token = _set(glob, "slack_app_token") or _set(glob, "slack_app_token_file")
    url = glob.get("slack_api_url") if _set(glob, "slack_api_url") else None
    # The old workaround (api_url = the app URL plus a bot token) stays accepted.
    if token and (url or _set(glob, "slack_api_url_file")) and url != glob.get("slack_app_url", _SLACK_APP_URL):
        raise InvalidEvidence("at most one of slack_app_token/slack_app_token_file & "
                              "slack_api_url/slack_api_url_file must be configured")


def _receivers(value: Any, glob: dict[str, Any]) -> dict[str, list[str]]:
    """{receiver name: its integration types}, validated; an empty list is a blackhole receiver."""
    if value is not None and not isinstance(value, list):
        raise InvalidEvidence("receivers: expected a list")
    found: dict[str, list[str]] = {}
    for receiver in value or []:
        receiver = _mapping(receiver, "receivers")
        name = scalar_of(receiver.get("name"), "receivers: name")
        if not name:
            raise InvalidEvidence("missing name in receiver")
        if name in found:
            raise InvalidEvidence(f'notification config name "{name}" is not unique')
        integrations = []
        for key, configs in receiver.items():
            if key == "name":
                continue
            if not str(key).endswith("_configs"):
                raise InvalidEvidence(f'receiver "{name}": field {key} not found in type config.Receiver')
            if configs is not None and not isinstance(configs, list):
                raise InvalidEvidence(f'receiver "{name}": {key} must be a list')
            for config in configs or []:
                _check_integration(name, str(key), config if isinstance(config, dict) else {}, glob)
            if configs:
                integrations.append(str(key).removesuffix("_configs"))
        found[name] = integrations
    return found


def _check_integration(name: str, key: str, config: dict[str, Any], glob: dict[str, Any]) -> None:
    for own, inherited, message in _CREDENTIALS.get(key, []):
        if not any(_set(config, k) for k in own) and not any(_set(glob, k) for k in inherited):
            raise InvalidEvidence(f'receiver "{name}": {message}')
    if key == "email_configs" and not _set(config, "to"):
        raise InvalidEvidence(f'receiver "{name}": missing to address in email config')
    if key == "slack_configs" and config.get("update_message") is True and \
            config.get("api_url", _SLACK_APP_URL) != _SLACK_APP_URL:
        raise InvalidEvidence(f'receiver "{name}": update_message can only be used with bot tokens. '
                              f"api_url must be set to {_SLACK_APP_URL}")


def _interval_names(config: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for key in ("mute_time_intervals", "time_intervals"):
        for index, interval in enumerate(_list(config.get(key), key)):
            name = scalar_of(_mapping(interval, key).get("name"), f"{key}[{index}].name")
            if name in names:
                raise InvalidEvidence(f'time interval "{name}" is not unique')
            names.add(name)
    return names


def _root_route(value: Any, receivers: dict[str, list[str]], intervals: set[str]) -> dict[str, Any]:
    if value is None:
        raise InvalidEvidence("no routes provided")
    root = _mapping(value, "route")
    if not _set(root, "receiver"):
        raise InvalidEvidence("root route must specify a default receiver")
    if any(_set(root, k) for k in ("match", "match_re", "matchers")):
        raise InvalidEvidence("root route must not have any matchers")
    if root.get("continue"):
        raise InvalidEvidence("cannot have continue in root route")
    for key in ("mute_time_intervals", "active_time_intervals"):
        if _set(root, key):
            raise InvalidEvidence(f"root route must not have any {key.replace('_', ' ')}")
    return _route(root, receivers, intervals, "route")


def _route(node: Any, receivers: dict[str, list[str]], intervals: set[str], where: str) -> dict[str, Any]:
    """One route node in the shape readiness.alertrouting reads, children first (as checkReceiver does)."""
    node = _mapping(node, where)
    unknown = sorted(str(k) for k in node if k not in _ROUTE_FIELDS)
    if unknown:
        raise InvalidEvidence(f"{where}: field {unknown[0]} not found in type config.Route")
    children = node.get("routes") or []
    if not isinstance(children, list):
        raise InvalidEvidence(f"{where}: routes must be a list")
    routes = [_route(c, receivers, intervals, f"{where}.routes[{i}]") for i, c in enumerate(children)]
    receiver = scalar_of(node.get("receiver"), f"{where}: receiver") or None
    if receiver and receiver not in receivers:
        raise InvalidEvidence(f'undefined receiver "{receiver}" used in route')
    for key in ("mute_time_intervals", "active_time_intervals"):
        for name in _list(node.get(key), f"{where}: {key}"):
            if scalar_of(name, f"{where}: {key}") not in intervals:
                raise InvalidEvidence(f'undefined time interval "{name}" used in route')
    for key in ("group_wait", "group_interval", "repeat_interval"):
        if key in node and prom_duration_s(node[key]) is None:
            raise InvalidEvidence(f'{where}: {key}: not a valid duration string: "{node[key]}"')
    return {"receiver": receiver, "continue": bool(node.get("continue")), **_matchers(node, where),
            "routes": routes}


def _matchers(node: dict[str, Any], where: str, prefix: str = "") -> dict[str, Any]:
    """match / match_re / matchers of a route (or source_/target_ side of an inhibit rule), validated."""
    found: dict[str, Any] = {}
    for key in ("match", "match_re"):
        values = _mapping(node.get(prefix + key), f"{where}: {prefix + key}")
        for label, value in values.items():
            if not LABEL_NAME.match(str(label)):
                raise InvalidEvidence(f'{where}: {prefix + key}: invalid label name "{label}"')
            if value is None:
                raise InvalidEvidence(f"{where}: {prefix + key}: {label}: expected a string, got {value!r}")
            text = scalar_of(value, f"{where}: {prefix + key}: {label}")
            if key == "match_re":
                _check_regex(text, f"{where}: {prefix + key}: {label}")
        found[key] = {str(k): scalar(v) for k, v in values.items()}
    matchers = node.get(prefix + "matchers") or []
    if not isinstance(matchers, list):
        raise InvalidEvidence(f"{where}: {prefix}matchers must be a list")
    for text in matchers:
        try:
            parse_matchers(scalar(text))
        except (ValueError, TypeError) as exc:
            raise InvalidEvidence(f"{where}: {prefix}matchers: {exc}") from None
    found["matchers"] = [scalar(t) for t in matchers]
    return found


def _check_regex(pattern: str, where: str) -> None:
    try:
        compile_regex(pattern)
    except ValueError as exc:
        raise InvalidEvidence(f"{where}: {exc}") from None


def _check_inhibit(rule: Any, index: int) -> None:
    where = f"inhibit_rules[{index}]"
    rule = _mapping(rule, where)
    for side in ("source_", "target_"):
        _matchers(rule, where, side)


def _count_routes(route: dict[str, Any]) -> int:
    return 1 + sum(_count_routes(child) for child in route["routes"])


def _summarise(route: dict[str, Any], receivers: dict[str, list[str]], inhibit_rules: int) -> Parsed:
    blackholes = [name for name, integrations in receivers.items() if not integrations]
    used = _used_receivers(route)
    facts: dict[str, Any] = {
        "alertmanager.receivers": len(receivers),
        "alertmanager.routes": _count_routes(route),
        "alertmanager.blackhole_receivers": len(blackholes),
    }
    details = {
        "route": route,
        "receivers": receivers,
        "blackhole_receivers": blackholes,
        "unused_receivers": [name for name in receivers if name not in used],
        "inhibit_rules": inhibit_rules,
    }
    return Parsed(facts=facts, details=details)


def _used_receivers(route: dict[str, Any]) -> set[str]:
    found = {route["receiver"]} if route["receiver"] else set()
    for child in route["routes"]:
        found |= _used_receivers(child)
    return found
