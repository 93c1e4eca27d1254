"""The adapter registry: a literal table from evidence kind to the module that reads it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.registry import Modules

if TYPE_CHECKING:
    from readiness.adapters.base import Adapter

# kind -> module in readiness.adapters (each module's KIND is its kind). Modules are imported on first
# use, so a command reading one JUnit file imports one adapter, not all of them.
# Order matters: the first adapter whose sniff() accepts a file owns it. Put specific formats
# before general ones (e.g. a SARIF sniff before a generic JSON one).
MODULES: dict[str, str] = {
    "junit": "junit",
    "nunit": "nunit", "xunit_net": "xunit_net", "trx": "trx",  # .NET test results: root element (+ namespace)
    "jmeter_jtl": "jmeter_jtl", "k6_ndjson": "k6_ndjson", "gatling_log": "gatling_log",
    # load summaries (tool-computed numbers): specific JSON keys / console banners
    "k6_summary": "k6_summary", "locust": "locust", "gatling_stats": "gatling_stats", "artillery": "artillery",
    "autocannon": "autocannon", "vegeta": "vegeta", "ab": "ab", "wrk": "wrk", "jmeter_stats": "jmeter_stats",
    "cobertura": "cobertura", "jacoco": "jacoco", "coveragepy_json": "coveragepy_json", "lcov": "lcov",
    "sarif": "sarif",
    "npm_audit": "npm_audit",
    "trivy": "trivy",
    "osv_scanner": "osv_scanner",
    "pip_audit": "pip_audit",
    "gitleaks": "gitleaks",
    "infracost": "infracost",
    "openapi": "openapi",
    "bandit_json": "bandit_json",
    "semgrep_json": "semgrep_json",
    # alerting / slo / metrics / environment: content-specific YAML and text sniffs
    "grafana_alerting": "grafana_alerting", "slo": "slo", "prometheus_rules": "prometheus_rules",
    "alertmanager": "alertmanager", "prom_scrape": "prom_scrape", "redis_info": "redis_info",
    "pip_check": "pip_check",
}


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
