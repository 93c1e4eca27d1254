"""Which static-analysis results are security findings: the rule SARIF and Semgrep results are judged by."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from readiness.adapters._report_json import as_dict, as_list

# Scanners whose every result is a security finding (the SARIF driver name, case-insensitive).
SECURITY_TOOLS = frozenset({
    "bandit", "gosec", "trivy", "grype", "snyk", "snyk open source", "snyk code", "checkov", "tfsec", "kics",
    "gitleaks", "trufflehog", "brakeman", "dependency-check", "njsscan", "nodejsscan", "horusec", "find-sec-bugs",
    "devskim", "credscan", "safety", "osv-scanner", "pip-audit", "npm audit", "dependabot",
})
# ruff's flake8-bandit (S) rules. Older ruff writes the code (S105) as the SARIF ruleId, ruff 0.17
# in preview the rule name; this is `ruff rule --all` of ruff 0.17.6 filtered to linter flake8-bandit.
RUFF_SECURITY_NAMES = frozenset({
    "assert", "bad-file-permissions", "call-with-shell-equals-true", "django-extra", "django-raw-sql",
    "exec-builtin", "flask-debug-true", "hardcoded-bind-all-interfaces", "hardcoded-password-default",
    "hardcoded-password-func-arg", "hardcoded-password-string", "hardcoded-sql-expression",
    "hardcoded-temp-file", "hashlib-insecure-hash-function", "jinja2-autoescape-false",
    "logging-config-insecure-listen", "mako-templates", "paramiko-call", "request-with-no-cert-validation",
    "request-without-timeout", "snmp-insecure-version", "snmp-weak-cryptography",
    "ssh-no-host-key-verification", "ssl-insecure-version", "ssl-with-bad-defaults", "ssl-with-no-version",
    "start-process-with-a-shell", "start-process-with-no-shell", "start-process-with-partial-path",
    "subprocess-popen-with-shell-equals-true", "subprocess-without-shell-equals-true",
    "suspicious-eval-usage", "suspicious-ftp-lib-usage", "suspicious-ftplib-import",
    "suspicious-httpoxy-import", "suspicious-insecure-cipher-mode-usage", "suspicious-insecure-cipher-usage",
    "suspicious-insecure-hash-usage", "suspicious-lxml-import", "suspicious-mark-safe-usage",
    "suspicious-marshal-usage", "suspicious-mktemp-usage", "suspicious-non-cryptographic-random-usage",
    "suspicious-pickle-import", "suspicious-pickle-usage", "suspicious-pycrypto-import",
    "suspicious-pyghmi-import", "suspicious-subprocess-import", "suspicious-telnet-usage",
    "suspicious-telnetlib-import", "suspicious-unverified-context-usage", "suspicious-url-open-usage",
    "suspicious-xml-element-tree-usage", "suspicious-xml-etree-import", "suspicious-xml-expat-builder-usage",
    "suspicious-xml-expat-import", "suspicious-xml-expat-reader-usage", "suspicious-xml-mini-dom-usage",
    "suspicious-xml-minidom-import", "suspicious-xml-pull-dom-usage", "suspicious-xml-pulldom-import",
    "suspicious-xml-sax-import", "suspicious-xml-sax-usage", "suspicious-xmlc-element-tree-usage",
    "suspicious-xmle-tree-usage", "suspicious-xmlrpc-import", "tarfile-unsafe-members", "try-except-continue",
    "try-except-pass", "unix-command-wildcard-injection", "unsafe-markup-use", "unsafe-yaml-load",
    "weak-cryptographic-key",
})
_RUFF_CODE = re.compile(r"^S\d{3}$")
_CWE = re.compile(r"\bCWE[-_ ]?\d+", re.IGNORECASE)
_SECURITY_TAG = re.compile(r"^(?:security|external/cwe/.*|cwe[-_ ]?\d+.*|owasp.*)$", re.IGNORECASE)


def _tags(bag: dict[str, Any]) -> list[str]:
    return [t for t in as_list(bag.get("tags")) if isinstance(t, str)]


def _texts(rule: dict[str, Any]) -> Iterable[str]:
    for key in ("shortDescription", "fullDescription", "help"):
        part = rule.get(key)
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            yield part["text"][:4000]


def _cwe_link(links: Iterable[Any]) -> bool:
    """One of the links is a CWE taxonomy entry (SARIF §3.49.15 relationships, §3.27.8 taxa)."""
    for link in links:
        component = link.get("toolComponent") if isinstance(link, dict) else None
        if isinstance(component, dict) and str(component.get("name", "")).upper() == "CWE":
            return True
    return False


def _security_bag(props: dict[str, Any]) -> bool:
    """A properties bag with a security-severity, a CWE, or a security/CWE/OWASP tag."""
    return (props.get("security-severity") is not None or bool(props.get("cwe"))
            or any(_SECURITY_TAG.match(tag.strip()) for tag in _tags(props)))


def is_security_rule(tool: str, rule: dict[str, Any]) -> bool:
    """The half of is_security_result that depends on the tool and rule only (the same for every result of
    the rule, so a run works it out once per rule): a security scanner; a rule with a security-severity,
    a security/CWE/OWASP tag, a CWE property, relationship or mention; ruff's flake8-bandit kind."""
    if tool.strip().casefold() in SECURITY_TOOLS:
        return True
    props = as_dict(rule.get("properties"))
    if _security_bag(props):
        return True
    if tool.strip().casefold() == "ruff" and props.get("kind") == "flake8-bandit":
        return True
    links = [r.get("target") for r in as_list(rule.get("relationships")) if isinstance(r, dict)]
    return _cwe_link(links) or any(_CWE.search(text) for text in _texts(rule))


def is_security_result(tool: str, result: dict[str, Any], rule: dict[str, Any], *,
                       rule_verdict: bool | None = None) -> bool:
    """Whether a SARIF result is a security finding: it or its rule carries a security-severity, a
    `security`/CWE/OWASP tag, a CWE property, relationship or mention; it comes from a security scanner;
    or it is one of ruff's flake8-bandit (S) rules. Everything else is lint. `rule_verdict` is
    is_security_rule(tool, rule) when the caller has it already."""
    if is_security_rule(tool, rule) if rule_verdict is None else rule_verdict:
        return True
    if _security_bag(as_dict(result.get("properties"))):
        return True
    if tool.strip().casefold() == "ruff":
        rule_id = str(result.get("ruleId") or rule.get("id") or "")
        if _RUFF_CODE.match(rule_id) or rule_id in RUFF_SECURITY_NAMES:
            return True
    return _cwe_link(as_list(result.get("taxa")))


def is_security_semgrep(result: dict[str, Any]) -> bool:
    """Whether a Semgrep JSON result comes from a security rule: metadata category security, or a CWE/OWASP."""
    metadata = as_dict(as_dict(result.get("extra")).get("metadata"))
    if str(metadata.get("category", "")).casefold() == "security":
        return True
    return bool(metadata.get("cwe") or metadata.get("owasp") or metadata.get("security-severity"))
