"""The adapter registry: a literal table from evidence kind to the module that reads it."""

from __future__ import annotations

from pathlib import Path

from readiness.adapters import (
    ab,
    alertmanager,
    artillery,
    autocannon,
    bandit_json,
    cobertura,
    coveragepy_json,
    gatling_log,
    gatling_stats,
    gitleaks,
    grafana_alerting,
    infracost,
    jacoco,
    jmeter_jtl,
    jmeter_stats,
    junit,
    k6_ndjson,
    k6_summary,
    lcov,
    locust,
    npm_audit,
    nunit,
    openapi,
    osv_scanner,
    pip_audit,
    pip_check,
    prom_scrape,
    prometheus_rules,
    redis_info,
    sarif,
    semgrep_json,
    slo,
    trivy,
    trx,
    vegeta,
    wrk,
    xunit_net,
)
from readiness.adapters.base import Adapter

# Order matters: the first adapter whose sniff() accepts a file owns it. Put specific formats
# before general ones (e.g. a SARIF sniff before a generic JSON one).
REGISTRY: dict[str, Adapter] = {
    junit.KIND: junit,
    nunit.KIND: nunit, xunit_net.KIND: xunit_net, trx.KIND: trx,  # .NET test results: root element (+ namespace)
    jmeter_jtl.KIND: jmeter_jtl, k6_ndjson.KIND: k6_ndjson, gatling_log.KIND: gatling_log,
    # load summaries (tool-computed numbers): specific JSON keys / console banners
    k6_summary.KIND: k6_summary, locust.KIND: locust, gatling_stats.KIND: gatling_stats, artillery.KIND: artillery,
    autocannon.KIND: autocannon, vegeta.KIND: vegeta, ab.KIND: ab, wrk.KIND: wrk, jmeter_stats.KIND: jmeter_stats,
    cobertura.KIND: cobertura, jacoco.KIND: jacoco, coveragepy_json.KIND: coveragepy_json, lcov.KIND: lcov,
    sarif.KIND: sarif,
    npm_audit.KIND: npm_audit,
    trivy.KIND: trivy,
    osv_scanner.KIND: osv_scanner,
    pip_audit.KIND: pip_audit,
    gitleaks.KIND: gitleaks,
    infracost.KIND: infracost,
    openapi.KIND: openapi,
    bandit_json.KIND: bandit_json,
    semgrep_json.KIND: semgrep_json,
    # alerting / slo / metrics / environment: content-specific YAML and text sniffs
    grafana_alerting.KIND: grafana_alerting, slo.KIND: slo, prometheus_rules.KIND: prometheus_rules,
    alertmanager.KIND: alertmanager, prom_scrape.KIND: prom_scrape, redis_info.KIND: redis_info,
    pip_check.KIND: pip_check,
}


def sniff(path: Path, head: bytes) -> Adapter | None:
    """The adapter that owns this file, or None when no adapter recognises it."""
    for module in REGISTRY.values():
        try:
            if module.sniff(path, head):
                return module
        except Exception:  # a sniff that trips on odd bytes just does not recognise the file
            continue
    return None
