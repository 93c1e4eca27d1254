"""Commands that read reports and histories over time and across services: history, diff, verify and fleet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from readiness import cli  # defined before cli imports this module to register its commands
from readiness.cli import EXIT_CONFIG, EXIT_VERDICT, _field, _now, _out, _writable, load_config


def _fail(message: str, code: int = EXIT_CONFIG) -> NoReturn:
    """readiness's one-line error; messages here carry report and history text, so on one line."""
    cli._fail(_field(message), code)


def _emit(text: str, output: Path | None) -> None:
    if output is None:  # reporters escape each field; _out is the same last guard as readiness score's
        _out(text)
        return
    from readiness.reportfiles import OutputError, write_all

    _writable([output])
    try:
        write_all([(output, text)])  # atomic, and a symlink at the target is replaced, as for score -o
    except OutputError as exc:
        _fail(str(exc))


def _choose(fmt: str, allowed: tuple[str, ...], output: Path | None) -> str:
    if fmt == "auto":
        suffix = output.suffix.lower() if output else ""
        fmt = {".md": "md", ".json": "json", ".html": "html"}.get(suffix, "text")
        if fmt not in allowed:
            fmt = "text"
    if fmt not in allowed:
        _fail(f"--format must be one of {', '.join(allowed)}, got {fmt!r}")
    return fmt


FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", help="Output format. Default: from -o's extension, else text.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")]


ConfigOption = Annotated[Path | None, typer.Option(
    metavar="FILE", help="readiness.yaml to read the history target from. Default: ./readiness.yaml if present.")]


def _target(given: str | None, config: Path | None) -> str:
    """--history, else the config's history:, else the default SQLite file."""
    from readiness.history import DEFAULT_TARGET
    from readiness.settings import history_target

    if given is not None:  # as written, even empty (history() then says what is wrong with it)
        return given
    return history_target(load_config(config)) or DEFAULT_TARGET


def history(
    target: Annotated[str | None, typer.Option(
        "--history", metavar="TARGET",
        help="SQLite file or postgresql:// URL. Default: the config's history:, else .readiness/history.db.")] = None,
    config: ConfigOption = None,
    service: Annotated[str | None, typer.Option(metavar="NAME", help="Only this service's runs.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="The last N runs.")] = 20,
    fmt: FormatOption = "auto",
    output: OutputOption = None,
) -> None:
    """List the runs recorded in a history (score --history) and the trend of each service's total.

    Examples:\n
      readiness history\n
      readiness history --history .readiness/history.db --service checkout -f md
    """
    from readiness import history as histories
    from readiness.reporters import trends

    chosen = _choose(fmt, trends.FORMATS, output)
    target = _target(target, config)
    try:
        histories.refuse_empty(target)
    except histories.HistoryError as exc:
        _fail(str(exc))
    if "://" not in target and not Path(target).is_file():
        _fail(f"no history at {target}; record one with: readiness score EVIDENCE --history {target}")
    try:
        found = histories.runs(target, service=service, limit=limit)
    except histories.HistoryError as exc:
        _fail(str(exc))
    _emit(trends.render(found, histories.shown(target), chosen), output)


def diff(
    base: Annotated[Path, typer.Argument(metavar="BASE.json", help="The earlier JSON report.")],
    head: Annotated[Path, typer.Argument(metavar="HEAD.json", help="The later JSON report.")],
    fmt: FormatOption = "auto",
    output: OutputOption = None,
) -> None:
    """Show what changed between two JSON reports: total and category deltas, checks that changed status
    (with their fact values before and after), and evidence files that appeared, disappeared or changed.

    Examples:\n
      readiness diff main/report.json report.json\n
      readiness diff old.json new.json -f md -o changes.md
    """
    from readiness import reportfile
    from readiness.diff import compare
    from readiness.reporters import changes

    chosen = _choose(fmt, changes.FORMATS, output)
    try:
        (old, old_sha), (new, new_sha) = reportfile.load(base), reportfile.load(head)
    except reportfile.ReportError as exc:
        _fail(str(exc))
    _emit(changes.render(compare(old, new, old_sha, new_sha), chosen), output)


def verify(
    report: Annotated[Path, typer.Argument(metavar="REPORT.json", help="A JSON report written by score.")],
    evidence: Annotated[Path | None, typer.Option(
        metavar="DIR", help="The evidence folder. Default: the one the report records.")] = None,
    checks: Annotated[list[str] | None, typer.Option(
        "--checks", "-c", metavar="PACK", help="Packs to verify with. Default: the ones the report records.")] = None,
    root: Annotated[Path | None, typer.Option(
        metavar="DIR", help="Where documents and runbooks are. Default: the root the report records.")] = None,
    config: Annotated[Path | None, typer.Option(
        metavar="FILE", help="The readiness.yaml whose waivers applied. Default: ./readiness.yaml if present.")] = None,
) -> None:
    """Re-score what a JSON report recorded (its time, packs and evidence) and check the report still says so.

    Exits 0 when it matches; 1 naming each difference (a changed, missing or new evidence file, a different
    pack, a report edited by hand); 2 when it cannot run.

    Examples:\n
      readiness verify report.json\n
      readiness verify artifacts/report.json --evidence build/reports --root .
    """
    from readiness.verify import VerifyError
    from readiness.verify import verify as run

    loaded = load_config(config)
    try:
        found = run(report, evidence, checks or None, root, loaded)
    except VerifyError as exc:
        _fail(str(exc))
    safe_name = _field(str(report))
    for note in found.not_checked:
        _out(f"note: {_field(note)}\n", err=True)
    if not found.differences:
        _out(f"verified: {safe_name} is what its {found.files} evidence files, packs and time give\n")
        return
    _out(f"{safe_name} does not match its evidence:\n")
    for line in found.differences:
        _out(f"  - {_field(line)}\n")
    raise typer.Exit(EXIT_VERDICT)


def fleet(
    reports: Annotated[list[Path] | None, typer.Argument(
        metavar="REPORTS...|DIR", help="JSON report files, or folders searched for *.json.")] = None,
    history: Annotated[str | None, typer.Option(
        "--history", metavar="TARGET", help="Read each service's latest run from a history instead.")] = None,
    fmt: FormatOption = "auto",
    output: OutputOption = None,
    now: Annotated[str | None, typer.Option(metavar="TIME", help="The time report ages are measured at.")] = None,
) -> None:
    """One table of services from their JSON reports: total, grade, each category, gate, evidence share,
    oldest evidence and report age; gate failures first, then the lowest totals. Files that are not
    readable reports are listed, never fatal.

    Examples:\n
      readiness fleet reports/\n
      readiness fleet reports/ -o fleet.html\n
      readiness fleet a/report.json b/report.json -f md\n
      readiness fleet --history postgresql://ci@db/readiness -o fleet.html
    """
    from readiness import fleet as fleets
    from readiness.history import HistoryError
    from readiness.reporters import fleet_report

    chosen = _choose(fmt, fleet_report.FORMATS, output)
    if bool(reports) == (history is not None):
        _fail("give report files or folders, or --history TARGET (one of the two)")
    if history is not None:
        try:
            found = fleets.from_history(history, _now(now))
        except HistoryError as exc:
            _fail(str(exc))
    else:
        missing = [str(p) for p in reports or [] if not p.exists()]
        if missing:
            _fail(f"not found: {', '.join(missing)}")
        found = fleets.collect(reports or [], _now(now))
    _emit(fleet_report.render(found, chosen), output)
