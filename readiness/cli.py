"""The command line: score, inspect and facts, the shared options, and stable exit codes."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from readiness import __version__

if TYPE_CHECKING:  # evidence (and pydantic) load only for the commands that need them
    from readiness.config import LoadedConfig
    from readiness.evidence import EvidenceFile
    from readiness.packs import PackSet
    from readiness.scorecard import Scorecard

EXIT_OK, EXIT_VERDICT, EXIT_CONFIG, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES = """Exit codes: 0 success; 1 negative verdict (gate failed, or for inspect a file could
not be read); 2 usage, config or pack error; 3 internal error (add --debug for the traceback)."""

app = typer.Typer(
    name="readiness",
    help="Score whether a service is ready for production from the evidence its pipeline produces.\n\n"
         "A claim with no evidence scores zero. " + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_state = {"debug": False}


def _out(text: str, err: bool = False) -> None:
    """Everything readiness prints goes through here: no control character from evidence reaches the
    terminal raw and no line can start a CI workflow command (reporters escape each field already)."""
    from readiness import textsafe

    stream = sys.stderr if err else sys.stdout
    stream.write(textsafe.terminal_block(text))
    stream.flush()


def _fail(message: str, code: int = EXIT_CONFIG) -> NoReturn:
    _out(f"readiness: {message}\n", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        _out(f"readiness {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug


def _now(text: str | None) -> datetime:
    if text:
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            _fail(f"--now expects an ISO 8601 time such as 2026-11-28T12:00:00Z, got {text!r}")
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            _fail(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}")
    return datetime.now(tz=UTC).replace(microsecond=0)


def _git(root: Path, *args: str) -> str | None:
    import subprocess  # only the commands that ask git pay for it

    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _service(given: str | None, root: Path) -> str | None:
    if given:
        return given
    for variable in ("READINESS_SERVICE", "GITHUB_REPOSITORY", "CI_PROJECT_PATH", "BUILD_REPOSITORY_NAME"):
        if os.environ.get(variable):
            return os.environ[variable].rsplit("/", 1)[-1]
    # The repository's name, which every clone shares (a clone's folder name is the checkout's, not the
    # service's: it would make two clones' reports differ); the folder's name only outside a clone.
    remote = _git(root, "remote", "get-url", "origin")
    name = remote.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git") if remote else ""
    return name or root.resolve().name or None


def _commit(given: str | None, root: Path) -> str | None:
    if given:
        return given
    for variable in ("GITHUB_SHA", "CI_COMMIT_SHA", "BUILD_SOURCEVERSION", "GIT_COMMIT"):
        if os.environ.get(variable):
            return os.environ[variable]
    return _git(root, "rev-parse", "HEAD")


def _outputs(outputs: list[Path]) -> list[tuple[Path, str]]:
    """Each -o value as (file, format); see reporters.plan."""
    from readiness import reporters

    planned: list[tuple[Path, str]] = []
    for given in outputs:
        try:
            path, chosen = reporters.plan(str(given))
        except reporters.OutputError as exc:
            _fail(f"-o {exc}")
        if any(path == p for p, _ in planned):
            _fail(f"-o {path} is given twice")
        planned.append((path, chosen))
    return planned


def _writable(targets: list[Path]) -> None:
    """Exit 2 before any work when an -o target cannot take a report."""
    from readiness.reportfiles import target_problems

    problems = target_problems(targets)
    if problems:
        _fail("\n  ".join(["cannot write the requested reports:", *problems]) if len(problems) > 1 else problems[0])


def _write(card: Scorecard, planned: list[tuple[Path, str]]) -> None:
    """Render every requested report, then write them all or none (readiness.reportfiles)."""
    from readiness import reporters
    from readiness.reportfiles import OutputError, write_all

    try:
        write_all([(path, reporters.REGISTRY[chosen].render(card)) for path, chosen in planned])
    except OutputError as exc:
        _fail(str(exc))


def _problems(lines: list[str]) -> NoReturn:
    for line in lines:
        _out(f"readiness: {_field(line)}\n", err=True)
    raise typer.Exit(EXIT_CONFIG)


def load_config(path: Path | None) -> LoadedConfig | None:
    """--config FILE or ./readiness.yaml; a mistake in it stops with exit 2 naming file, line and key."""
    from readiness import config
    from readiness.packs import PackError

    try:
        return config.find(path)
    except PackError as exc:
        _problems(["invalid config:"] + [f"  {issue}" for issue in exc.issues])


def load_packset(specs: list[str]) -> PackSet:
    """Load the packs or stop with exit 2 listing every problem."""
    from readiness.packs import PackError, load_packs

    try:
        return load_packs(specs)
    except PackError as exc:
        _fail("invalid check pack:\n" + "\n".join(f"  {_field(str(issue))}" for issue in exc.issues))


ChecksOption = Annotated[list[str], typer.Option(
    "--checks", "-c", metavar="PACK",
    help="A built-in pack name, or a pack file or folder; repeatable. Default: the config's packs, else service.")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", metavar="FILE", help="Settings file. Default: readiness.yaml in the current directory, if any.")]


EvidenceArg = Annotated[str | None, typer.Argument(
    help="Folder of evidence files. Default: the config's evidence, else evidence.", show_default=False)]
FormatOption = Annotated[str | None, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="What to print on stdout: text, md, json, html, junit, sarif, badge or shields. Default: text.")]
OutputOption = Annotated[list[Path], typer.Option(
    "--output", "-o", metavar="[FORMAT:]FILE",
    help="Write a report file; repeatable. The format comes from the name (.md .json .html .junit.xml .sarif "
         ".svg .shields.json .txt) or from a FORMAT: prefix, e.g. -o junit:results.xml.")]
FailUnderOption = Annotated[float | None, typer.Option(
    metavar="N", help="Gate: fail when the rounded total is below N (0-100).")]
MinShareOption = Annotated[float | None, typer.Option(
    metavar="N", help="Gate: fail when evidence backs less than N percent of the possible points (0-100).")]
CategoryMinOption = Annotated[list[str], typer.Option(
    metavar="CATEGORY=SCORE", help="Gate: a category's minimum score (0-10); repeatable.")]
RequireOption = Annotated[list[str], typer.Option(metavar="CHECK", help="Gate: this check must pass; repeatable.")]
NowOption = Annotated[str | None, typer.Option(
    metavar="TIME", help="The time to score at (ISO 8601). Default: SOURCE_DATE_EPOCH, else the clock.")]
ServiceOption = Annotated[str | None, typer.Option(
    metavar="NAME", help="Service name. Default: CI variables, else the git remote's repository name, else the root"
                         " folder's name.")]
CommitOption = Annotated[str | None, typer.Option(metavar="SHA", help="Commit. Default: CI variables, else git.")]
RootOption = Annotated[str | None, typer.Option(
    metavar="DIR", help="Repository root, where runbooks and documents are resolved. Default: the config's root, "
                        "else the current directory.", show_default=False)]
HistoryOption = Annotated[str | None, typer.Option(
    metavar="TARGET", help="Record this run in a history: a SQLite file (such as .readiness/history.db) or a "
                           "postgresql:// URL. The HTML report then draws the trend.")]
BaselineOption = Annotated[Path | None, typer.Option(
    metavar="REPORT.json", help="Compare with an earlier JSON report: every report shows what changed, and the "
                                "gate fails when a check that passed there no longer does.")]
MaxDropOption = Annotated[float | None, typer.Option(
    metavar="N", help="With --baseline: the gate fails when the total drops by more than N points.")]
RegressionOption = Annotated[bool, typer.Option(
    "--fail-on-regression/--allow-regression",
    help="With --baseline: whether a check that passed in the baseline and no longer does fails the gate.")]
QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="With -o, print nothing unless the gate fails (then only why, on stderr).")]


@app.command()
def score(  # noqa: B006 (typer reads list defaults; they are never mutated)
    evidence_dir: EvidenceArg = None,
    checks: ChecksOption = [],  # noqa: B006
    fmt: FormatOption = None,
    output: OutputOption = [],  # noqa: B006
    fail_under: FailUnderOption = None,
    category_min: CategoryMinOption = [],  # noqa: B006
    require: RequireOption = [],  # noqa: B006
    min_evidence_share: MinShareOption = None,
    now: NowOption = None,
    service: ServiceOption = None,
    commit: CommitOption = None,
    root: RootOption = None,
    history: HistoryOption = None,
    baseline: BaselineOption = None,
    max_drop: MaxDropOption = None,
    fail_on_regression: RegressionOption = True,
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Score the evidence in EVIDENCE_DIR against the check packs and print or write the report.

    With a readiness.yaml in the current directory (or --config FILE), `readiness score` needs no arguments;
    flags override its settings.

    Examples:\n
      readiness score evidence\n
      readiness score -o report.md -o report.html --fail-under 70\n
      readiness score -o readiness.junit.xml -o readiness.sarif -q\n
      readiness score --require func-tests-pass --min-evidence-share 60
    """
    from readiness import progress, reporters, settings, waivers
    from readiness.scorecard import score_folder

    if quiet:
        progress.silence()
    if fmt is not None and fmt not in reporters.REGISTRY:
        _fail(f"--format must be one of {', '.join(reporters.REGISTRY)}, got {fmt!r}{reporters.suggest(fmt)}")
    loaded = load_config(config)
    try:
        chosen = settings.merge(loaded, evidence=evidence_dir, root=root, packs=checks,
                                outputs=[str(o) for o in output],
                                service=service, fail_under=fail_under, category_min=category_min,
                                min_evidence_share=min_evidence_share, require=require, history=history)
    except settings.SettingsError as exc:
        _problems(exc.problems)
    if loaded is not None and not output:  # the config's outputs: name their line
        bad = []
        for index, spec in enumerate(chosen.outputs):
            try:
                reporters.plan(spec)
            except reporters.OutputError as exc:
                bad.append(f"{loaded.place('outputs', index)}: outputs[{index}]: {exc}")
        if bad:
            _problems(bad)
    planned = _outputs([Path(o) for o in chosen.outputs])
    _writable([path for path, _ in planned])
    packset = load_packset(chosen.packs)
    moment = _now(now)
    plan, problems = waivers.checked_plan(loaded, chosen, packset, moment)
    if problems:
        _problems(problems)
    evidence, root_dir = Path(chosen.evidence), Path(chosen.root)
    if not evidence.exists():
        # A typo in a CI path must not read as "no evidence": that would be a silent zero.
        _fail(f"evidence folder {evidence} does not exist; pass the folder that holds your evidence files")
    if not evidence.is_dir():
        _fail(f"{evidence} is a file; pass the folder that holds evidence files (or use inspect)")
    if not root_dir.is_dir():
        _fail(f"--root {root_dir} is not a folder")
    if max_drop is not None and (baseline is None or max_drop < 0):
        _fail("--max-drop needs --baseline and a number of points >= 0")
    if baseline is not None and not baseline.is_file():
        _fail(f"--baseline {baseline} is not a file; pass an earlier report.json")
    for warning in plan.warnings:
        _out(f"readiness: warning: {_field(warning)}\n", err=True)
    card = score_folder(packset, evidence, chosen.evidence, root_dir, chosen.root, now=moment,
                        service=_service(chosen.service, root_dir), commit=_commit(commit, root_dir),
                        fail_under=chosen.fail_under, category_minimums=chosen.category_min,
                        required=chosen.require, min_evidence_share=chosen.min_evidence_share,
                        decide=waivers.decider(packset, plan), warnings=plan.warnings)
    card = _compared(card, baseline, max_drop, fail_on_regression, chosen.history)
    _write(card, planned)
    if fmt is not None or not (planned and quiet):
        _out(reporters.REGISTRY[fmt or "text"].render(card))
    if planned and not quiet:
        _out("Wrote " + ", ".join(str(p) for p, _ in planned) + "\n", err=True)
    if not card.gate.passed:
        if quiet and planned:  # quiet, but a failed deploy gate must still say why in the CI log
            _out("readiness: gate failed: " + "; ".join(_field(r) for r in card.gate.reasons) + "\n", err=True)
        raise typer.Exit(EXIT_VERDICT)


