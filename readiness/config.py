"""readiness.yaml: a team's settings (service, evidence, packs, outputs, gate, waivers) validated with the file,
line and key of every mistake, and paths resolved from the file's folder."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema

from readiness import safeyaml, yamlplaces
from readiness.packs import PackError, PackIssue

FILENAME = "readiness.yaml"
MAX_WAIVER_DAYS = 90


def _day(value: Any) -> date:
    # YAML reads 2026-12-31 as a date; a quoted one is text. Nothing else (numbers, times) is a day.
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"a day such as 2026-12-31 (YYYY-MM-DD, valid through that day, UTC), got {value!r}")


Day = Annotated[date, PlainValidator(_day), WithJsonSchema({"type": "string", "format": "date",
                                                            "description": "YYYY-MM-DD, valid through that day (UTC)"})]
Text = Annotated[str, Field(min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GateConfig(_Record):
    """When the gate fails (exit 1). Flags of the same names replace these."""

    fail_under: float | None = Field(None, ge=0, le=100, description="fail when the rounded total is below this")
    category_min: dict[str, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=dict, description="CATEGORY: minimum score 0-10")
    require: list[Text] = Field(default_factory=list, description="check ids that must pass")
    min_evidence_share: float | None = Field(
        None, ge=0, le=100, description="fail when evidence backs less than this percent of the possible points")


class Waiver(_Record):
    """A human decision to set a check aside until a day: not evidence, so reports show it with its owner."""

    check: Text = Field(description="a check id or a glob such as perf-*")
    reason: Text
    owner: Text
    expires: Day
    ticket: str | None = None


class Config(_Record):
    """The readiness.yaml file."""

    service: Text | None = None
    evidence: Text | None = Field(None, description="the evidence folder, relative to this file")
    root: Text | None = Field(None, description="the repository root (documents, runbooks), relative to this file")
    packs: list[Text] | None = Field(None, description="built-in pack names or pack files (relative to this file)")
    outputs: list[Text] = Field(default_factory=list, description="report files to write, like -o")
    gate: GateConfig = Field(default_factory=GateConfig)
    waivers: list[Waiver] = Field(default_factory=list)
    max_waiver_days: int = Field(MAX_WAIVER_DAYS, ge=1, description="refuse waivers that expire later than this "
                                 "many days after the time of scoring")
    history: str | dict[str, Any] | None = Field(
        None, description="where to record each run, like --history: a SQLite file (relative to this file) or a "
                          "postgresql:// URL; a mapping is reserved for later settings and not read yet")


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config with its file, for resolving paths and naming places."""

    path: Path
    shown: str
    config: Config
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict, compare=False)

    def place(self, *loc: Any) -> str:
        """'readiness.yaml:12' for a key path."""
        line = yamlplaces.line_for(self.lines, loc)
        return f"{self.shown}:{line}" if line else self.shown

    def issue(self, loc: tuple[Any, ...], message: str) -> PackIssue:
        """A problem at a key path, in the packs' error style."""
        return PackIssue(self.shown, yamlplaces.line_for(self.lines, loc), message, None,
                         yamlplaces.where(loc) or None)

    def resolve(self, value: str) -> str:
        """A path from the file, as seen from the current directory."""
        folder = self.path.parent
        if folder == Path(".") or Path(value).is_absolute():
            return value
        return str(folder / value)

    def pack(self, spec: str) -> str:
        """A packs entry: a file next to the config, else as written (a built-in name)."""
        resolved = self.resolve(spec)
        return resolved if Path(resolved).exists() or "/" in spec or spec.endswith((".yaml", ".yml")) else spec

    def output(self, spec: str) -> str:
        """An outputs entry, keeping a FORMAT: prefix (md:report.txt) in front of the resolved path."""
        prefix, colon, rest = spec.partition(":")
        if colon and re.fullmatch(r"[a-z][a-z.]+", prefix) and rest:
            return f"{prefix}:{self.resolve(rest)}"
        return self.resolve(spec)


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Config
    for part in loc[:-1]:
        if model is Config and part == "gate":
            model = GateConfig
        elif model is Config and part == "waivers":
            model = Waiver
    return list(model.model_fields)


def _describe(error: Any) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), _fields_at(loc), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(_fields_at(loc))}"
        return f"unknown key; {hint}"
    return yamlplaces.describe(error, _fields_at(loc))


def load(path: Path, shown: str | None = None) -> LoadedConfig:
    """Read and validate a config file; raise PackError listing every mistake with its line."""
    shown = shown or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PackError([PackIssue(shown, None, f"cannot read: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise PackError([PackIssue(shown, None, "not UTF-8 text")]) from None
    try:
        node, data = safeyaml.compose_document(text)  # as packs read: size-capped, line numbers kept
    except yaml.YAMLError as exc:
        line, problem = safeyaml.describe(exc)
        raise PackError([PackIssue(shown, line, f"invalid YAML: {problem}")]) from None
    data = {} if node is None else data  # an empty file: no settings
    if not isinstance(data, dict):
        raise PackError([PackIssue(shown, 1, "expected a mapping of settings such as 'packs:' and 'gate:'")])
    lines: dict[tuple[Any, ...], int] = {}
    dupes: list[tuple[tuple[Any, ...], int]] = []
    if node is not None:
        yamlplaces.line_map(node, (), lines, dupes)
    issues = [PackIssue(shown, line, f"duplicate key '{loc[-1]}'", None, yamlplaces.where(loc)) for loc, line in dupes]
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        issues += [PackIssue(shown, yamlplaces.line_for(lines, tuple(e["loc"])), _describe(e), None,
                             yamlplaces.where(tuple(e["loc"])) or None) for e in exc.errors()]
        raise PackError(issues) from None
    if issues:
        raise PackError(issues)
    return LoadedConfig(path, shown, config, lines)


def find(given: Path | None) -> LoadedConfig | None:
    """--config FILE, else readiness.yaml in the current directory when there is one, else None."""
    if given is not None:
        if not given.is_file():
            raise PackError([PackIssue(str(given), None, "--config: no such file")])
        return load(given)
    default = Path(FILENAME)
    return load(default, FILENAME) if default.is_file() else None
