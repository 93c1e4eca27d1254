"""Unit tests for readiness.adapters.slo: Sloth and OpenSLO counting and Sloth's own validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.adapters import slo
from readiness.adapters.base import InvalidEvidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "slo"


def test_openslo_targets_become_percentages_and_other_kinds_are_ignored() -> None:
    parsed = slo.parse(FIXTURES / "openslo-checkout.yaml")
    assert parsed.details["slos"] == [{"name": "checkout-latency", "service": "checkout", "format": "openslo/v1",
                                       "objectives_pct": [95.0, 80.0], "window": "28d"}]


@pytest.mark.parametrize(("body", "error"), [
    ('version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 0\n'
     '    sli: {raw: {error_ratio_query: x}}\n',
     "objective must be a number in (0, 100]"),
    ('version: "prometheus/v1"\nservice: s\nslos:\n  - objective: 99\n', "name must be set"),
    ('version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events:\n'
     '        error_query: sum(rate(x[{{.window}}])\n        total_query: y\n', "could not parse expression"),
    ('version: "prometheus/v1"\nservice: s\nslos: []\n', "slos must be a non-empty list"),
    ("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  objectives:\n    - target: 99\n",
     "target must be a number in (0, 1)"),
    ("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {}\n", "spec.objectives must be a non-empty"),
    # Wrong types: clear errors naming the field, not TypeError/AttributeError.
    ('version: "prometheus/v1"\nservice: [a]\nslos: []\n', "Sloth spec: service: expected a scalar, got a list"),
    ("apiVersion: openslo/v1\nkind: SLO\nmetadata: [a]\nspec: {}\n", "metadata must be a mapping, got list"),
    ('version: "prometheus/v1"\nservice: s\nslos:\n  - name: {a: 1}\n', "SLO 1: name: expected a scalar"),
    ('version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events:\n'
     '        error_query: [x]\n        total_query: y\n', "sli.events.error_query: expected a scalar"),
    ('version: "prometheus/v1"\nservice: s\nwindow: 2024-02-30\n', "unreadable value '2024-02-30'"),
])
def test_invalid_specs(tmp_path: Path, body: str, error: str) -> None:
    path = tmp_path / "slo.yaml"
    path.write_text(body)
    with pytest.raises(InvalidEvidence) as caught:
        slo.parse(path)
    assert error in str(caught.value)


def test_sniff() -> None:
    assert slo.sniff(Path("x"), b'version: "prometheus/v1"\nservice: a\nslos: []\n')
    assert not slo.sniff(Path("x"), b'version: "prometheus/v1"\nservice: a\n')
    assert slo.sniff(Path("x"), b"---\napiVersion: openslo/v1alpha\nkind: SLO\n")
    assert not slo.sniff(Path("x"), b"groups:\n  - name: slo\n    rules: []\n")