def _compared(card: Scorecard, baseline: Path | None, max_drop: float | None, fail_on_regression: bool,
              history: str | None) -> Scorecard:
    """The scorecard with its baseline comparison and its history trend, when asked for."""
    if baseline is not None:
        from readiness import baseline as baselines
        from readiness.reportfile import ReportError

        try:
            card = baselines.apply(card, baseline, str(baseline), max_drop, fail_on_regression)
        except ReportError as exc:
            _fail(f"--baseline: {exc}")
    if history is not None:
        from readiness import history as histories

        try:
            card = card.model_copy(update={"history": histories.trend(history, card)})
        except histories.HistoryError as exc:
            _fail(str(exc))
    return card


@app.command()
def inspect(
    files: Annotated[list[Path], typer.Argument(help="Evidence files to read.")],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
) -> None:
    """Show what readiness reads from each FILE: its kind, sha256 and facts (or why it cannot be read).

    Exits 1 when any file cannot be read or is not a recognised evidence format.
    """
    from readiness.evidence import read_evidence

    if fmt not in ("text", "json"):
        _fail(f"--format must be text or json, got {fmt!r}")
    absent = [str(f) for f in files if not f.is_file()]
    if absent:
        _fail(f"not a file: {', '.join(absent)}")
    records = [read_evidence(path, str(path), datetime.now(tz=UTC)) for path in files]
    if fmt == "json":
        from readiness.reporters.json_report import dumps

        _out(dumps([_inspected(r) for r in records]))
    else:
        for record in records:
            _out(_inspect_text(record))
    if any(r.status != "parsed" for r in records):
        raise typer.Exit(EXIT_VERDICT)


