"""Score history: each run's total, category scores and check statuses, kept in SQLite or PostgreSQL.

One SQLAlchemy Core schema serves both databases. SQLAlchemy (and the PostgreSQL driver) are imported
only when a history is used, so runs without one do not pay for them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, MetaData, Table

    from readiness.scorecard import Scorecard

DEFAULT_TARGET = ".readiness/history.db"
HISTORY_SCHEMA = 1  # bump with a migration note in docs/history.md when the tables change
_PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
_LOCK_KEY = 0x7265616479  # 'ready': serialises schema creation on PostgreSQL


class HistoryError(Exception):
    """A history target that cannot be opened, read or written; the message is one line."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HistoryRun(_Record):
    """One recorded run of one service."""

    id: int
    service: str
    commit: str | None
    scored_at: datetime
    total: float
    grade: str
    gate_configured: bool
    gate_passed: bool
    evidence_share: float
    pack_hash: str
    categories: dict[str, float | None] = Field(default_factory=dict)
    titles: dict[str, str] = Field(default_factory=dict, description="category id -> title")
    checks: dict[str, str] = Field(default_factory=dict, description="check id -> status")


class TrendPoint(_Record):
    """One run in a trend."""

    scored_at: datetime
    total: float
    grade: str
    commit: str | None


class Trend(_Record):
    """The service's recent runs from the history, oldest first, this run last."""

    target: str = Field(description="where the history is kept; a URL's password is masked")
    service: str
    points: list[TrendPoint]


def pack_hash(shas: Sequence[str]) -> str:
    """One hash for the set of packs a run used (order-independent)."""
    return hashlib.sha256("\n".join(sorted(shas)).encode()).hexdigest()


def shown(target: str) -> str:
    """The target as it may appear in a report or log: a URL's password is never shown."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", target)


def refuse_empty(target: str) -> None:
    """HistoryError for an empty target (an unset CI variable), which must not mean "no history"."""
    if not target.strip():
        raise HistoryError(f"history target is empty: give a SQLite file path (such as {DEFAULT_TARGET}) or a "
                           "postgresql:// URL")


def _url(target: str) -> str:
    refuse_empty(target)
    if target.startswith(_PG_SCHEMES):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target):
        raise HistoryError(f"history target {shown(target)!r}: use a SQLite file path or a postgresql:// URL")
    path = Path(target)
    if path.is_dir():
        raise HistoryError(f"history target {target} is a folder; give a file such as {DEFAULT_TARGET}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(f"cannot create the folder for history {target}: {exc.strerror}") from None
    return f"sqlite:///{path.resolve()}"


def _tables() -> tuple[MetaData, Table, Table, Table, Table]:
    from sqlalchemy import (
        Boolean,
        Column,
        DateTime,
        Float,
        ForeignKey,
        Integer,
        MetaData,
        String,
        Table,
    )

    meta = MetaData()
    about = Table("readiness_meta", meta, Column("schema_version", Integer, nullable=False))
    runs = Table(
        "readiness_runs", meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("service", String(200), nullable=False, index=True),
        Column("commit", String(100)),
        Column("scored_at", DateTime(timezone=True), nullable=False),
        Column("total", Float, nullable=False),
        Column("grade", String(4), nullable=False),
        Column("gate_configured", Boolean, nullable=False),
        Column("gate_passed", Boolean, nullable=False),
        Column("evidence_share", Float, nullable=False),
        Column("pack_hash", String(64), nullable=False),
        Column("schema_version", Integer, nullable=False),
        Column("tool_version", String(40), nullable=False),
    )
    categories = Table(
        "readiness_categories", meta,
        Column("run_id", Integer, ForeignKey("readiness_runs.id"), primary_key=True),
        Column("category", String(100), primary_key=True),
        Column("title", String(200), nullable=False),
        Column("score", Float),
    )
    checks = Table(
        "readiness_checks", meta,
        Column("run_id", Integer, ForeignKey("readiness_runs.id"), primary_key=True),
        Column("check_id", String(200), primary_key=True),
        Column("category", String(100), nullable=False),
        Column("status", String(32), nullable=False),
        Column("points", Float, nullable=False),
        Column("max_points", Float, nullable=False),
    )
    return meta, about, runs, categories, checks


def _engine(target: str) -> Engine:
    try:
        from sqlalchemy import create_engine, event
    except ImportError:
        raise HistoryError("history needs SQLAlchemy: pip install 'readiness'") from None
    url = _url(target)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        # pysqlite's own transaction handling defers BEGIN; take the write lock up front instead, so
        # concurrent writers queue on the busy timeout rather than fail on a lock upgrade.
        @event.listens_for(engine, "connect")
        def _no_implicit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _immediate(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise HistoryError("a PostgreSQL history needs psycopg: pip install 'readiness[postgres]'") from None
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def _open(target: str) -> Iterator[tuple[Connection, Table, Table, Table]]:
    from sqlalchemy import insert, select, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(target)
    meta, about, runs, categories, checks = _tables()
    try:
        # Schema creation in its own short transaction: concurrent first runs on PostgreSQL queue on
        # an advisory lock instead of racing on CREATE TABLE; the run itself then takes no global lock.
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            meta.create_all(conn, checkfirst=True)
            versions = list(conn.execute(select(about.c.schema_version)).scalars())
            if not versions:
                conn.execute(insert(about), [{"schema_version": HISTORY_SCHEMA}])
            elif versions[0] != HISTORY_SCHEMA:
                raise HistoryError(f"history {shown(target)} has schema version {versions[0]}; this readiness "
                                   f"reads version {HISTORY_SCHEMA} (see docs/history.md)")
        with engine.begin() as conn:
            yield conn, runs, categories, checks
    except SQLAlchemyError as exc:
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise HistoryError(f"history {shown(target)}: {message}") from None
    finally:
        engine.dispose()


def record(target: str, card: Scorecard) -> int:
    """Add one run to the history; returns its id. The whole run is one transaction."""
    with _open(target) as (conn, runs_t, categories_t, checks_t):
        return _insert(conn, runs_t, categories_t, checks_t, card)


def _insert(conn: Connection, runs: Table, categories: Table, checks: Table, card: Scorecard) -> int:
    """One run: its row, its category scores and its check statuses."""
    from sqlalchemy import insert

    run_id = conn.execute(insert(runs).returning(runs.c.id), [{
        "service": card.service or "", "commit": card.commit, "scored_at": card.generated_at,
        "total": card.total, "grade": card.grade, "gate_passed": card.gate.passed,
        "gate_configured": card.gate.configured,
        "evidence_share": card.evidence_share, "pack_hash": pack_hash([p.sha256 for p in card.packs]),
        "schema_version": card.schema_version, "tool_version": card.tool_version,
    }]).scalar_one()
    conn.execute(insert(categories), [
        {"run_id": run_id, "category": c.id, "title": c.title, "score": c.score} for c in card.categories])
    conn.execute(insert(checks), [
        {"run_id": run_id, "check_id": c.id, "category": c.category, "status": c.status,
         "points": c.points, "max_points": c.max_points} for c in card.checks])
    return int(run_id)


def runs(target: str, service: str | None = None, limit: int | None = None) -> list[HistoryRun]:
    """Recorded runs, oldest first; the last `limit` of them when given."""
    with _open(target) as (conn, runs_t, categories_t, checks_t):
        return _recent(conn, runs_t, categories_t, checks_t, service, limit)


def _recent(conn: Connection, runs_t: Table, categories_t: Table, checks_t: Table | None, service: str | None,
            limit: int | None) -> list[HistoryRun]:
    from sqlalchemy import select

    query = select(runs_t).order_by(runs_t.c.scored_at.desc(), runs_t.c.id.desc())
    if service is not None:
        query = query.where(runs_t.c.service == service)
    if limit is not None:
        query = query.limit(limit)
    return _complete(conn, list(conn.execute(query).mappings()), categories_t, checks_t)[::-1]


def latest(target: str) -> list[HistoryRun]:
    """Each service's most recent run (the fleet view from a history), by service name."""
    from sqlalchemy import func, select

    with _open(target) as (conn, runs_t, categories_t, _checks):
        rank = func.row_number().over(partition_by=runs_t.c.service,
                                      order_by=(runs_t.c.scored_at.desc(), runs_t.c.id.desc())).label("rank")
        ranked = select(runs_t, rank).subquery()
        query = select(*(ranked.c[c.name] for c in runs_t.columns)).where(ranked.c.rank == 1)
        rows = list(conn.execute(query.order_by(ranked.c.service)).mappings())
        return _complete(conn, rows, categories_t, None)


