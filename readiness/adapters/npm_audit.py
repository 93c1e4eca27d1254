"""npm audit --json reports (npm 6 `advisories`, npm 7+ `auditReportVersion: 2`): vulnerable JS packages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.adapters import _deps
from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "npm_audit"
FAMILY = "deps"
DESCRIPTION = "npm audit --json report (v1 advisories or v2 vulnerabilities)"
FACTS = _deps.FACTS
_ERROR_MARKS = (b"ENOAUDIT", b"/security/advisories", b"/security/audits")


def sniff(path: Path, head: bytes) -> bool:
    """npm audit JSON: `auditReportVersion`, v1 `advisories` with `metadata`, or npm's audit error object."""
    if not rj.is_object(head):
        return False
    if rj.has_key(head, "auditReportVersion"):
        return True
    if rj.has_key(head, "advisories") and rj.has_key(head, "metadata"):
        return True
    return rj.has_key(head, "error") and any(mark in head for mark in _ERROR_MARKS)


def _error(report: dict[str, Any]) -> None:
    error = report.get("error")
    if error is None:
        return
    error = rj.as_dict(error)
    reason = " ".join(str(part) for part in (error.get("code"), error.get("summary") or report.get("message"))
                      if part)
    raise InvalidEvidence(f"npm audit report contains errors: {rj.truncate(reason or 'no detail', 240)}")


def _v2(report: dict[str, Any], tally: _deps.Tally) -> None:
    # npm's own summary ("16 vulnerabilities (8 low, ...)") counts package entries, each at its
    # worst severity, including packages vulnerable only through a dependency: we count the same.
    for name, entry in rj.as_dict(report.get("vulnerabilities")).items():
        entry = rj.as_dict(entry)
        advisories = [rj.as_dict(v).get("source") for v in rj.as_list(entry.get("via")) if isinstance(v, dict)]
        tally.add(name, ",".join(str(a) for a in advisories) or "(via dependency)",
                  _deps.band_of_word(entry.get("severity")), direct=bool(entry.get("isDirect")))


def _v1(report: dict[str, Any], tally: _deps.Tally) -> None:
    # npm 6 lists each advisory once with the module it affects: one vulnerability per advisory.
    for key, advisory in rj.as_dict(report.get("advisories")).items():
        advisory = rj.as_dict(advisory)
        tally.add(str(advisory.get("module_name", "?")), str(advisory.get("id", key)),
                  _deps.band_of_word(advisory.get("severity")), title=rj.truncate(advisory.get("title", ""), 120))


def _check_metadata(report: dict[str, Any], tally: _deps.Tally) -> list[str]:
    declared = rj.as_dict(rj.as_dict(report.get("metadata")).get("vulnerabilities"))
    total = declared.get("total")
    if isinstance(total, int) and total != tally.total:
        return [f"metadata.vulnerabilities.total says {total}, the report lists {tally.total}"]
    return []


def parse(path: Path) -> Parsed:
    """Count vulnerabilities by npm severity (moderate is medium; info counts in no band)."""
    report = rj.load(path, "npm audit report")
    if not isinstance(report, dict):
        raise InvalidEvidence("not an npm audit report: the top level is not an object")
    _error(report)
    tally = _deps.Tally()
    version = report.get("auditReportVersion")
    if version is not None:
        if not isinstance(report.get("vulnerabilities"), dict):
            raise InvalidEvidence("npm audit v2 report has no vulnerabilities object")
        _v2(report, tally)
        warnings = _check_metadata(report, tally)
    elif isinstance(report.get("advisories"), dict):
        _v1(report, tally)
        warnings = []
    else:
        raise InvalidEvidence("not an npm audit report: neither auditReportVersion nor advisories")
    if isinstance(version, int) and version > 2:
        warnings.append(f"auditReportVersion {version} is newer than 2, read as 2")
    details = {**tally.details(), "report_version": version or 1}
    return Parsed(facts=dict(tally.facts()), warnings=warnings + tally.warnings(), details=details)