def _field(text: str) -> str:
    """Evidence text for one line of terminal output (textsafe.terminal)."""
    from readiness import textsafe

    return textsafe.terminal(text)


def _inspected(record: EvidenceFile) -> dict[str, object]:
    data = record.model_dump(mode="json")
    out: dict[str, object] = {"path": data["path"], "kind": data["kind"], "sha256": data["sha256"]}
    if data["status"] == "parsed":
        out["facts"] = data["facts"]
    else:
        out["error"] = data["reason"]
    out.update(size=data["size"], evidence_time=data["evidence_time"], time_source=data["time_source"],
               warnings=data["warnings"], details=data["details"])
    return out


def _inspect_text(record: EvidenceFile) -> str:
    from readiness.numbers import show

    lines = [_field(record.path), f"  kind: {record.kind or 'unknown'}   sha256: {record.sha256}",
             f"  time: {record.evidence_time:%Y-%m-%d %H:%M:%S} UTC (from {record.time_source})"]
    if record.status != "parsed":
        lines.append(f"  error: {_field(record.reason or '')}")
    lines += [f"  {_field(name)} = {_field(show(value))}" for name, value in record.facts.items()]
    lines += [f"  warning: {_field(w)}" for w in record.warnings]
    for failure in record.details.get("failures", [])[:10]:
        lines.append("  failed: " + _field(f"{failure.get('classname', '')} {failure.get('name', '')}: "
                                           f"{failure.get('message', '')}"))
    return "\n".join(lines) + "\n\n"