def _complete(conn: Connection, rows: list[Any], categories_t: Table, checks_t: Table | None) -> list[HistoryRun]:
    """HistoryRun records for run rows, with their category scores (and check statuses when asked)."""
    from sqlalchemy import select

    ids = [row["id"] for row in rows]
    scores: dict[int, dict[str, float | None]] = {i: {} for i in ids}
    titles: dict[int, dict[str, str]] = {i: {} for i in ids}
    statuses: dict[int, dict[str, str]] = {i: {} for i in ids}
    for chunk in (ids[n:n + 500] for n in range(0, len(ids), 500)):
        for row in conn.execute(select(categories_t).where(categories_t.c.run_id.in_(chunk))).mappings():
            scores[row["run_id"]][row["category"]] = row["score"]
            titles[row["run_id"]][row["category"]] = row["title"]
        if checks_t is not None:
            for row in conn.execute(select(checks_t).where(checks_t.c.run_id.in_(chunk))).mappings():
                statuses[row["run_id"]][row["check_id"]] = row["status"]
    return [HistoryRun(
        id=row["id"], service=row["service"], commit=row["commit"], scored_at=_utc(row["scored_at"]),
        total=row["total"], grade=row["grade"], gate_passed=row["gate_passed"],
        gate_configured=row["gate_configured"], evidence_share=row["evidence_share"], pack_hash=row["pack_hash"],
        categories=scores[row["id"]], titles=titles[row["id"]], checks=statuses[row["id"]]) for row in rows]


def trend(target: str, card: Scorecard, keep: int = 30) -> Trend:
    """Record this run, then the service's last `keep` runs as a trend: one connection and transaction,
    without the check statuses a trend does not show."""
    with _open(target) as (conn, runs_t, categories_t, checks_t):
        _insert(conn, runs_t, categories_t, checks_t, card)
        recent = _recent(conn, runs_t, categories_t, None, card.service or "", keep)
    return Trend(target=shown(target), service=card.service or "", points=[
        TrendPoint(scored_at=r.scored_at, total=r.total, grade=r.grade, commit=r.commit) for r in recent])


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time readiness stores is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
