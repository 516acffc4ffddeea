"""The PostgreSQL engine's pre-ping: a connection idle for a while is pinged before use
(a server-side disconnect is healed without an error); one handed back moments ago is
not (a disconnect then fails one statement, and the pool heals for the next)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import make_url

from core.persistence import db

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_database):
    if pg_database is None:
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    admin = create_engine(make_url(pg_database), isolation_level="AUTOCOMMIT")
    engine = db.make_engine(pg_database, pool_size=1, max_overflow=0)
    yield engine, admin
    engine.dispose()
    admin.dispose()


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def _kill(admin, pid: int) -> None:
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})


def test_an_idle_connection_closed_by_the_server_is_replaced_before_use(pg, monkeypatch):
    engine, admin = pg
    monkeypatch.setattr(db, "PING_AFTER", 0.0)  # every checkout counts as idle
    first = _backend(engine)
    _kill(admin, first)
    second = _backend(engine)  # no error: the ping found the dead connection
    assert second != first


def test_a_connection_handed_back_moments_ago_is_used_without_a_ping(pg, monkeypatch):
    engine, admin = pg
    monkeypatch.setattr(db, "PING_AFTER", 3600.0)
    first = _backend(engine)
    _kill(admin, first)
    with pytest.raises(exc.DBAPIError) as raised:  # not pinged: the statement meets it
        _backend(engine)
    assert raised.value.connection_invalidated
    assert _backend(engine) != first  # and the pool has healed for the next request
