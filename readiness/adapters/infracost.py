"""Infracost breakdown JSON: the estimated monthly cost and its currency, always labelled an estimate."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed, parse_time

KIND = "infracost"
FAMILY = "cost"
DESCRIPTION = "Infracost breakdown --format json (a cost estimate from list prices, not a bill)"
FACTS = ("cost.monthly", "cost.currency")
ESTIMATE_WARNING = "cost.monthly is an Infracost estimate from list prices, not a bill"


def sniff(path: Path, head: bytes) -> bool:
    """An object with `totalMonthlyCost` and `projects`."""
    return rj.is_object(head) and rj.has_key(head, "totalMonthlyCost") and rj.has_key(head, "projects")


def _money(value: Any) -> float | None:
    """Infracost 0.2 writes decimals as strings; null means not computable (e.g. usage-based only)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidEvidence(f"Infracost report: cost {rj.truncate(value, 40)!r} is not a number") from None
    if not math.isfinite(number):
        raise InvalidEvidence(f"Infracost report: cost {value!r} is not finite")
    return number


def _project_rows(projects: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    rows, warnings = [], []
    for project in projects:
        project = rj.as_dict(project)
        name = str(project.get("name") or "(unnamed)")
        monthly = _money(rj.as_dict(project.get("breakdown")).get("totalMonthlyCost"))
        rows.append({"project": name, "monthly": monthly})
        errors = rj.as_list(rj.as_dict(project.get("metadata")).get("errors"))
        if errors or project.get("error"):
            warnings.append(f"project {name} has errors: its cost is missing or partial")
    return rows, warnings


def _summary_warnings(summary: dict[str, Any]) -> list[str]:
    notes = {"totalUnsupportedResources": "resources are not supported by Infracost and not priced",
             "totalUsageBasedResources": "resources are usage-based and priced from a usage file or as 0",
             "totalNoPriceResources": "resources have no price"}
    return [f"{summary[key]} {text}" for key, text in notes.items()
            if isinstance(summary.get(key), int) and summary[key] > 0]


def parse(path: Path) -> Parsed:
    """Read totalMonthlyCost and currency (Infracost's default is USD when the field is absent)."""
    report = rj.load(path, "Infracost report")
    if not isinstance(report, dict) or not isinstance(report.get("projects"), list):
        raise InvalidEvidence("not an Infracost report: expected an object with a projects list")
    rows, warnings = _project_rows(report["projects"])
    facts: dict[str, Any] = {}
    monthly = _money(report.get("totalMonthlyCost"))
    if monthly is None:
        warnings.append("totalMonthlyCost is null: no monthly cost could be estimated")
    else:
        facts["cost.monthly"] = monthly
        currency = report.get("currency")
        if isinstance(currency, str) and currency:
            facts["cost.currency"] = currency
        else:
            warnings.append("the report names no currency: cost.currency is not reported")
    warnings = [ESTIMATE_WARNING, *warnings, *_summary_warnings(rj.as_dict(report.get("summary")))]
    details = {"estimate": True, "projects": rows[:50], "version": report.get("version"),
               "total_hourly": _money(report.get("totalHourlyCost"))}
    return Parsed(facts=facts, observed_at=parse_time(report.get("timeGenerated")), warnings=warnings,
                  details=details)
