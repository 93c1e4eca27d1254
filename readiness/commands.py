"""The commands for adopting readiness: validate, schema, init, checks and explain (registered by readiness.cli)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from readiness.cli import (
    EXIT_CONFIG,
    ChecksOption,
    ConfigOption,
    NowOption,
    RootOption,
    _fail,
    _field,
    _now,
    _out,
    load_config,
    load_packset,
)

if TYPE_CHECKING:
    from readiness.config import LoadedConfig
    from readiness.packs import Check, PackSet

TEAM_PACK = "team-checks.yaml"
EXPLAIN_FILES = 20  # files `explain` lists; the rest are counted


def validate(  # noqa: B006 (typer reads list defaults; they are never mutated)
    paths: Annotated[list[str], typer.Argument(
        help="Pack files, folders or built-in pack names. Default: the config's packs.", show_default=False)] = [],  # noqa: B006
    config: ConfigOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings (a waiver that matches no check, "
                                                          "an expired waiver) are errors too.")] = False,
    now: NowOption = None,
) -> None:
    """Lint check packs and readiness.yaml: schema, operators, fact names, categories, duplicate ids, overrides,
    disables, gate names and waivers, every problem in one run. Exits 2 on any problem.

    Examples:\n
      readiness validate\n
      readiness validate checks/service.yaml --strict
    """
    from readiness import settings, waivers
    from readiness.packs import PackError, load_packs

    loaded = load_config(config)
    chosen = None if paths else settings.merge(loaded)  # the config's packs, unless files are named
    try:
        packset = load_packs(paths if chosen is None else chosen.packs)
    except PackError as exc:
        _lint([str(issue) for issue in exc.issues])
    problems: list[str] = []
    warnings: list[str] = []
    if loaded is not None and chosen is not None:  # the config's names refer to the config's packs
        plan, problems = waivers.checked_plan(loaded, chosen, packset, _now(now))
        warnings = plan.warnings
    for warning in warnings:
        _out(f"readiness: {'error' if strict else 'warning'}: {_field(warning)}\n", err=True)
    if problems:
        _lint(problems)
    if strict and warnings:
        raise typer.Exit(EXIT_CONFIG)
    for item in packset.packs:
        _out(f"ok: {_field(item.path)} ({len(item.pack.checks)} checks"
             f"{_tally(len(item.pack.override), 'override')}{_tally(len(item.pack.disable), 'disable')})\n")
    if loaded is not None:
        _out(f"ok: {_field(loaded.shown)} ({len(loaded.config.waivers)} waivers)\n")


def _lint(problems: list[str]) -> NoReturn:
    """Problems as a linter prints them (file:line: message, one a line, for editors and pre-commit); exit 2."""
    for problem in problems:
        _out(_field(problem) + "\n", err=True)
    raise typer.Exit(EXIT_CONFIG)


def _tally(count: int, noun: str) -> str:
    return f", {count} {noun}{'s' if count != 1 else ''}" if count else ""


def schema(
    what: Annotated[str, typer.Argument(metavar="[pack|config]",
                                        help="pack (default): check pack files; config: readiness.yaml.")] = "pack",
) -> None:
    """Print the JSON Schema of check pack files or of readiness.yaml, for editors and CI linters.

    Examples:\n
      readiness schema > .readiness-pack.schema.json\n
      readiness schema config > .readiness-config.schema.json
    """
    from pydantic import BaseModel

    from readiness.config import Config
    from readiness.packs import Pack

    models: dict[str, tuple[type[BaseModel], str]] = {
        "pack": (Pack, "readiness check pack"), "config": (Config, "readiness.yaml settings")}
    if what not in models:
        _fail(f"schema: expected pack or config, got {what!r}")
    model, title = models[what]
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = title
    import json

    _out(json.dumps(document, indent=2) + "\n")


def init(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to write the files.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")] = False,
    service: Annotated[str | None, typer.Option(metavar="NAME", help="Service name. Default: DIR's name.")] = None,
) -> None:
    """Write readiness.yaml and a team pack that extends the built-in service pack (with commented examples
    of override, disable and waivers), then print the next commands. Refuses to overwrite without --force.

    Examples:\n
      readiness init\n
      readiness init services/checkout --service checkout
    """
    from readiness import resources

    source = resources.templates_dir() / "init"
    targets = {directory / "readiness.yaml": source / "readiness.yaml", directory / TEAM_PACK: source / TEAM_PACK}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        _fail(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
              "pass --force to overwrite")
    name = service or directory.resolve().name or "service"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for target, template in targets.items():
            text = template.read_text(encoding="utf-8")
            import json

            target.write_text(text.replace("SERVICE_NAME", json.dumps(name)), encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write in {directory}: {exc.strerror}")
    flag = "" if directory == Path(".") else f" --config {directory / 'readiness.yaml'}"
    _out(f"Wrote {', '.join(str(t) for t in targets)}. Next:\n"
         f"  readiness validate{flag}      # check the settings and the team pack\n"
         f"  readiness checks{flag}        # the checks after your overrides and disables\n"
         f"  readiness score{flag}         # score the evidence folder and write the reports\n")


def _packs_for(paths: list[str], loaded: LoadedConfig | None) -> PackSet:
    from readiness import settings

    return load_packset(paths or settings.merge(loaded).packs)


def checks(  # noqa: B006
    packs: Annotated[list[str], typer.Argument(metavar="[PACK]...", help="Packs to list. Default: the config's "
                                               "packs, else service.", show_default=False)] = [],  # noqa: B006
    config: ConfigOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
) -> None:
    """List the checks after extends, override and disable: id, category, points, evidence and claim.

    Examples:\n
      readiness checks\n
      readiness checks service --format json
    """
    if fmt not in ("text", "json"):
        _fail(f"--format must be text or json, got {fmt!r}")
    packset = _packs_for(packs, load_config(config))
    rows = [_row(check, packset) for check in packset.checks]
    if fmt == "json":
        import json

        _out(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    width = max([len(r["id"]) for r in rows] + [5])
    for row in rows:
        evidence = row["evidence"] + (f" ({', '.join(row['files'])})" if row["files"] else "")
        flags = " required" if row["required"] else ""
        _out(f"{row['id']:<{width}}  {row['category']:<13} {row['points']:>4g}  {_field(evidence):<14} "
             f"{_field(row['claim'])}{flags}\n")
        if row["disabled"]:
            _out(f"{'':<{width}}  not applicable: {_field(row['disabled']['reason'])} "
                 f"({_field(row['disabled']['where'])})\n")
        for note in row["overrides"]:
            _out(f"{'':<{width}}  overridden: {_field(note)}\n")
    possible = sum(r["points"] for r in rows if not r["disabled"])
    _out(f"{len(rows)} checks, {sum(bool(r['disabled']) for r in rows)} disabled, "
         f"{possible:g} possible points, from {_field(', '.join(p.path for p in packset.packs))}\n")


def _row(check: Check, packset: PackSet) -> dict[str, Any]:
    disabled = packset.disabled.get(check.id)
    return {"id": check.id, "category": check.category, "points": check.points, "evidence": check.evidence.kind,
            "files": check.evidence.files or [], "claim": check.claim, "required": check.required,
            "disabled": {"reason": disabled[0], "where": disabled[1]} if disabled else None,
            "overrides": packset.overrides.get(check.id, [])}


def explain(  # noqa: B006
    check_id: Annotated[str, typer.Argument(metavar="CHECK", help="A check id.")],
    evidence_dir: Annotated[str | None, typer.Argument(
        metavar="[EVIDENCE_DIR]", help="Default: the config's evidence, else evidence.", show_default=False)] = None,
    packs: ChecksOption = [],  # noqa: B006
    root: RootOption = None,
    now: NowOption = None,
    config: ConfigOption = None,
) -> None:
    """Explain one check against the evidence: its definition, the files it selected, each fact value, each
    condition's verdict, the result and the fix.

    Examples:\n
      readiness explain func-tests-pass\n
      readiness explain perf-p95-under-load evidence
    """
    from readiness import settings, waivers
    from readiness.findings import judge
    from readiness.numbers import show
    from readiness.packs import duration_text
    from readiness.scorecard import gather

    loaded = load_config(config)
    chosen = settings.merge(loaded, evidence=evidence_dir, root=root, packs=packs)
    packset = load_packset(chosen.packs)
    by_id = {c.id: c for c in packset.checks}
    if check_id not in by_id:
        from readiness.tailoring import unknown_check

        _fail(unknown_check(check_id, list(by_id)))
    folder, root_dir = Path(chosen.evidence), Path(chosen.root)
    if not folder.is_dir():
        _fail(f"evidence folder {folder} does not exist or is not a folder")
    moment = _now(now)
    check = by_id[check_id]
    files = gather(packset, folder, chosen.evidence, root_dir, chosen.root)
    plan = waivers.checked_plan(loaded, chosen, packset, moment)[0]
    finding = waivers.decider(packset, plan)([judge(check, files, packset.derive, moment, chosen.evidence)])[0]
    out = [f"{check.id} ({check.category}, {check.points:g} points{', required' if check.required else ''})",
           f"  claim: {check.claim}",
           f"  evidence: {check.evidence.kind}" + (f" files {', '.join(check.evidence.files)}"
                                                   if check.evidence.files else "")]
    out += [f"  {name}: {value}" for name, value in (
        ("select", ", ".join(f"{k}={v}" for k, v in check.select.items())), ("environment", check.environment),
        ("max_age", check.max_age and duration_text(check.max_age))) if value]
    out += [f"  overridden: {note}" for note in finding.overrides]
    out.append(f"Files selected ({len(finding.evidence):,}):" if finding.evidence else "Files selected: none")
    out += [f"  {ref.path} ({ref.kind or 'unknown'}, sha256 {ref.sha256[:12]}, {ref.age_days:g} days old)"
            for ref in finding.evidence[:EXPLAIN_FILES]]
    if len(finding.evidence) > EXPLAIN_FILES:  # one JUnit file per test class: thousands
        out.append(f"  and {len(finding.evidence) - EXPLAIN_FILES:,} more (every one, with its sha256, in the JSON "
                   "report of readiness score)")
    out.append("Conditions:" if finding.conditions else "Conditions: not evaluated (see the result)")
    for result in finding.conditions:
        verdict = "missing" if result.holds is None else ("holds" if result.holds else "FAILS")
        out.append(f"  {result.condition}: {result.fact} = {show(result.actual)}, expected {result.expected}"
                   f" -> {verdict}")
    out += [f"  warning: {w}" for w in finding.warnings]
    out.append(f"Result: {finding.status.replace('_', ' ').upper()} ({finding.points:g}/{finding.max_points:g}): "
               f"{finding.reason}")
    if check.fix and finding.status != "pass":
        out.append(f"Fix: {check.fix}")
    _out("\n".join(_field(line) for line in out) + "\n")


