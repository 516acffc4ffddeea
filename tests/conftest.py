"""Shared fixtures: a migrated database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from core.persistence import db
from core.persistence.models import Base
from core.persistence.uow import UnitOfWork
from core.services.reference import load_reference

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Bangkok


def _pg_admin_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with reference data, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A private PostgreSQL database for this test run (concurrent runs never collide)."""
    admin_url = _pg_admin_url()
    if admin_url is None:
        yield None
        return
    name = f"rongrian_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path,
    pg_database: str | None,
) -> str:
    """A migrated database with reference data: SQLite, and PostgreSQL when configured."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    if pg_database is None:
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    engine = db.make_engine(pg_database)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
    engine.dispose()
    return pg_database


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_uow(engine: Engine) -> Callable[[], UnitOfWork]:
    """A factory of units of work on the test database."""
    sessions = db.make_session_factory(engine)
    return lambda: UnitOfWork(sessions)


@pytest.fixture
def now() -> datetime:
    """A fixed instant: Monday 2 March 2026, 09:00 Bangkok."""
    return NOW
