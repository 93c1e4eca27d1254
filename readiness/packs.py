"""Check packs: the YAML schema (pydantic), loading with line numbers, and validation errors that name the place."""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from readiness import resources, safeyaml, yamlplaces
from readiness.conditions import (
    AnyOf,
    Condition,
    ConditionError,
    Expression,
    parse_condition,
    parse_expression,
)
from readiness.vocabulary import FAMILIES, spec_for, suggest

DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("functionality", "Functionality"), ("performance", "Performance"), ("scalability", "Scalability"),
    ("reliability", "Reliability"), ("monitoring", "Monitoring"), ("cost", "Cost"),
    ("operational", "Operational"), ("testing", "Testing"), ("security", "Security"),
    ("documentation", "Documentation"),
)
_DURATION = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
BUILTIN_SUFFIX = " (built-in)"  # how a built-in pack is shown: "service (built-in)"


def _condition(value: Any) -> Condition:
    if isinstance(value, Condition):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a condition string such as `load.p95_ms <= 2000`, got {type(value).__name__}")
    try:
        return parse_condition(value)
    except ConditionError as exc:
        raise ValueError(str(exc)) from None


def _when_item(value: Any) -> Condition | AnyOf:
    """A `when:` entry: a condition string, or `{any: [...]}` with two or more condition strings."""
    if isinstance(value, Condition | AnyOf):
        return value
    if isinstance(value, dict):
        members = value.get("any")
        if set(value) != {"any"} or not isinstance(members, list) or len(members) < 2:
            raise ValueError("a condition string, or {any: [two or more condition strings]}")
        conditions = tuple(_condition(member) for member in members)
        return AnyOf(text="any of: " + " | ".join(c.text for c in conditions), conditions=conditions)
    return _condition(value)


def _when_data(item: Condition | AnyOf) -> Any:
    return {"any": [c.text for c in item.conditions]} if isinstance(item, AnyOf) else item.text


def _expression(value: Any) -> Expression:
    if isinstance(value, Expression):
        return value
    if not isinstance(value, str | int | float):
        raise ValueError("an arithmetic expression string")
    try:
        return parse_expression(str(value))
    except ConditionError as exc:
        raise ValueError(str(exc)) from None


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(str(value).strip())
    if not match:
        raise ValueError(f"a duration such as 30d, 12h, 90m or 2w, got {value!r}")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def duration_text(value: timedelta) -> str:
    """A duration as a pack writes it: the largest whole unit (2w, 30d, 36h, 90m)."""
    seconds = int(value.total_seconds())
    for suffix, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{suffix}"
    return f"{seconds // 60}m"


_CONDITION_SCHEMA = {"type": "string", "description": "FACT OP VALUE, e.g. load.p95_ms <= 2000; "
                     "OP is one of < <= > >= == != contains; strings are quoted"}
