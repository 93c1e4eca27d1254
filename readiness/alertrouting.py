"""Alert routing: which receivers Alertmanager sends an alert to, and the cross-file findings built on it
(alerts routed nowhere that notifies, critical alerts that page no one, runbooks that do not exist).

Pure functions over adapter `details`: an alert is a mapping with "name", "labels" (str -> str),
"runbook_url" (str or None) and, for Grafana rules with simplified routing, "receiver". An
Alertmanager-like config is a mapping with "route" (a tree of {"receiver", "match", "match_re",
"matchers", "continue", "routes"}) and "receivers" ({name: [integration types]}; an empty list is a
blackhole). The alertmanager and grafana_alerting adapters produce exactly these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from readiness.adapters._matchers import route_matchers

PAGING_SEVERITIES = frozenset({"critical", "page"})
RUNBOOK_SUFFIXES = ("", ".md", ".markdown", ".rst", ".adoc", ".txt", ".html")


@dataclass(frozen=True)
class Finding:
    """How many alert rules a check found, and their names (unique, in input order)."""

    count: int
    names: list[str] = field(default_factory=list)


def match_route(labels: Mapping[str, str], route: Mapping[str, Any], inherited: str | None = None) -> list[str]:
    """Receivers Alertmanager sends an alert with these labels to (dispatch.Route.Match); [] when none.

    A node matches when all its matchers do; its children are tried in order, and the first matching
    child stops the search unless it has `continue: true`. A matching node none of whose children
    match is itself the destination. Children without a receiver inherit their parent's.
    """
    if not all(m.matches(labels) for m in route_matchers(route)):
        return []
    receiver = route.get("receiver") or inherited
    found: list[str] = []
    for child in route.get("routes") or []:
        matched = match_route(labels, child, receiver)
        found += matched
        if matched and not child.get("continue"):
            break
    if not found and receiver:
        found.append(receiver)
    return found


def _delivering(alert: Mapping[str, Any], configs: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a receiver the alert reaches, in any of the configs, has an integration."""
    labels = {**{str(k): str(v) for k, v in (alert.get("labels") or {}).items()}, "alertname": str(alert["name"])}
    for config in configs:
        receivers: Mapping[str, Sequence[str]] = config.get("receivers") or {}
        direct = alert.get("receiver")
        names = [direct] if direct else match_route(labels, config.get("route") or {})
        if any(receivers.get(name) for name in names):
            return True
    return False


def _finding(alerts: Iterable[Mapping[str, Any]]) -> Finding:
    names = [str(a["name"]) for a in alerts]
    return Finding(len(names), list(dict.fromkeys(names)))


def unrouted(alerts: Iterable[Mapping[str, Any]], configs: Sequence[Mapping[str, Any]]) -> Finding:
    """Alert rules that no config routes to a receiver with an integration (all of them when no config)."""
    return _finding(a for a in alerts if not _delivering(a, configs))


def critical_unpaged(alerts: Iterable[Mapping[str, Any]], configs: Sequence[Mapping[str, Any]]) -> Finding:
    """Alert rules with severity critical or page that reach only blackhole receivers, or none."""
    paging = (a for a in alerts
              if str((a.get("labels") or {}).get("severity", "")).strip().lower() in PAGING_SEVERITIES)
    return _finding(a for a in paging if not _delivering(a, configs))


def runbook_file(url: str, runbooks_dir: Path) -> Path | None:
    """The file under runbooks_dir a runbook_url points at, or None.

    The URL's path (scheme, host, query and fragment dropped) is matched by its longest suffix that
    names a file under runbooks_dir, trying the name as is, with a documentation extension, and as a
    folder holding README.md or index.md; so .../blob/main/runbooks/db/DiskFull.md,
    https://runbooks.example.com/db/diskfull and runbooks/db/DiskFull.md can all resolve.
    """
    parts = [unquote(p) for p in urlsplit(url.strip()).path.split("/") if p not in {"", ".", ".."}]
    root = runbooks_dir.resolve()
    for start in range(len(parts)):
        base = root.joinpath(*parts[start:])
        candidates = [base.with_name(base.name + s) for s in RUNBOOK_SUFFIXES]
        candidates += [base.with_suffix(s) for s in RUNBOOK_SUFFIXES[1:] if base.suffix]
        candidates += [base / "README.md", base / "index.md"]
        for candidate in candidates:
            if candidate.is_file() and candidate.resolve().is_relative_to(root):
                return candidate
    return None


def runbook_missing(alerts: Iterable[Mapping[str, Any]], runbooks_dir: Path) -> Finding:
    """Alert rules with no runbook_url, or one that names no file under runbooks_dir."""
    return _finding(a for a in alerts
                    if not a.get("runbook_url") or runbook_file(str(a["runbook_url"]), runbooks_dir) is None)
