"""Conformance: the alerting corpus (rules, PrometheusRule, Alertmanager, Grafana, SLO specs) against MANIFEST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.adapters import sniff
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence
from tests.conftest import MANIFEST

AREAS = ("alerting/", "invalid/alertmanager/", "invalid/prometheus-rules/", "invalid/slo/")
KINDS = {
    "prometheus-rules-yaml": "prometheus_rules", "prometheusrule-crd": "prometheus_rules",
    "alertmanager-config-yaml": "alertmanager", "grafana-alerting-crd": "grafana_alerting",
    "promtool-rule-test-yaml": None,  # promtool unit-test files are not rule files: nobody owns them
}
# Disagreements with the recorded validity, mirrored in tests/conformance/KNOWN.md (## alerting).
KNOWN: dict[str, str] = {
    "alerting/prometheus-rules/rulefmt-utf-8_annotation.good.yaml":
        "valid only under Prometheus 3's UTF-8 name scheme; we use the legacy scheme (promtool 2.42 here agrees)",
    "alerting/prometheus-rules/rulefmt-utf-8_lname.good.yaml":
        "valid only under Prometheus 3's UTF-8 name scheme; we use the legacy scheme (promtool 2.42 here agrees)",
    "invalid/alertmanager/conf.opsgenie-default-apikey-old-team.yml":
        "integration fields are not checked for unknown keys; still invalid, for its undefined receiver",
    "invalid/slo/sloth-validate-bad-openslo.yaml":
        "a 28-day window is a Sloth limitation, not an OpenSLO error: accepted",
}


ENTRIES = [e for e in MANIFEST if e["path"].startswith(AREAS)]


def _kind(entry: dict[str, Any]) -> str | None:
    fmt = entry["format"].split(" (")[0]
    if fmt in KINDS:
        return KINDS[fmt]
    return "slo" if fmt.startswith(("sloth", "openslo")) else "unknown"


def _expected_valid(entry: dict[str, Any]) -> bool:
    expected = entry.get("expected") or {}
    if "valid" in expected:
        return bool(expected["valid"])
    if "sloth_validate" in expected:
        return expected["sloth_validate"] == "passes"
    return not entry["path"].startswith("invalid/")


def _error_text(entry: dict[str, Any]) -> str | None:
    expected = entry.get("expected") or {}
    return next((expected[k] for k in ("error", "error_contains", "first_error_contains") if k in expected), None)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_alerting_corpus_file(corpus: Path, entry: dict[str, Any]) -> None:
    path = corpus / entry["path"]
    adapter = sniff(path, path.open("rb").read(HEAD_BYTES))
    assert (adapter.KIND if adapter else None) == _kind(entry)
    if adapter is None:
        return
    try:
        parsed, error = adapter.parse(path), None
    except InvalidEvidence as exc:
        parsed, error = None, str(exc)
    expected_error = _error_text(entry)
    agrees = (error is None) == _expected_valid(entry) and (
        error is None or expected_error is None or expected_error in error)
    if entry["path"] in KNOWN:
        assert not agrees, f"KNOWN entry no longer needed: {entry['path']}"
        return
    assert agrees, f"valid={_expected_valid(entry)} expected {expected_error!r}; got error {error!r}"
    expected = entry.get("expected") or {}
    for key in ("groups_loaded", "groups"):
        if key in expected and parsed is not None:
            assert parsed.details["groups"] == expected[key]


def test_every_known_entry_is_in_the_corpus_selection() -> None:
    assert set(KNOWN) <= {e["path"] for e in ENTRIES}
