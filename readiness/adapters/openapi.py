"""OpenAPI 3.x and Swagger 2.0 specs (YAML or JSON): structural validity and how well operations are documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from readiness import safeyaml
from readiness.adapters import _report_json as rj
from readiness.adapters.base import InvalidEvidence, Parsed

KIND = "openapi"
FAMILY = "docs"
DESCRIPTION = "OpenAPI 3.x / Swagger 2.0 spec: operations, documented operations, documented error responses"
FACTS = ("api.valid", "api.operations", "api.operations_documented", "api.operations_with_errors")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SNIFF = re.compile(rb'^(?:"?(?:openapi)"?\s*:\s*["\']?3\.|"?swagger"?\s*:\s*["\']?2\.0)', re.MULTILINE)
_JSON_SNIFF = re.compile(rb'"(?:openapi"\s*:\s*"3\.|swagger"\s*:\s*"2\.0")')
_STATUS = re.compile(r"^[1-5](?:\d\d|XX)$")
_ERROR = re.compile(r"^[45](?:\d\d|XX)$")
_SAMPLE = 15
_REASONS = 10


def sniff(path: Path, head: bytes) -> bool:
    """An `openapi: 3.x` or `swagger: "2.0"` key at the top of a YAML document or in a JSON object."""
    text = rj.body(head)
    if text.startswith(b"{"):
        return _JSON_SNIFF.search(text) is not None
    return _SNIFF.search(text) is not None


def _load(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidEvidence(f"cannot read API spec: {exc}") from None
    try:
        document = safeyaml.load(text, unique_keys=False)  # JSON is YAML too
    except yaml.YAMLError as exc:
        raise InvalidEvidence(f"API spec is not valid YAML/JSON: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(document, dict):
        raise InvalidEvidence("API spec: the top level is not a mapping")
    return document


def _header_reasons(spec: dict[str, Any]) -> tuple[str, list[str]]:
    reasons = []
    version = str(spec.get("openapi") or spec.get("swagger") or "")
    if not (version.startswith("3.") or version == "2.0"):
        reasons.append(f"unsupported spec version {version!r}")
    info = spec.get("info")
    if not isinstance(info, dict):
        reasons.append("info object is missing")
    else:
        reasons += [f"info.{key} is missing" for key in ("title", "version") if not info.get(key)]
    paths = spec.get("paths")
    if paths is None and not version.startswith("3.1"):  # 3.1 allows webhooks/components instead
        reasons.append("paths object is missing")
    elif paths is not None and not isinstance(paths, dict):
        reasons.append("paths is not an object")
    return version, reasons


class _Survey:
    """Operations of a spec and the structural problems found while walking them."""

    def __init__(self, needs_responses: bool) -> None:
        self.needs_responses = needs_responses
        self.total = self.documented = self.with_errors = 0
        self.undocumented: list[str] = []
        self.no_errors: list[str] = []
        self.reasons: list[str] = []
        self.operation_ids: set[str] = set()

    def walk(self, paths: dict[str, Any]) -> None:
        for route, item in paths.items():
            if str(route).startswith("x-"):
                continue
            if not str(route).startswith("/"):
                self.reasons.append(f"path {route!r} does not start with /")
            if not isinstance(item, dict):
                self.reasons.append(f"path {route!r} is not an object")
                continue
            for method in METHODS:
                if method in item:
                    self.operation(f"{method.upper()} {route}", item[method])

    def operation(self, name: str, op: Any) -> None:
        if not isinstance(op, dict):
            self.reasons.append(f"{name} is not an object")
            return
        self.total += 1
        if any(isinstance(op.get(k), str) and op[k].strip() for k in ("summary", "description")):
            self.documented += 1
        elif len(self.undocumented) < _SAMPLE:
            self.undocumented.append(name)
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            if op_id in self.operation_ids:
                self.reasons.append(f"{name}: duplicate operationId {op_id!r}")
            self.operation_ids.add(op_id)
        self.responses(name, op.get("responses"))

    def responses(self, name: str, responses: Any) -> None:
        if responses is None:
            if self.needs_responses:
                self.reasons.append(f"{name} has no responses")
            return
        if not isinstance(responses, dict) or (self.needs_responses and not responses):
            self.reasons.append(f"{name}: responses must be a non-empty object")
            return
        codes = [str(code) for code in responses if not str(code).startswith("x-")]
        bad = [code for code in codes if code != "default" and not _STATUS.match(code)]
        if bad:
            self.reasons.append(f"{name}: invalid response code {bad[0]!r}")
        if any(_ERROR.match(code) for code in codes):
            self.with_errors += 1
        elif len(self.no_errors) < _SAMPLE:
            self.no_errors.append(name)


def parse(path: Path) -> Parsed:
    """Check the spec's structure and count operations; a structurally invalid spec gives api.valid false."""
    spec = _load(path)
    version, reasons = _header_reasons(spec)
    survey = _Survey(needs_responses=not version.startswith("3.1"))
    paths = spec.get("paths")
    if isinstance(paths, dict):
        survey.walk(paths)
    reasons += survey.reasons
    facts: dict[str, Any] = {
        "api.valid": not reasons, "api.operations": survey.total,
        "api.operations_documented": survey.documented, "api.operations_with_errors": survey.with_errors,
    }
    warnings = [f"invalid API spec: {reason}" for reason in reasons[:_REASONS]]
    if len(reasons) > _REASONS:
        warnings.append(f"... and {len(reasons) - _REASONS} more problems")
    if survey.total == 0:
        warnings.append("the API spec defines no operations")
    info = rj.as_dict(spec.get("info"))
    details = {"spec_version": version, "title": info.get("title"), "api_version": info.get("version"),
               "reasons": reasons[:_REASONS], "undocumented": survey.undocumented,
               "without_error_responses": survey.no_errors}
    return Parsed(facts=facts, warnings=warnings, details=details)
