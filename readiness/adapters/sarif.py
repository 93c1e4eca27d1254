"""SARIF 2.x static-analysis results from any tool: security findings by level and security-severity band,
lint results (no security marking) apart as lint.* facts."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.adapters import _report_json as rj
from readiness.adapters._security_rules import is_security_result, is_security_rule
from readiness.adapters.base import InvalidEvidence, Parsed, fingerprint_line, parse_time

KIND = "sarif"
FAMILY = "security"
DESCRIPTION = "SARIF 2.1.0 results from any analyser (CodeQL, Trivy, Semgrep, Bandit, ruff, ESLint, ...)"
FACTS = (
    "security.findings", "security.findings.error", "security.findings.warning", "security.findings.note",
    "security.suppressed", "security.critical", "security.high", "security.medium", "security.low",
    "security.tools", "lint.findings", "lint.findings.error", "lint.findings.warning", "lint.findings.note",
    "lint.suppressed", "lint.tools",
)
_LEVELS = ("error", "warning", "note", "none")
_BANDS = (("critical", 9.0), ("high", 7.0), ("medium", 4.0), ("low", 0.1))
_SAMPLE = 10
_VERSION = re.compile(rb'"version"\s*:\s*"2\.')


def sniff(path: Path, head: bytes) -> bool:
    """A SARIF log is a JSON object with `runs` and a 2.x `version` or a sarif `$schema`."""
    if not rj.is_object(head) or not rj.has_key(head, "runs"):
        return False
    return _VERSION.search(head) is not None or b"sarif" in head[:4096].lower()


class _Rules:
    """Rule lookup for one run: by ruleIndex, by rule.toolComponent/index, or by (hierarchical) id."""

    def __init__(self, tool: dict[str, Any]) -> None:
        driver = rj.as_dict(tool.get("driver")) or tool  # SARIF 2.0 put name/rules on tool itself
        self.driver = [rj.as_dict(r) for r in rj.as_list(driver.get("rules"))]
        self.extensions = [[rj.as_dict(r) for r in rj.as_list(rj.as_dict(e).get("rules"))]
                           for e in rj.as_list(tool.get("extensions"))]
        self.by_id: dict[str, dict[str, Any]] = {}
        for rules in [self.driver, *self.extensions]:
            for rule in rules:
                if isinstance(rule.get("id"), str):
                    self.by_id.setdefault(rule["id"], rule)
        self._security: dict[int, bool] = {}  # id of a rule held above -> is_security_rule

    def security(self, tool: str, rule: dict[str, Any]) -> bool:
        """is_security_rule of one of this run's rules, worked out once per rule rather than once per
        result (its descriptions are searched for CWE mentions: 200,000 lint results took 8x longer)."""
        if not rule:  # no descriptor: nothing to search, and a fresh {} has no lasting id
            return is_security_rule(tool, rule)
        verdict = self._security.get(id(rule))
        if verdict is None:
            verdict = self._security[id(rule)] = is_security_rule(tool, rule)
        return verdict

    def find(self, result: dict[str, Any]) -> dict[str, Any]:
        """The reportingDescriptor a result points at, or {} when it names none that exists."""
        ref = rj.as_dict(result.get("rule"))
        index = result.get("ruleIndex", ref.get("index"))
        component = rj.as_dict(ref.get("toolComponent")).get("index")
        table = self.driver
        if isinstance(component, int) and 0 <= component < len(self.extensions):
            table = self.extensions[component]
        if isinstance(index, int) and 0 <= index < len(table):
            return table[index]
        rule_id = result.get("ruleId") or ref.get("id")
        if not isinstance(rule_id, str):
            return {}
        # Hierarchical ids ("CSCAN0020/0") name a sub-rule of the descriptor "CSCAN0020".
        return self.by_id.get(rule_id) or self.by_id.get(rule_id.split("/", 1)[0], {})


def _level(result: dict[str, Any], rule: dict[str, Any]) -> str:
    """The effective level per SARIF 2.1.0 §3.27.9-10: none for non-fail kinds, else explicit, else rule default."""
    if result.get("kind") not in (None, "fail"):  # pass, open, review, ...: a level other than none is invalid
        return "none"
    level = result.get("level")
    if level in _LEVELS:
        return str(level)
    default = rj.as_dict(rule.get("defaultConfiguration")).get("level")
    return str(default) if default in _LEVELS else "warning"


def _suppressed(result: dict[str, Any]) -> bool:
    """Suppressed when it carries suppressions and none is rejected or still under review."""
    entries = rj.as_list(result.get("suppressions"))
    return bool(entries) and all(rj.as_dict(s).get("status") in (None, "accepted") for s in entries)


def _score(result: dict[str, Any], rule: dict[str, Any]) -> float | None:
    """The security-severity of a result (its own property first, then its rule's), or None."""
    for bag in (result.get("properties"), rule.get("properties")):
        raw = rj.as_dict(bag).get("security-severity")
        if raw is None or isinstance(raw, bool):
            continue
        try:
            return float(raw)
        except (TypeError, ValueError):
            continue
    return None


def _band(score: float) -> str | None:
    return next((name for name, floor in _BANDS if score >= floor), None)


def _location(result: dict[str, Any]) -> tuple[Any, Any]:
    """(uri, startLine) of a result's first physical location, each as written (None when absent)."""
    location = rj.as_dict(next(iter(rj.as_list(result.get("locations"))), None))
    physical = rj.as_dict(location.get("physicalLocation"))
    return rj.as_dict(physical.get("artifactLocation")).get("uri"), rj.as_dict(physical.get("region")).get("startLine")


def _where(result: dict[str, Any]) -> str:
    uri, line = _location(result)
    uri = uri or ""
    return f"{uri}:{line}" if uri and line else str(uri)


def _message(result: dict[str, Any]) -> str:
    message = rj.as_dict(result.get("message"))
    return rj.truncate(message.get("text") or message.get("markdown") or message.get("id") or "")


def _tool_name(run: dict[str, Any]) -> str:
    tool = rj.as_dict(run.get("tool"))
    driver = rj.as_dict(tool.get("driver")) or tool
    return str(driver.get("name") or "(unnamed tool)")


def _key(rule_id: str, result: dict[str, Any]) -> tuple[str, str, str]:
    return rj.finding_key(rule_id, *_location(result))


class _Tally:
    """Counts across every run of one log."""

    def __init__(self) -> None:
        self.levels: Counter[str] = Counter()
        self.lint_levels: Counter[str] = Counter()
        self.lint_rules: Counter[str] = Counter()
        self.lint_tools: list[str] = []
        self.lint_suppressed = self.lint = 0
        self.security_scan = False
        self.bands: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.per_tool: Counter[str] = Counter()
        self.suppressed = self.scored = self.findings = 0
        self.tools: list[str] = []
        self.sample: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.times: list[datetime] = []
        self.keys: list[bytes] = []  # every finding (as a fingerprint line: compact), for the run identity

    def add_run(self, number: int, run: Any) -> None:
        if not isinstance(run, dict):
            raise InvalidEvidence(f"not SARIF: runs[{number}] is not an object")
        name = self.tool_of(run)
        for invocation in rj.as_list(run.get("invocations")):
            invocation = rj.as_dict(invocation)
            stamp = parse_time(invocation.get("endTimeUtc") or invocation.get("startTimeUtc"))
            if stamp:
                self.times.append(stamp)
            if invocation.get("executionSuccessful") is False:
                self.warnings.append(f"{name} reported an unsuccessful run (executionSuccessful false)")
        results = run.get("results")
        if results is not None and not isinstance(results, list):
            raise InvalidEvidence(f"not SARIF: runs[{number}].results is not an array")
        rules = _Rules(rj.as_dict(run.get("tool")))
        # A security scan: a security scanner's run, or one whose rules include a security rule (Semgrep
        # and CodeQL list every rule they ran), so a clean run of security rules still counts as evidence.
        self.security_scan = self.security_scan or any(
            is_security_result(name, {}, rule, rule_verdict=rules.security(name, rule))
            for rule in [{}, *rules.by_id.values()])
        for index, result in enumerate(results or []):
            self.add_checked(name, result, rules, (number, index))

    def tool_of(self, run: dict[str, Any]) -> str:
        """The run's tool name, recorded in order of first appearance."""
        name = _tool_name(run)
        if name not in self.tools:
            self.tools.append(name)
        return name

    def add_checked(self, tool: str, result: Any, rules: _Rules, where: tuple[int, int]) -> None:
        if not isinstance(result, dict):
            raise InvalidEvidence(f"not SARIF: runs[{where[0]}].results[{where[1]}] is not an object")
        rule = rules.find(result)
        self.add_result(tool, result, rule, rules.security(tool, rule))

    def add_result(self, tool: str, result: dict[str, Any], rule: dict[str, Any], rule_security: bool) -> None:
        if not is_security_result(tool, result, rule, rule_verdict=rule_security):
            self.add_lint(tool, result, rule)
            return
        self.security_scan = True
        if _suppressed(result):
            self.suppressed += 1
            return
        level = _level(result, rule)
        self.levels[level] += 1
        if level == "none":  # passes and informational results are not findings
            return
        self.findings += 1
        self.per_tool[tool] += 1
        rule_id = str(result.get("ruleId") or rule.get("id") or "(no rule)")
        self.rules[rule_id] += 1
        self.keys.append(fingerprint_line(_key(rule_id, result)))
        score = _score(result, rule)
        band = _band(score) if score is not None else None
        if score is not None:
            self.scored += 1
            if band:
                self.bands[band] += 1
        if len(self.sample) < _SAMPLE:
            self.sample.append({"tool": tool, "rule": rule_id, "level": level, "security_severity": score,
                                "location": _where(result), "message": _message(result)})

    def add_lint(self, tool: str, result: dict[str, Any], rule: dict[str, Any]) -> None:
        """A result with no security marking (a missing docstring, an unused import): lint, not security."""
        if _suppressed(result):
            self.lint_suppressed += 1
            return
        level = _level(result, rule)
        if level == "none":
            return
        self.lint += 1
        self.lint_levels[level] += 1
        rule_id = str(result.get("ruleId") or rule.get("id") or "(no rule)")
        self.lint_rules[rule_id] += 1
        self.keys.append(fingerprint_line(_key(rule_id, result)))  # the run identity covers lint results too
        if tool not in self.lint_tools:
            self.lint_tools.append(tool)


def _security_facts(tally: _Tally, warnings: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "security.findings": tally.findings,
        "security.findings.error": tally.levels["error"],
        "security.findings.warning": tally.levels["warning"],
        "security.findings.note": tally.levels["note"],
        "security.suppressed": tally.suppressed,
        "security.tools": tally.tools,
    }
    # Severity bands only when they are supported: no findings at all, or some finding carries a score.
    if tally.findings == 0 or tally.scored:
        facts.update({f"security.{name}": tally.bands[name] for name, _ in _BANDS})
        unscored = tally.findings - tally.scored
        if unscored:
            warnings.append(f"{unscored} of {tally.findings} findings carry no security-severity and "
                            "are not in security.critical/high/medium/low")
    return facts


def _stream(path: Path, tally: _Tally) -> Any:
    """The log without its results, each result tallied as it streams past (rj.load_streaming), in
    the order the whole-file path counts them. A result that comes before its run's tool (rules)
    waits for the end of its run."""
    pending: list[tuple[Any, tuple[Any, ...]]] = []
    rules: dict[int, tuple[str, _Rules]] = {}  # per run number, built once its tool is complete

    def count(item: Any, location: tuple[Any, ...], run: dict[str, Any]) -> None:
        if location[1] not in rules:
            rules[location[1]] = (_tool_name(run), _Rules(rj.as_dict(run.get("tool"))))
        tool, table = rules[location[1]]
        tally.add_checked(tool, item, table, (location[1], location[3]))

    def result(item: Any, location: tuple[Any, ...], run: Any) -> None:
        if isinstance(run, dict) and "tool" in run and not pending:
            count(item, location, run)
        else:
            pending.append((item, location))

    def run_end(run: Any, location: tuple[Any, ...]) -> None:
        for item, where in pending:
            count(item, where, run)
        pending.clear()

    return rj.load_streaming(path, "SARIF log", {"runs.item.results.item": result}, {"runs.item": run_end})


def parse(path: Path) -> Parsed:
    """Count the unsuppressed results of every run by level and, where scored, by security-severity."""
    tally = _Tally()
    log = _stream(path, tally) if rj.streams(path) else rj.load(path, "SARIF log")
    if not isinstance(log, dict) or not isinstance(log.get("runs"), list):
        raise InvalidEvidence("not SARIF: the top level has no runs array")
    for number, run in enumerate(log["runs"]):
        tally.add_run(number, run)
    facts: dict[str, Any] = {"lint.findings": tally.lint, "lint.suppressed": tally.lint_suppressed,
                             "lint.tools": tally.lint_tools}
    facts.update({f"lint.findings.{level}": tally.lint_levels[level] for level in ("error", "warning", "note")})
    warnings = list(tally.warnings)
    if tally.lint or tally.lint_suppressed:
        warnings.append(f"{tally.lint + tally.lint_suppressed} results are lint, not security (no security-severity, "
                        "security tag or CWE, not from a security scanner): counted in lint.findings")
    version = log.get("version")
    if version != "2.1.0":
        warnings.append(f"SARIF version {version!r}, read with 2.1.0 rules")
    if not log["runs"]:
        warnings.append("SARIF log has no runs: no analyser output to judge")
    if tally.security_scan:
        facts.update(_security_facts(tally, warnings))
    elif log["runs"]:
        warnings.append("no run is a security scan (no security scanner, and no rule with a security-severity, "
                        "security tag or CWE): no security.* facts")
    details = {
        "by_tool": dict(tally.per_tool), "levels": dict(tally.levels),
        "top_rules": dict(tally.rules.most_common(_SAMPLE)), "findings_sample": tally.sample,
        "level_none": tally.levels["none"], "scored": tally.scored, "schema": log.get("$schema"),
    }
    if tally.lint_rules:
        details["lint_rules"] = dict(tally.lint_rules.most_common(_SAMPLE))
    # One analyser's run can be told apart from another format of it; a log of several cannot.
    run = rj.findings_run_lines(tally.tools[0], tally.keys) if len(tally.tools) == 1 else None
    return Parsed(facts=facts, observed_at=max(tally.times, default=None), warnings=warnings,
                  details=details, run=run)
