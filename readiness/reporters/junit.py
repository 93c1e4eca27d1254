"""The JUnit XML report: one test case per check, one test suite per category, for CI test tabs.

A claim that is not proven is not a pass: fail, no_evidence and stale are failures, invalid_evidence is an
error, and human decisions (waived, not_applicable) are skipped with their reason. The file starts with
readiness's mark, so a later run never reads it back as test results.
"""

from __future__ import annotations

from typing import Literal
from xml.etree import ElementTree

from readiness import textsafe
from readiness.ownoutput import JUNIT_COMMENT
from readiness.reporters.templating import show, status_label
from readiness.scorecard import CategoryResult, Scorecard, ScoredCheck

Outcome = Literal["passed", "failure", "error", "skipped"]
# Every status, including those only some packs produce; a test iterates findings.STATUSES against it.
OUTCOMES: dict[str, Outcome] = {
    "pass": "passed", "fail": "failure", "no_evidence": "failure", "stale": "failure",
    "invalid_evidence": "error", "waived": "skipped", "not_applicable": "skipped",
}
MESSAGE_LIMIT = 500  # characters of the reason in the message attribute; the element text has all of it


def render(card: Scorecard) -> str:
    """The scorecard as JUnit XML (UTF-8, with an XML declaration and readiness's mark)."""
    root = ElementTree.Element("testsuites", _counts(card.checks))
    root.set("name", textsafe.xml(f"readiness: {card.service}" if card.service else "readiness"))
    root.set("time", "0")
    for category in card.categories:
        mine = [c for c in card.checks if c.category == category.id]
        root.append(_suite(card, category, mine))
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{JUNIT_COMMENT}\n{body}\n'


def _counts(checks: list[ScoredCheck]) -> dict[str, str]:
    outcomes = [OUTCOMES[c.status] for c in checks]
    return {"tests": str(len(checks)), "failures": str(outcomes.count("failure")),
            "errors": str(outcomes.count("error"))}


def _suite(card: Scorecard, category: CategoryResult, checks: list[ScoredCheck]) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", {"name": textsafe.xml(category.title), **_counts(checks)})
    suite.set("skipped", str(sum(OUTCOMES[c.status] == "skipped" for c in checks)))
    suite.set("time", "0")
    suite.set("timestamp", card.generated_at.strftime("%Y-%m-%dT%H:%M:%S"))
    suite.set("package", "readiness")
    properties = ElementTree.SubElement(suite, "properties")
    for name, value in (("category", category.id), ("score", show(category.score)),
                        ("score_max", str(category.max)), ("weight", show(category.weight)),
                        ("total", f"{card.total:.1f}"), ("total_unwaived", f"{card.total_unwaived:.1f}"),
                        ("grade", card.grade), ("commit", card.commit or "")):
        ElementTree.SubElement(properties, "property", {"name": f"readiness.{name}", "value": textsafe.xml(value)})
    for n, warning in enumerate(card.warnings, 1):  # expired or unmatched waivers: visible in every suite
        ElementTree.SubElement(properties, "property",
                               {"name": f"readiness.warning.{n}", "value": textsafe.xml(warning)})
    for check in checks:
        suite.append(_case(check))
    return suite


def _case(check: ScoredCheck) -> ElementTree.Element:
    case = ElementTree.Element("testcase", {"name": textsafe.xml(check.id),
                                            "classname": textsafe.xml(f"readiness.{check.category}"), "time": "0"})
    outcome = OUTCOMES[check.status]
    label = status_label(check.status)
    if outcome != "passed":
        element = ElementTree.SubElement(case, outcome, {"message": textsafe.one_line(f"{label}: {check.reason}",
                                                                             MESSAGE_LIMIT)})
        if outcome != "skipped":
            element.set("type", check.status)
        element.text = textsafe.xml(_details(check))
    out = ElementTree.SubElement(case, "system-out")
    out.text = textsafe.xml(f"{check.claim}\n{check.points:g} of {check.max_points:g} points"
                    f"{' (required)' if check.required else ''}; {label}: {check.reason}\n")
    return case


def _details(check: ScoredCheck) -> str:
    lines = [check.reason, ""]
    lines += [f"{r.fact} = {show(r.actual)} (expected {r.expected})" for r in check.conditions]
    lines += [f"evidence: {ref.path} (sha256 {ref.sha256})" for ref in check.evidence]
    if check.fix:
        lines += ["", f"fix: {check.fix}"]
    return "\n".join(lines).strip() + "\n"
