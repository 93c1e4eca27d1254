"""The SARIF 2.1.0 report for code scanning: one rule per check, one result per check that does not pass.

A result points at the evidence file it judged; a check with no usable file points at the line of the
waiver or disable that set it aside, else at its line in the pack (when the pack is a file in the
repository), else at the evidence folder. Waived and not-applicable
checks are results with an external, accepted suppression carrying the reason. The log's property bag
carries readiness's mark, so a later run never reads it back as static-analysis evidence.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from readiness import __version__, textsafe
from readiness.findings import DECIDED
from readiness.ownoutput import MARK
from readiness.reporters.templating import show, status_label
from readiness.scorecard import Scorecard, ScoredCheck

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Every status, including those only some packs produce; a test iterates findings.STATUSES against it.
# None: passes produce no result.
LEVELS: dict[str, str | None] = {
    "pass": None, "fail": "error", "invalid_evidence": "error", "no_evidence": "warning", "stale": "warning",
    "waived": "note", "not_applicable": "note",
}
SRCROOT = "%SRCROOT%"
RELATED_LIMIT = 20


def render(card: Scorecard) -> str:
    """The scorecard as a SARIF 2.1.0 log with one run."""
    index = {c.id: n for n, c in enumerate(card.checks)}
    results = [_result(card, c, index[c.id]) for c in card.checks if LEVELS[c.status] is not None]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "properties": {MARK: True, "service": textsafe.xml(card.service or ""), "total": card.total,
                       "totalUnwaived": card.total_unwaived, "grade": card.grade,
                       "gate": "not configured" if not card.gate.configured else
                       ("passed" if card.gate.passed else "failed")},
        "runs": [{
            "tool": {"driver": {"name": "readiness", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(c) for c in card.checks]}},
            "automationDetails": {"id": "readiness/"},
            "invocations": [{"executionSuccessful": True, "endTimeUtc": _utc(card),
                             "toolExecutionNotifications": [{"level": "warning", "message": {"text": textsafe.xml(w)}}
                                                            for w in card.warnings],
                             "properties": {"gateReasons": [textsafe.xml(r) for r in card.gate.reasons]}}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    # Strings went through textsafe.xml (visible escapes, as a viewer shows them); json_escapes keeps
    # the printed file from carrying a CI command.
    return textsafe.json_escapes(orjson.dumps(log, option=orjson.OPT_INDENT_2).decode()) + "\n"


def _utc(card: Scorecard) -> str:
    return card.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rule(check: ScoredCheck) -> dict[str, Any]:
    level = "error" if check.required else "warning"
    rule: dict[str, Any] = {
        "id": textsafe.xml(check.id),
        "name": textsafe.xml(check.id),
        "shortDescription": {"text": textsafe.one_line(check.claim, 1000)},
        "fullDescription": {"text": textsafe.xml(check.claim)},
        "defaultConfiguration": {"level": level},
        "properties": {"category": textsafe.xml(check.category), "points": check.max_points, "required": check.required,
                       "tags": ["readiness", textsafe.xml(check.category)]},
    }
    if check.fix:
        rule["help"] = {"text": textsafe.xml(check.fix)}
    return rule


def _result(card: Scorecard, check: ScoredCheck, rule_index: int) -> dict[str, Any]:
    label = status_label(check.status)
    locations = _locations(card, check)
    result: dict[str, Any] = {
        "ruleId": textsafe.xml(check.id),
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "error" if check.required and check.status not in DECIDED else LEVELS[check.status],
        "message": {"text": textsafe.xml(f"{check.claim}: {label}. {check.reason}")},
        "locations": locations[:1],
        "partialFingerprints": {"readinessCheck/v1": textsafe.xml(check.id)},
        "properties": {"status": check.status, "points": check.points, "maxPoints": check.max_points,
                       "gain": check.gain,
                       "facts": {textsafe.xml(r.fact): textsafe.xml(show(r.actual)) for r in check.conditions},
                       "evidence": [{"path": textsafe.xml(r.path), "sha256": r.sha256} for r in check.evidence]},
    }
    if len(locations) > 1:
        result["relatedLocations"] = [{**loc, "id": n} for n, loc in enumerate(locations[1:RELATED_LIMIT + 1], 1)]
    if check.status in DECIDED:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": textsafe.xml(f"{label}: {check.reason}")}]
    return result


def _locations(card: Scorecard, check: ScoredCheck) -> list[dict[str, Any]]:
    """The evidence files the check judged (an unreadable one first), else the line of the decision that set it
    aside, else its pack line, else the evidence folder."""
    broken = {f.path for f in card.files if f.status == "invalid"}
    paths = sorted((r.path for r in check.evidence), key=lambda p: p not in broken)
    if paths:
        return [_physical(p, None) for p in dict.fromkeys(paths)]
    if check.decision is not None:  # where the waiver or disable is written, e.g. readiness.yaml:12
        path, colon, line = check.decision.source.rpartition(":")
        if colon and line.isdigit():
            return [_physical(path, int(line))]
    source = check.source
    if source is not None and not source.builtin:
        return [_physical(source.pack, source.line)]
    return [_physical(card.evidence_dir.rstrip("/") + "/", None)]


def _physical(path: str, line: int | None) -> dict[str, Any]:
    shown = textsafe.xml(path)
    if shown.startswith("/"):
        location: dict[str, Any] = {"uri": "file://" + quote(shown)}
    else:
        location = {"uri": quote(shown.removeprefix("./")), "uriBaseId": SRCROOT}
    physical: dict[str, Any] = {"artifactLocation": location}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}
