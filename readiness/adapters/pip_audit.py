"""pip-audit JSON reports (old list and `{"dependencies": ...}` shapes): vulnerable Python packages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from readiness.adapters import _deps
from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "pip_audit"
FAMILY = "deps"
DESCRIPTION = "pip-audit -f json report (vulnerabilities have no severity in this format)"
FACTS = _deps.FACTS
_NEW = re.compile(rb'\A\{\s*"dependencies"\s*:\s*\[')
_NEW_EMPTY = re.compile(rb'\A\{\s*"dependencies"\s*:\s*\[\s*\]')
_OLD = re.compile(rb'\A\[\s*\{\s*"name"\s*:')


def sniff(path: Path, head: bytes) -> bool:
    """pip-audit writes `{"dependencies": [...]}` (or a bare list of {name, version, vulns}) first."""
    text = rj.body(head)
    if _NEW.match(text):
        return rj.has_key(text, "vulns") or rj.has_key(text, "skip_reason") or bool(_NEW_EMPTY.match(text))
    if _OLD.match(text):
        return rj.has_key(text, "vulns") and rj.has_key(text, "version")
    return rj.is_empty_named(path, head, "pip-audit", "pip_audit", "pipaudit")


def _dependencies(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("dependencies"), list):
        return document["dependencies"]
    raise InvalidEvidence("not a pip-audit report: expected a dependencies list")


def parse(path: Path) -> Parsed:
    """Count audited packages with vulnerabilities; skipped packages are not audited and only warned about."""
    document = rj.load(path, "pip-audit report")
    if document is None:
        document = []
    tally = _deps.Tally()
    skipped: list[str] = []
    audited = 0
    for index, dependency in enumerate(_dependencies(document)):
        if not isinstance(dependency, dict) or not isinstance(dependency.get("name"), str):
            raise InvalidEvidence(f"not a pip-audit report: dependencies[{index}] has no name")
        name = dependency["name"]
        if "skip_reason" in dependency:
            skipped.append(f"{name}: {rj.truncate(dependency['skip_reason'], 120)}")
            continue
        audited += 1
        for vuln in rj.as_list(dependency.get("vulns")):
            vuln = rj.as_dict(vuln)
            tally.add(f"{name}=={dependency.get('version', '?')}", str(vuln.get("id", "?")), "unknown",
                      fix_versions=rj.as_list(vuln.get("fix_versions"))[:5])
    details = {**tally.details(), "audited": audited, "skipped": skipped[:20]}
    warnings = tally.warnings()
    if skipped and not audited:
        # pip-audit prints "No known vulnerabilities found" and exits 0 here: that is no evidence.
        return Parsed(facts={}, details=details,
                      warnings=[f"all {len(skipped)} dependencies were skipped, none audited "
                                f"(first: {skipped[0]})"])
    if not audited:  # an empty list proves nothing was audited: no zero counts either
        return Parsed(facts={}, details=details, warnings=["the report lists no dependencies: nothing was audited"])
    if skipped:
        warnings.append(f"{len(skipped)} of {audited + len(skipped)} dependencies were skipped, not audited")
    return Parsed(facts=dict(tally.facts()), warnings=warnings, details=details)
