"""Engines, sessions and migrations."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the project's settings: SQLite in WAL with foreign keys; pooled PG."""
    # A failed statement's error quotes its parameters (names, phones, addresses): keep them
    # out of every message, and so out of every log and error page.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    kwargs.setdefault("pool_size", 5)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_use_lifo", True)  # the warm connection first: it needs no ping
    engine = create_engine(url, **kwargs)
    dialect = engine.dialect

    def ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        _ping_if_idle(dialect, dbapi_connection, record)

    event.listen(engine, "checkout", ping_if_idle)
    event.listen(engine, "checkin", _mark_idle)
    return engine


# Pre-ping, once per burst of use: a connection handed back less than PING_AFTER ago is
# handed out again without a ping (SQLAlchemy's pool_pre_ping pings on every checkout, and
# a webhook event checks out twice, ~0.1 ms of client CPU and a round trip each time). A
# server restart within that window surfaces on the first statement instead: SQLAlchemy
# sees the disconnect, replaces the pool's connections, and the request fails cleanly.
PING_AFTER = 1.0  # seconds


def _mark_idle(dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any) -> None:
    idle_since = record.info.pop("idle_since", None)
    if idle_since is not None and time.monotonic() - idle_since < PING_AFTER:
        return
    try:
        alive = dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        if not dialect.is_disconnect(error, dbapi_connection, None):
            raise
        alive = False
    if not alive:  # the pool replaces this connection and tries again
        raise exc.DisconnectionError("the database connection was closed")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


MIGRATION_LOCK_KEY = 0x726F6E67726961  # "rongria": one PostgreSQL advisory lock for upgrades


def upgrade(engine: Engine) -> None:
    """Apply every migration (safe to repeat, and to run twice at once)."""
    with migration_lock(engine), engine.begin() as connection:
        cfg = _alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock for schema and reference-data changes, so a second
    `rongrian db upgrade` waits for the first, then finds nothing to do (SQLite's BEGIN
    IMMEDIATE already serialises the migration's transaction)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                               {"key": MIGRATION_LOCK_KEY})


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def code_revisions() -> tuple[set[str], set[str]]:
    """(every migration revision this code knows, the newest ones: what `upgrade` brings a
    database to)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {r.revision for r in script.walk_revisions()}, set(script.get_heads())


def current_revisions(engine: Engine) -> set[str]:
    """The applied migration heads (empty when the database was never migrated)."""
    with engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        except Exception:  # noqa: BLE001 - no table yet means no revision
            return set()
        return {row[0] for row in rows}


def ping(engine: Engine) -> bool:
    """True when the database answers."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock at BEGIN so concurrent writers queue instead of failing mid-way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