@app.command()
def facts() -> None:
    """List every fact name checks can use, with how values from several files combine."""
    from readiness.vocabulary import FAMILIES, VOCABULARY

    for family, prefixes in FAMILIES.items():
        _out(f"{family}:\n")
        for spec in VOCABULARY:
            if spec.name.startswith(prefixes):
                _out(f"  {spec.name:<34} {spec.merge:<8} {spec.description}\n")


# The adoption commands (validate, schema, init, checks, explain) live beside this module; registered here.
from readiness import commands  # noqa: E402

for _command in (commands.validate, commands.schema, commands.init, commands.checks, commands.explain):
    app.command()(_command)

# Commands over time and across services live in their own module; registered here, imported lazily inside.
from readiness import cli_trends  # noqa: E402

app.command()(cli_trends.history)
app.command()(cli_trends.diff)
app.command()(cli_trends.verify)
app.command()(cli_trends.fleet)


def main() -> None:
    """Console-script entry point: internal errors become one line and exit code 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _out("readiness: interrupted\n", err=True)
        sys.exit(130)
    except Exception as exc:
        if _state["debug"]:
            raise
        _out(f"readiness: internal error: {type(exc).__name__}: {_field(str(exc))} "
             "(rerun with --debug for details)\n", err=True)
        sys.exit(EXIT_INTERNAL)
