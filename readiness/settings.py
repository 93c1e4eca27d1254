"""Run settings: the command line over readiness.yaml (a flag wins; a list on the command line replaces the
config's), range-checked, then checked against the loaded packs with a did-you-mean for every name."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from readiness.config import LoadedConfig
from readiness.packs import PackSet

DEFAULT_PACKS = ("service",)


@dataclass(frozen=True)
class Settings:
    """Everything a scoring run needs from flags and config; `required` says where each check was required."""

    evidence: str
    root: str
    packs: list[str]
    outputs: list[str]
    service: str | None
    fail_under: float | None
    category_min: dict[str, float]
    min_evidence_share: float | None
    require: list[str]
    history: str | None = None
    # Where each name came from, for messages: "--require" or "readiness.yaml:9 (gate.require[0])".
    require_from: dict[str, str] = field(default_factory=dict)
    category_from: dict[str, str] = field(default_factory=dict)


class SettingsError(Exception):
    """Bad settings: one line each, exit code 2."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_minimums(values: Sequence[str]) -> dict[str, float]:
    """--category-min CATEGORY=SCORE values."""
    found = {}
    for item in values:
        category, _, number = item.partition("=")
        try:
            found[category.strip()] = float(number)
        except ValueError:
            message = f"--category-min expects CATEGORY=SCORE such as performance=5, got {item!r}"
            raise SettingsError([message]) from None
    return found


def merge(loaded: LoadedConfig | None, *, evidence: str | None = None, root: str | None = None,
          packs: Sequence[str] = (), outputs: Sequence[str] = (), service: str | None = None,
          fail_under: float | None = None, category_min: Sequence[str] = (),
          min_evidence_share: float | None = None, require: Sequence[str] = (),
          history: str | None = None) -> Settings:
    """Flags over the config over the defaults; out-of-range flag values are errors."""
    problems = []
    if fail_under is not None and not 0 <= fail_under <= 100:
        problems.append(f"--fail-under must be between 0 and 100 (the total's range), got {fail_under:g}")
    if min_evidence_share is not None and not 0 <= min_evidence_share <= 100:
        problems.append(f"--min-evidence-share is a percent between 0 and 100, got {min_evidence_share:g}")
    try:
        minimums = parse_minimums(category_min)
    except SettingsError as exc:
        problems += exc.problems
        minimums = {}
    problems += [f"--category-min {name}={value:g}: a category score is between 0 and 10"
                 for name, value in minimums.items() if not 0 <= value <= 10]
    if problems:
        raise SettingsError(problems)
    config = loaded.config if loaded else None
    gate = config.gate if config else None
    if category_min:
        category_from = {name: "--category-min" for name in minimums}
    else:
        minimums = dict(gate.category_min) if gate else {}
        category_from = {name: f"{loaded.place('gate', 'category_min', name)} (gate.category_min)"
                         for name in minimums} if loaded else {}
    if require:
        required = list(dict.fromkeys(require))
        require_from = {name: "--require" for name in required}
    else:
        required = list(dict.fromkeys(gate.require)) if gate else []
        require_from = {name: f"{loaded.place('gate', 'require', n)} (gate.require)"
                        for n, name in enumerate(required)} if loaded else {}
    return Settings(
        # With a config, even the defaults (evidence, .) are relative to its folder.
        evidence=evidence or (loaded.resolve(config.evidence or "evidence") if loaded and config else "evidence"),
        root=root or (loaded.resolve(config.root or ".") if loaded and config else "."),
        packs=list(packs) or ([loaded.pack(p) for p in config.packs] if loaded and config and config.packs
                              else list(DEFAULT_PACKS)),
        outputs=list(outputs) or ([loaded.output(o) for o in config.outputs] if loaded and config else []),
        service=service or (config.service if config else None),
        fail_under=fail_under if fail_under is not None else (gate.fail_under if gate else None),
        category_min=minimums, category_from=category_from,
        min_evidence_share=min_evidence_share if min_evidence_share is not None else (
            gate.min_evidence_share if gate else None),
        require=required, require_from=require_from,
        history=history if history is not None else history_target(loaded),  # even "": refused where opened
    )


def history_target(loaded: LoadedConfig | None) -> str | None:
    """The config's history target: a URL as written, a file resolved from the config's folder."""
    target = loaded.config.history if loaded else None
    if not isinstance(target, str) or loaded is None:
        return None
    if "://" in target or not target.strip():  # an empty one is refused where histories are opened
        return target
    return loaded.resolve(target)


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check(settings: Settings, packset: PackSet) -> list[str]:
    """Names the packs do not know, and required checks a pack disables; each names where it was written."""
    problems = []
    ids = [c.id for c in packset.checks]
    for name in settings.require:
        where = settings.require_from.get(name, "--require")
        if name not in ids:
            problems.append(f"{where}: names unknown check '{name}'{_suggest(name, ids)}"
                            if where != "--require" else f"--require names unknown checks: {name}{_suggest(name, ids)}")
        elif name in packset.disabled:
            problems.append(f"{where}: check '{name}' is required here but disabled in "
                            f"{packset.disabled[name][1]}; a required check cannot be disabled")
    categories = [c.id for c in packset.categories]
    for name in settings.category_min:
        where = settings.category_from.get(name, "--category-min")
        if name not in categories:
            problems.append(f"{where}: names unknown category '{name}'{_suggest(name, categories)}"
                            if where != "--category-min" else
                            f"--category-min names unknown categories: {name}{_suggest(name, categories)}")
    return problems


def required_places(settings: Settings, packset: PackSet) -> dict[str, str]:
    """Every check that must pass, with where that is said (a pack, --require, gate.require)."""
    places = {check_id: f"required: true in {where}" for check_id, where in packset.required_at.items()}
    for name in settings.require:
        places.setdefault(name, settings.require_from.get(name, "--require"))
    return places
