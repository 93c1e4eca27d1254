"""Trivy JSON reports (schema 2 and the legacy top-level list): vulnerable packages, plus secrets it found."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from readiness.adapters import _deps
from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed, parse_time

KIND = "trivy"
FAMILY = "deps"
DESCRIPTION = "Trivy --format json report (image, fs or repo scan; schema 2 or legacy list)"
FACTS = (*_deps.FACTS, "secrets.found")
_LEGACY = re.compile(rb'\A\[\s*\{\s*"Target"\s*:')
# A vendor statement that the package is not affected is not a vulnerability of this artifact.
_NOT_VULNERABLE = {"not_affected"}


def sniff(path: Path, head: bytes) -> bool:
    """Schema 2 has `SchemaVersion` with `Results`/`ArtifactName`; legacy is a list of {Target, ...}."""
    if rj.is_object(head):
        return rj.has_key(head, "SchemaVersion") and (rj.has_key(head, "Results") or rj.has_key(head, "ArtifactName"))
    if _LEGACY.match(rj.body(head)):
        return True
    return rj.is_empty_named(path, head, "trivy")


def _results(document: Any) -> tuple[list[Any], dict[str, Any]]:
    if document is None:  # trivy's legacy format writes null when nothing was found
        return [], {}
    if isinstance(document, list):
        return document, {}
    if isinstance(document, dict) and "SchemaVersion" in document:
        results = document.get("Results")
        if results is not None and not isinstance(results, list):
            raise InvalidEvidence("Trivy report: Results is not a list")
        return results or [], document
    raise InvalidEvidence("not a Trivy report: expected SchemaVersion/Results or a list of targets")


def _tally_vulnerability(target: str, item: Any, tally: _deps.Tally, other: Counter[str]) -> None:
    vuln = rj.as_dict(item)
    status = vuln.get("Status")
    if isinstance(status, str) and status in _NOT_VULNERABLE:  # a list or object here is no statement
        other[f"status:{status}"] += 1
        return
    package = f"{target}: {vuln.get('PkgName', '?')}@{vuln.get('InstalledVersion', '?')}"
    tally.add(package, str(vuln.get("VulnerabilityID", "?")), _deps.band_of_word(vuln.get("Severity")),
              fixed_version=vuln.get("FixedVersion"))


def _tally_result(result: dict[str, Any], tally: _deps.Tally, other: Counter[str]) -> int:
    """Add one target's vulnerabilities; return the secrets it lists. Misconfigs/licences go to `other`."""
    target = str(result.get("Target", "?"))
    for vuln in rj.as_list(result.get("Vulnerabilities")):
        _tally_vulnerability(target, vuln, tally, other)
    for misconfig in rj.as_list(result.get("Misconfigurations")):
        other[f"misconfig:{rj.as_dict(misconfig).get('Status', 'FAIL')}"] += 1
    other["licenses"] += len(rj.as_list(result.get("Licenses")))
    return len(rj.as_list(result.get("Secrets")))


def _stream(path: Path, tally: _deps.Tally, other: Counter[str]) -> Any:
    """The report without its vulnerabilities, each tallied as it streams past (rj.load_streaming);
    the rest of each result (Target, Secrets, Misconfigurations...) is kept and tallied by parse."""

    def vulnerability(item: Any, location: tuple[Any, ...], result: Any) -> None:
        target = rj.as_dict(result).get("Target", "?")  # Trivy writes Target before Vulnerabilities
        _tally_vulnerability(str(target), item, tally, other)

    handlers: dict[str, rj.Handler] = {prefix: vulnerability for prefix in ("Results.item.Vulnerabilities.item",
                                                      "item.Vulnerabilities.item")}  # schema 2, legacy list
    return rj.load_streaming(path, "Trivy report", handlers)


def parse(path: Path) -> Parsed:
    """Count vulnerabilities by Trivy severity (UNKNOWN stays unknown); Secrets results give secrets.found."""
    tally = _deps.Tally()
    other: Counter[str] = Counter()
    document = _stream(path, tally, other) if rj.streams(path) else rj.load(path, "Trivy report")
    results, header = _results(document)
    secrets = 0
    secret_scan = False
    for index, result in enumerate(results):
        if not isinstance(result, dict):
            raise InvalidEvidence(f"Trivy report: Results[{index}] is not an object")
        secrets += _tally_result(result, tally, other)
        secret_scan = secret_scan or result.get("Class") == "secret" or "Secrets" in result
    facts: dict[str, Any] = dict(tally.facts())
    # Trivy omits targets without findings, so secrets.found is evidence only when a secret result exists.
    if secret_scan:
        facts["secrets.found"] = secrets
    warnings = tally.warnings()
    if status := other.get("status:not_affected"):
        warnings.append(f"{status} vulnerabilities marked not_affected were not counted")
    details = {**tally.details(), "artifact": header.get("ArtifactName"), "other": dict(other),
               "targets": [str(rj.as_dict(r).get("Target", "?")) for r in results][:20]}
    return Parsed(facts=facts, observed_at=parse_time(header.get("CreatedAt")), warnings=warnings,
                  details=details)
