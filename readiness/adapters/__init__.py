"""The adapter registry: a literal table from evidence kind to the module that reads it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.registry import Modules

if TYPE_CHECKING:
    from readiness.adapters.base import Adapter

# Each kind is the module in readiness.adapters that reads it (its KIND). Modules are imported on first
# use, so a command reading one JUnit file imports one adapter, not all of them.
# Order matters: the first adapter whose sniff() accepts a file owns it. Put specific formats
# before general ones (e.g. a SARIF sniff before a generic JSON one).
KINDS: tuple[str, ...] = (
    "junit",
    "nunit", "xunit_net", "trx",  # .NET test results: root element (+ namespace)
    "jmeter_jtl", "k6_ndjson", "gatling_log",
    # load summaries (tool-computed numbers): specific JSON keys / console banners
    "k6_summary", "locust", "gatling_stats", "artillery", "autocannon", "vegeta", "ab", "wrk", "jmeter_stats",
    "cobertura", "jacoco", "coveragepy_json", "lcov",
    "sarif", "npm_audit", "trivy", "osv_scanner", "pip_audit", "gitleaks", "infracost", "openapi", "bandit_json",
    "semgrep_json",
    # alerting / slo / metrics / environment: content-specific YAML and text sniffs
    "grafana_alerting", "slo", "prometheus_rules", "alertmanager", "prom_scrape", "redis_info", "pip_check",
)
MODULES: dict[str, str] = {kind: kind for kind in KINDS}


REGISTRY: Mapping[str, Adapter] = Modules(__name__, MODULES)


def sniff(path: Path, head: bytes) -> Adapter | None:
    """The adapter that owns this file, or None when no adapter recognises it."""
    for module in REGISTRY.values():
        try:
            if module.sniff(path, head):
                return module
        except Exception:  # a sniff that trips on odd bytes just does not recognise the file
            continue
    return None
