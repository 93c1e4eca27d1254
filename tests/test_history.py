"""History: runs recorded in SQLite and in a real PostgreSQL, read back, concurrent writers, the command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness import history
from readiness.packs import load_packs
from readiness.scorecard import Scorecard, score_folder
from tests import postgres
from tests.test_cli import JUNIT, NOW, ROOT, SCRIPT, run


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "h" / "history.db")
    url: str = request.getfixturevalue("pg_url")
    # A database per test keeps the shared cluster's tests apart.
    return _database(url, f"t{abs(hash(request.node.nodeid)) % 10**9}")


def _database(url: str, name: str) -> str:
    """A fresh database in the cluster for one test (CREATE DATABASE cannot run in a transaction)."""
    import psycopg

    host = url.split("host=", 1)[1]
    with psycopg.connect(host=host, user="readiness", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://readiness@/{name}?host={host}"


def card_for(folder: Path, now: str = NOW, service: str = "shop") -> Scorecard:
    from datetime import datetime

    when = datetime.fromisoformat(now.replace("Z", "+00:00"))
    return score_folder(load_packs(["service"]), folder, "evidence", ROOT / "examples" / "shop", "examples/shop",
                        now=when, service=service, commit="abc123")


def evidence(tmp_path: Path, body: str = JUNIT) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    (folder / "junit.xml").write_text(body)
    return folder


def test_round_trip_keeps_totals_categories_and_every_status(target: str, tmp_path: Path) -> None:
    card = card_for(evidence(tmp_path))
    run_id = history.record(target, card)
    [got] = history.runs(target)
    assert got.id == run_id and got.service == "shop" and got.commit == "abc123"
    assert got.total == card.total and got.grade == card.grade and got.gate_passed is card.gate.passed
    assert got.scored_at == card.generated_at
    assert got.categories == {c.id: c.score for c in card.categories}
    assert got.checks == {c.id: c.status for c in card.checks}
    assert got.pack_hash == history.pack_hash([p.sha256 for p in card.packs])


def test_runs_filter_by_service_and_keep_the_last_n_oldest_first(target: str, tmp_path: Path) -> None:
    folder = evidence(tmp_path)
    for day in (1, 3, 2):
        history.record(target, card_for(folder, f"2026-11-0{day}T10:00:00Z"))
    history.record(target, card_for(folder, service="cart"))
    shop = history.runs(target, service="shop")
    assert [r.scored_at.day for r in shop] == [1, 2, 3]
    assert [r.scored_at.day for r in history.runs(target, service="shop", limit=2)] == [2, 3]
    assert {r.service for r in history.runs(target)} == {"shop", "cart"}


def test_trend_records_this_run_and_returns_the_service_runs(target: str, tmp_path: Path) -> None:
    folder = evidence(tmp_path)
    history.record(target, card_for(folder, "2026-11-01T10:00:00Z"))
    empty = tmp_path / "empty"
    empty.mkdir()
    trend = history.trend(target, card_for(empty, "2026-11-02T10:00:00Z"))
    assert len(trend.points) == 2 and trend.points[-1].scored_at.day == 2
    assert trend.points[0].total > trend.points[1].total


def test_concurrent_writers_lose_nothing(target: str, tmp_path: Path) -> None:
    folder = evidence(tmp_path)
    writers = 6
    procs = [subprocess.Popen([str(SCRIPT), "score", str(folder), "--now", f"2026-11-0{n + 1}T10:00:00Z",
                               "--service", "shop", "--history", target, "-q", "-o", str(tmp_path / f"r{n}.json")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(writers)]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    found = history.runs(target, service="shop")
    assert len(found) == writers
    assert sorted(r.scored_at.day for r in found) == list(range(1, writers + 1))
    assert all(len(r.checks) == len(found[0].checks) > 0 for r in found)


def test_password_never_shown() -> None:
    assert history.shown("postgresql://ci:s3cret@db.example/readiness") == "postgresql://ci:***@db.example/readiness"
    assert "s3cret" not in history.shown("postgres://u:s3cret@h:5432/d")


@pytest.mark.parametrize("bad", ["mysql://u@h/d", "https://example.com/h.db"])
def test_unknown_url_scheme_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    done = run("score", str(evidence(tmp_path)), "--now", NOW, "--history", bad, "-q", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2 and "postgresql:// URL" in done.stderr and "Traceback" not in done.stderr


def test_unreachable_postgres_is_one_line_exit_2(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/x?host={tmp_path}"  # no server listens on this socket folder
    done = run("score", str(evidence(tmp_path)), "--now", NOW, "--history", url, "-q", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_history_command_lists_runs_and_trend(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    folder = evidence(tmp_path)
    assert run("score", str(folder), "--now", "2026-11-01T10:00:00Z", "--service", "shop", "--history", str(db),
               "-q", "-o", str(tmp_path / "a.md")).returncode == 0
    (folder / "junit.xml").unlink()
    run("score", str(folder), "--now", "2026-11-02T10:00:00Z", "--service", "shop", "--history", str(db),
        "-q", "-o", str(tmp_path / "b.md"))
    cards = history.runs(str(db))
    text = run("history", "--history", str(db)).stdout
    assert cards[0].total > cards[1].total == 0
    assert f"shop: 2 runs, {cards[0].total:.1f} \u2192 {cards[1].total:.1f}" in text
    assert "2026-11-01 10:00" in text and "2026-11-02 10:00" in text
    listed = json.loads(run("history", "--history", str(db), "-f", "json").stdout)
    assert [r["total"] for r in listed["services"][0]["runs"]] == [c.total for c in cards]
    md = run("history", "--history", str(db), "-f", "md").stdout
    assert "| Scored at (UTC) |" in md and md.count("| 2026-11-0") == 2


def test_history_command_without_a_history_says_how_to_make_one(tmp_path: Path) -> None:
    done = run("history", "--history", str(tmp_path / "none.db"))
    assert done.returncode == 2 and "readiness score EVIDENCE --history" in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_html_report_draws_the_trend_from_two_runs(tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    folder = evidence(tmp_path)
    run("score", str(folder), "--now", "2026-11-01T10:00:00Z", "--history", db, "-q", "-o", str(tmp_path / "1.html"))
    assert "<polyline" not in (tmp_path / "1.html").read_text()  # one run: no trend yet
    run("score", str(folder), "--now", "2026-11-02T10:00:00Z", "--history", db, "-q", "-o", str(tmp_path / "2.html"))
    page = (tmp_path / "2.html").read_text()
    assert page.count('class="trend-dot"') == 2 and "<polyline" in page and "History: 2 runs" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</figure>", 1)[0].replace("http://www.w3.org", "")


def test_runs_without_history_do_not_import_sqlalchemy(tmp_path: Path) -> None:
    folder = evidence(tmp_path)
    code = ("import sys; from readiness.cli import app\n"
            f"try:\n    app(['score', {str(folder)!r}, '--now', {NOW!r}, '-q', '-o', {str(tmp_path / 'r.json')!r}])\n"
            "except SystemExit:\n    pass\n"
            "print('sqlalchemy' in sys.modules, 'psycopg' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_history_command_reads_the_target_from_readiness_yaml(tmp_path: Path) -> None:
    evidence(tmp_path)
    (tmp_path / "readiness.yaml").write_text("service: shop\nevidence: evidence\nhistory: .readiness/runs.db\n")
    assert run("score", "--now", NOW, "-q", "-o", "r.json", cwd=tmp_path).returncode == 0
    assert (tmp_path / ".readiness" / "runs.db").is_file()
    listed = run("history", cwd=tmp_path)
    assert listed.returncode == 0 and "shop: 1 run" in listed.stdout and ".readiness/runs.db" in listed.stdout


@pytest.mark.parametrize("command", ["score", "history", "fleet"])
def test_an_empty_history_target_is_a_usage_error_not_no_history(tmp_path: Path, command: str) -> None:
    """`--history ""` (an unset CI variable) must not quietly record nothing or read another history."""
    args = {"score": ["score", str(evidence(tmp_path)), "--now", NOW, "-q", "-o", str(tmp_path / "r.md")],
            "history": ["history"], "fleet": ["fleet"]}[command]
    done = run(*args, "--history", "")
    assert done.returncode == 2 and "history target is empty" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.md").exists() and not (tmp_path / ".readiness").exists()


def test_an_empty_history_in_the_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "readiness.yaml").write_text('history: ""\n')
    done = run("score", str(evidence(tmp_path)), "--now", NOW, "-q", "--config", str(tmp_path / "readiness.yaml"),
               "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2 and "history target is empty" in done.stderr
