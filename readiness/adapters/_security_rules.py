"""Which static-analysis results are security findings: the rule SARIF and Semgrep results are judged by."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

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


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _tags(*bags: Any) -> list[str]:
    found: list[str] = []
    for bag in bags:
        tags = bag.get("tags") if isinstance(bag, dict) else None
        if isinstance(tags, list):
            found += [t for t in tags if isinstance(t, str)]
    return found


def _texts(rule: dict[str, Any]) -> Iterable[str]:
    for key in ("shortDescription", "fullDescription", "help"):
        part = rule.get(key)
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            yield part["text"][:4000]


def _cwe_relationship(rule: dict[str, Any], result: dict[str, Any]) -> bool:
    """A rule related to (or a result classified by) a CWE taxonomy entry (SARIF §3.49.15, §3.27.8)."""
    links = [r.get("target") for r in rule.get("relationships") or [] if isinstance(r, dict)]
    links += list(result.get("taxa") or [])
    for link in links:
        component = link.get("toolComponent") if isinstance(link, dict) else None
        if isinstance(component, dict) and str(component.get("name", "")).upper() == "CWE":
            return True
    return False


def is_security_result(tool: str, result: dict[str, Any], rule: dict[str, Any]) -> bool:
    """Whether a SARIF result is a security finding: it or its rule carries a security-severity, a
    `security`/CWE/OWASP tag, a CWE property, relationship or mention; it comes from a security scanner;
    or it is one of ruff's flake8-bandit (S) rules. Everything else is lint."""
    if tool.strip().casefold() in SECURITY_TOOLS:
        return True
    result_props, rule_props = _dict(result.get("properties")), _dict(rule.get("properties"))
    for props in (result_props, rule_props):
        if props.get("security-severity") is not None or props.get("cwe"):
            return True
    if any(_SECURITY_TAG.match(tag.strip()) for tag in _tags(result_props, rule_props)):
        return True
    if tool.strip().casefold() == "ruff":
        rule_id = str(result.get("ruleId") or rule.get("id") or "")
        if _RUFF_CODE.match(rule_id) or rule_id in RUFF_SECURITY_NAMES or rule_props.get("kind") == "flake8-bandit":
            return True
    return _cwe_relationship(rule, result) or any(_CWE.search(text) for text in _texts(rule))


def is_security_semgrep(result: dict[str, Any]) -> bool:
    """Whether a Semgrep JSON result comes from a security rule: metadata category security, or a CWE/OWASP."""
    metadata = _dict(_dict(result.get("extra")).get("metadata"))
    if str(metadata.get("category", "")).casefold() == "security":
        return True
    return bool(metadata.get("cwe") or metadata.get("owasp") or metadata.get("security-severity"))