WhenField = Annotated[
    Condition | AnyOf, PlainValidator(_when_item), PlainSerializer(_when_data),
    WithJsonSchema({"oneOf": [_CONDITION_SCHEMA, {
        "type": "object", "additionalProperties": False, "required": ["any"],
        "description": "at least one of these conditions must hold",
        "properties": {"any": {"type": "array", "minItems": 2, "items": _CONDITION_SCHEMA}}}]}),
]
ExpressionField = Annotated[
    Expression, PlainValidator(_expression), PlainSerializer(lambda e: e.text, return_type=str),
    WithJsonSchema({"type": "string", "description": "arithmetic over facts: + - * / ( ) numbers and fact names"}),
]
DurationField = Annotated[
    timedelta, PlainValidator(_duration), PlainSerializer(duration_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _DURATION.pattern, "description": "e.g. 30d, 12h, 90m, 2w"}),
]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceSpec(_Record):
    """Which evidence a check reads: a kind family (or one adapter kind) and optional path globs."""

    kind: str = Field(description="a kind family such as tests or load, or one adapter kind such as junit")
    files: list[str] | None = Field(None, description="globs relative to the evidence folder")

    @field_validator("files", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Category(_Record):
    """A scored category: 0-10, weighted in the total."""

    id: Identifier
    title: str
    weight: float = Field(1.0, gt=0)


def document_path_problem(path: str) -> str | None:
    """Why a documents/runbooks path could reach outside --root (absolute, a drive, or a .. part); None if fine."""
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\", "~")) or (len(path) > 1 and path[1] == ":"):
        return f"must be relative to --root, got the absolute path {path!r}"
    if ".." in parts:
        return f"must stay inside --root, got {path!r} which climbs out with '..'"
    return None


def _inside_root(value: str) -> str:
    problem = document_path_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class Document(_Record):
    """A Markdown document resolved from --root, with the headings it must have."""

    path: str = Field(description="a path or glob relative to --root (Markdown, reStructuredText or AsciiDoc; "
                      "no absolute path, no ..)")
    sections: list[str | list[str]] = Field(default_factory=list, description="required headings; a list "
                                            "entry accepts any of its alternatives, e.g. [Mitigation, Remediation]")

    _inside = field_validator("path")(_inside_root)


class Runbooks(_Record):
    """Where runbooks live, relative to --root."""

    path: str = Field("runbooks", description="a folder relative to --root (no absolute path, no ..)")
    sections: list[str | list[str]] = Field(default_factory=list, description="required headings; a list "
                                            "entry accepts any of its alternatives")

    _inside = field_validator("path")(_inside_root)


# `evidence: tests` is shorthand for `evidence: {kind: tests}`; the JSON Schema must accept both.
_KIND = "a kind family such as tests or load, or one adapter kind such as junit"
EvidenceField = Annotated[EvidenceSpec, WithJsonSchema({"anyOf": [
    {"type": "string", "description": _KIND},
    {"type": "object", "additionalProperties": False, "required": ["kind"], "properties": {
        "kind": {"type": "string", "description": _KIND},
        "files": {"description": "globs relative to the evidence folder", "anyOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}}}]})]


class Check(_Record):
    """One claim, the evidence that can prove it, and the conditions that must hold."""

    id: Identifier
    category: Identifier
    points: float = Field(gt=0)
    claim: str = Field(min_length=1)
    evidence: EvidenceField
    when: list[WhenField] = Field(min_length=1, description="every entry must hold; an {any: [...]} entry "
                                  "holds when one of its conditions does")
    select: dict[str, str] = Field(default_factory=dict, description='label globs, e.g. {suite: "integration*"}')
    max_age: DurationField | None = None
    environment: str | None = Field(None, description="evidence must sit under a folder of this name, e.g. "
                                    "staging for evidence/staging/k6.json; files from elsewhere do not count")
    fix: str | None = None
    required: bool = Field(False, description="the gate fails unless this check passes")

    @field_validator("evidence", mode="before")
    @classmethod
    def _kind_shorthand(cls, value: Any) -> Any:
        return {"kind": value} if isinstance(value, str) else value


class Override(_Record):
    """What a pack changes in a check another pack defines; fields left out stay as they were."""

    points: float | None = Field(None, gt=0)
    when: list[WhenField] | None = Field(None, min_length=1, description="replaces every condition")
    max_age: DurationField | None = None
    environment: str | None = None
    select: dict[str, str] | None = None
    required: bool | None = None
    claim: str | None = Field(None, min_length=1)
    fix: str | None = None


class Pack(_Record):
    """A check pack file."""

    name: str | None = None
    description: str | None = None
    extends: str | None = Field(None, description="a built-in pack name or a pack file (relative to this file) "
                                "loaded before this one, once however many packs extend it")
    categories: list[Category] | None = None
    derive: dict[str, ExpressionField] = Field(default_factory=dict)
    documents: dict[str, Document] = Field(default_factory=dict)
    runbooks: Runbooks = Field(default_factory=Runbooks)
    checks: list[Check] = Field(default_factory=list)
    disable: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict, description="CHECK: reason; the check is reported as not applicable")
    override: dict[str, Override] = Field(default_factory=dict, description="CHECK: the fields to change")

    @model_validator(mode="after")
    def _does_something(self) -> Pack:
        if not (self.checks or self.extends or self.disable or self.override):
            raise ValueError("a pack needs 'checks:', or 'extends:' with 'override:' or 'disable:'")
        return self


@dataclass(frozen=True)
class PackIssue:
    """One problem in a pack file, with the place it was found."""

    file: str
    line: int | None
    message: str
    check_id: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        crumbs = [f"check '{self.check_id}'"] if self.check_id else []
        if self.where:
            crumbs.append(self.where)
        return f"{place}: {' › '.join(crumbs)}: {self.message}" if crumbs else f"{place}: {self.message}"


class PackError(Exception):
    """One or more PackIssues; exit code 2."""

    def __init__(self, issues: list[PackIssue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class LoadedPack:
    """A validated pack with where it came from."""

    name: str
    path: str
    sha256: str
    pack: Pack
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict, compare=False)
    # Where each of pack.checks sits in the file, when checks with schema errors were left out.
    indices: tuple[int, ...] | None = field(default=None, compare=False)

    def index(self, position: int) -> int:
        """The file position of pack.checks[position]."""
        return self.indices[position] if self.indices is not None else position

    def place(self, loc: tuple[Any, ...]) -> str:
        """'team.yaml:12' for a key path in this pack's file."""
        line = yamlplaces.line_for(self.lines, loc)
        return f"{self.path}:{line}" if line else self.path


@dataclass(frozen=True)
class PackSet:
    """Every loaded pack, merged: categories, checks and derived facts ready for the engine."""

    packs: tuple[LoadedPack, ...]
    categories: tuple[Category, ...]
    checks: tuple[Check, ...]
    derive: dict[str, Expression]
    documents: dict[str, Document]
    runbooks: Runbooks
    disabled: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (reason, where: team.yaml:4)
    overrides: dict[str, list[str]] = field(default_factory=dict)  # id -> what each pack changed
    required_at: dict[str, str] = field(default_factory=dict)  # id -> where a pack makes it required



def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at the model that owns loc[-1], for did-you-mean on unknown fields."""
    model: type[BaseModel] = Pack
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        nested = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        for candidate in nested + list(getattr(nested[0], "__args__", ()) if nested else ()):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
    return list(model.model_fields)


def load_pack(path: Path, display: str | None = None) -> LoadedPack:
    """Read and validate one pack file; raise PackError listing every problem with its line."""
    loaded, issues = read_pack(path, display)
    if issues or loaded is None:
        raise PackError(issues)
    return loaded


def read_pack(path: Path, display: str | None = None) -> tuple[LoadedPack | None, list[PackIssue]]:
    """Read one pack file: the pack (without the parts that failed validation, so that the rest can still
    be checked) and every problem found, each with its line."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [PackIssue(shown, None, f"cannot read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
        # Compose once (line numbers come from the nodes), then construct from the same nodes.
        node, data = safeyaml.compose_document(text)
    except UnicodeDecodeError:
        return None, [PackIssue(shown, None, "not UTF-8 text")]
    except yaml.YAMLError as exc:
        line, problem = safeyaml.describe(exc)
        return None, [PackIssue(shown, line, f"invalid YAML: {problem}")]
    if not isinstance(data, dict):
        return None, [PackIssue(shown, 1, "expected a mapping with a 'checks:' list at the top level")]
    lines: dict[tuple[Any, ...], int] = {}
    dupes: list[tuple[tuple[Any, ...], int]] = []
    if node is not None:
        yamlplaces.line_map(node, (), lines, dupes)
    issues = [PackIssue(shown, line, f"duplicate key '{loc[-1]}'", yamlplaces.check_id(data, loc),
                        yamlplaces.where(loc[2:] if yamlplaces.check_id(data, loc) else loc) or None)
              for loc, line in dupes]
    indices: tuple[int, ...] | None = None
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            crumbs = loc[2:] if yamlplaces.check_id(data, loc) else loc
            issues.append(PackIssue(shown, yamlplaces.line_for(lines, loc), yamlplaces.describe(error, _fields_at(loc)),
                                    yamlplaces.check_id(data, loc), yamlplaces.where(crumbs) or None))
        partial = _partial(data)
        if partial is None:
            return None, issues
        pack, indices = partial
    name = pack.name or path.stem
    return LoadedPack(name, shown, hashlib.sha256(raw).hexdigest(), pack, lines, indices), issues


def _partial(data: dict[Any, Any]) -> tuple[Pack, tuple[int, ...]] | None:
    """The parts of a pack that validate on their own, so one run can report every problem (categories and
    facts of the valid checks too), with the file positions of the checks kept."""
    kept: list[Check] = []
    indices: list[int] = []
    raw_checks = data.get("checks")
    for index, raw in enumerate(raw_checks if isinstance(raw_checks, list) else []):
        try:
            kept.append(Check.model_validate(raw))
            indices.append(index)
        except ValidationError:
            continue
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key == "checks" or key not in Pack.model_fields:
            continue
        # Alone, a key must still make a pack that does something: give it a placeholder disable.
        probe = {key: value, "extends": "-"} if key == "disable" else {key: value, "disable": {"-": "-"}}
        try:
            Pack.model_validate(probe)
            clean[key] = value
        except ValidationError:
            continue
    try:
        return Pack.model_validate({**clean, "checks": kept}), tuple(indices)
    except ValidationError:  # nothing valid is left to check further
        return None


def resolve(spec: str, base: Path | None = None) -> list[tuple[Path, str]]:
    """A --checks value: a built-in pack name, a YAML file, or a folder of YAML files -> (path, display).
    With base (the folder of a pack that extends another), a relative file is looked up there first."""
    candidate = Path(spec)
    if base is not None and not candidate.is_absolute() and (base / candidate).is_file():
        return [(base / candidate, str(base / candidate))]
    if candidate.is_dir():
        files = sorted(p for p in candidate.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:  # loading no checks at all would score nothing and still "pass"
            raise PackError([PackIssue(spec, None, f"no pack files (*.yaml, *.yml) in {spec}")])
        return [(p, str(p)) for p in files]
    if candidate.is_file():
        return [(candidate, spec)]
    builtin = resources.checks_dir() / f"{spec}.yaml"
    if "/" not in spec and builtin.is_file():
        return [(builtin, f"{spec}{BUILTIN_SUFFIX}")]
    known = sorted(p.stem for p in resources.checks_dir().glob("*.yaml"))
    close = difflib.get_close_matches(spec, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise PackError([PackIssue(spec, None, f"no such pack file or built-in pack; {hint}built-in packs: "
                                           f"{', '.join(known)}")])


def load_packs(specs: Iterable[str]) -> PackSet:
    """Load every --checks value (and the packs they extend, each once, before them) and validate them
    together: categories, facts, duplicate ids, overrides and disables. Every problem is reported at once."""
    loaded: list[LoadedPack] = []
    issues: list[PackIssue] = []
    seen: set[Path] = set()

    def visit(path: Path, display: str, chain: tuple[Path, ...]) -> None:
        key = path.resolve()
        if key in chain:
            issues.append(PackIssue(display, None, "extends itself through " +
                                    " -> ".join(p.name for p in (*chain, key))))
            return
        if key in seen:
            return
        seen.add(key)
        item, found = read_pack(path, display)
        issues.extend(found)
        if item is None:
            return
        if item.pack.extends:
            try:
                for base_path, base_display in resolve(item.pack.extends, path.parent):
                    visit(base_path, base_display, (*chain, key))
            except PackError as exc:
                issues.extend(PackIssue(display, item.lines.get(("extends",)), i.message, None, "extends")
                              for i in exc.issues)
        loaded.append(item)

    for spec in specs:
        try:
            for path, display in resolve(spec):
                visit(path, display, ())
        except PackError as exc:
            issues.extend(exc.issues)
    return _combine(loaded, issues)


def _combine(loaded: list[LoadedPack], issues: list[PackIssue]) -> PackSet:
    from readiness import tailoring

    categories: dict[str, Category] = {}
    for item in loaded:
        for cat in item.pack.categories or []:
            if cat.id in categories and categories[cat.id] != cat:
                issues.append(PackIssue(item.path, item.lines.get(("categories",)),
                                        f"category '{cat.id}' is defined differently in another pack"))
            categories.setdefault(cat.id, cat)
    if not categories:
        categories = {cid: Category(id=cid, title=title) for cid, title in DEFAULT_CATEGORIES}
    derive, documents, runbooks = _settings(loaded, issues)
    for item in loaded:
        issues.extend(_derive_issues(item))
    seen: dict[str, str] = {}
    for item in loaded:
        for position, check in enumerate(item.pack.checks):
            index = item.index(position)
            line = item.lines.get(("checks", index))
            if check.id in seen:
                issues.append(PackIssue(item.path, line, f"duplicate check id (also in {seen[check.id]})", check.id))
            seen.setdefault(check.id, item.path)
            issues.extend(check_issues(item, ("checks", index), check, categories, derive))
    tailored = tailoring.tailor(loaded, categories, derive)
    issues.extend(tailored.issues)
    if issues:
        raise PackError(issues)
    return PackSet(tuple(loaded), tuple(categories.values()), tailored.checks, derive, documents, runbooks,
                   tailored.disabled, tailored.overrides, tailored.required_at)


def _extends(item: LoadedPack) -> bool:
    """Whether a pack extends another, so its settings replace the other's on purpose."""
    return item.pack.extends is not None


def _settings(loaded: list[LoadedPack], issues: list[PackIssue]
              ) -> tuple[dict[str, Expression], dict[str, Document], Runbooks]:
    """derive:, documents: and runbooks: of every pack, combined by one rule: entries add up, and an
    entry (a derived fact, a document, the runbooks setting) defined by several packs must be defined
    the same way; a difference is an issue naming both packs, never a silent first- or last-wins.
    A pack that extends another (`_extends`) may redefine an entry on purpose: the extending pack wins."""
    chosen: dict[tuple[str, str], tuple[object, LoadedPack]] = {}
    for item in loaded:
        entries: list[tuple[str, str, object]] = [("derive", k, v) for k, v in item.pack.derive.items()]
        entries += [("documents", k, v) for k, v in item.pack.documents.items()]
        if "runbooks" in item.pack.model_fields_set:
            entries.append(("runbooks", "", item.pack.runbooks))
        for section, key, value in entries:
            earlier = chosen.get((section, key))
            if earlier is not None and earlier[0] != value and not _extends(item):
                name = f"{section} '{key}'" if key else section
                where = (section, key) if key else (section,)
                issues.append(PackIssue(item.path, item.lines.get(where), f"{name} is set differently in "
                                        f"{earlier[1].path}; packs loaded side by side must agree (change "
                                        "another pack's settings with extends:)", None, None))
                continue
            chosen[(section, key)] = (value, item)
    derive = {k: v for (section, k), (v, _) in chosen.items() if section == "derive" and isinstance(v, Expression)}
    documents = {k: v for (section, k), (v, _) in chosen.items() if section == "documents" and isinstance(v, Document)}
    found = chosen.get(("runbooks", ""))
    runbooks = found[0] if found is not None and isinstance(found[0], Runbooks) else Runbooks()
    return derive, documents, runbooks


def _derive_issues(item: LoadedPack) -> list[PackIssue]:
    issues = []
    for name, expression in item.pack.derive.items():
        if spec_for(name) is not None:
            issues.append(PackIssue(item.path, item.lines.get(("derive", name)),
                                    f"derived fact '{name}' would hide a fact adapters produce", None, "derive"))
        for fact in expression.facts:
            problem = _unknown_fact(fact.split("{", 1)[0], {})
            if problem:
                issues.append(PackIssue(item.path, item.lines.get(("derive", name)), problem, None,
                                        f"derive.{name}"))
    return issues


def _unknown_fact(base: str, derive: dict[str, Expression]) -> str | None:
    if base in derive or spec_for(base) is not None:
        return None
    close = suggest(base) or next(iter(difflib.get_close_matches(base, list(derive), n=1)), None)
    return f"unknown fact '{base}'" + (f"; did you mean '{close}'?" if close else "")


def _family_of(kind: str) -> str | None:
    from readiness.adapters import REGISTRY

    if kind in FAMILIES:
        return kind
    module = REGISTRY.get(kind)
    return str(module.FAMILY) if module else None


def _foreign_fact(kind: str, family: str, inputs: list[str]) -> str | None:
    """A fact the chosen evidence cannot produce: for a family, outside its prefixes; for one
    adapter kind, outside the facts that adapter declares (Trivy also reports secrets)."""
    from readiness.adapters import REGISTRY

    module = REGISTRY.get(kind)
    if module is not None:
        stray = [f for f in inputs if not any(fnmatch.fnmatchcase(f, p) for p in module.FACTS)]
        return f"fact '{stray[0]}' is not produced by '{kind}' files" if stray else None
    stray = [f for f in inputs if not f.startswith(FAMILIES[family])]
    if stray:
        prefixes = ", ".join(FAMILIES[family])
        return f"fact '{stray[0]}' does not come from '{kind}' evidence (its facts start with {prefixes})"
    return None


def check_issues(item: LoadedPack, at: tuple[Any, ...], check: Check, categories: dict[str, Category],
                 derive: dict[str, Expression]) -> list[PackIssue]:
    """What is wrong with a check that validated: its category, evidence kind and facts. `at` is where the
    check (or the override that changed it) is written in item's file."""
    def issue(field: tuple[Any, ...], message: str) -> PackIssue:
        line = yamlplaces.line_for(item.lines, at + field)
        return PackIssue(item.path, line, message, check.id, yamlplaces.where(field))

    found: list[PackIssue] = []
    if check.category not in categories:
        close = difflib.get_close_matches(check.category, list(categories), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(categories)}"
        found.append(issue(("category",), f"unknown category '{check.category}'; {hint}"))
    family = _family_of(check.evidence.kind)
    if family is None:
        from readiness.adapters import REGISTRY

        known = sorted(set(FAMILIES) | set(REGISTRY))
        close = difflib.get_close_matches(check.evidence.kind, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(sorted(FAMILIES))}"
        found.append(issue(("evidence", "kind"), f"unknown evidence kind '{check.evidence.kind}'; {hint}"))
    for position, entry in enumerate(check.when):
        grouped = isinstance(entry, AnyOf)
        for member, condition in enumerate(entry.conditions if isinstance(entry, AnyOf) else (entry,)):
            base = condition.base_fact
            problem = _unknown_fact(base, derive)
            inputs = [f.split("{", 1)[0] for f in derive[base].facts] if base in derive else [base]
            if problem is None and family is not None:
                problem = _foreign_fact(check.evidence.kind, family, inputs)
            if problem:
                found.append(issue(("when", position, "any", member) if grouped else ("when", position), problem))
    return found
