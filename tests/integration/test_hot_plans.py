"""PostgreSQL plans of the webhook's per-event statements on a brand-new database.

A new deployment (and the load test's fresh database) has tables that were never analysed.
There, PostgreSQL ran the order gate's "was the marked event processed?" EXISTS, inside an
OR, as a hashed SubPlan: every event read every processed event into a hash (seen in the
load test as a sequential scan of processed_events per event and the database's CPU
growing with the table). These tests read the plans where that happens.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from core.persistence import db, rawpg
from core.persistence.bot_store import _quick_write, _statements

pytestmark = pytest.mark.postgres

PROCESSED = 500  # a young table, never analysed: where the hash was chosen


@pytest.fixture(scope="module")
def fresh() -> Iterator[psycopg.Connection]:
    """A new migrated database whose tables have no statistics, with processed events."""
    admin_url = os.environ.get("TEST_DATABASE_URL", "")
    if not admin_url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    name = f"rongrian_plans_{uuid.uuid4().hex[:10]}"
    admin = make_url(admin_url).set(drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name)
    engine = db.make_engine(url.render_as_string(hide_password=False))
    db.upgrade(engine)
    engine.dispose()
    target = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(target, autocommit=True) as connection:
            connection.execute("ALTER TABLE processed_events SET (autovacuum_enabled = off)")
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO processed_events (event_id, received_at, status) "
                    "VALUES (%s, now(), 'done')",
                    [(f"E{n:08d}",) for n in range(PROCESSED)])
            yield connection
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _plan(connection: psycopg.Connection, sql: str, params: dict) -> str:
    rows = connection.execute("EXPLAIN " + sql, params).fetchall()
    return "\n".join(row[0] for row in rows)


MARKER = {"user": "U" + "a" * 32, "event_id": "E-new", "sent_ms": 1, "at_ms": 1,
          "stale_ms": 0}


def test_the_order_gate_looks_up_one_processed_event(fresh: psycopg.Connection) -> None:
    sql = rawpg.driver_sql(_statements().marker)
    plan = _plan(fresh, sql, MARKER)
    assert "processed_events" in plan
    assert "hashed SubPlan" not in plan
    assert "Seq Scan on processed_events" not in plan


def test_the_hazard_is_present_here(fresh: psycopg.Connection) -> None:
    """The control: the same question asked with EXISTS is hashed on this database, so the
    test above reads plans where the old statement went wrong."""
    sql = rawpg.driver_sql(_statements().marker)
    scalar = "(SELECT true FROM processed_events p WHERE p.event_id = inflight.event_id)"
    assert scalar in sql
    exists = sql.replace(scalar, "EXISTS (SELECT 1 FROM processed_events p "
                                 "WHERE p.event_id = inflight.event_id)")
    assert "hashed SubPlan" in _plan(fresh, exists, MARKER)


def test_the_claim_and_the_save_use_keys(fresh: psycopg.Connection) -> None:
    """The two other statements of every event: no table read whole."""
    sql = _statements()
    claim = _plan(fresh, rawpg.driver_sql(sql.claim_lock),
                  {"event_id": "E-new", "received_at": "2026-03-02T02:00:00Z",
                   "id": "U" + "a" * 32})
    save = _plan(fresh, rawpg.driver_sql(sql.save_guard), {
        "id": "U" + "a" * 32, "state": "menu", "data": "{}", "now": "2026-03-02T02:00:00Z",
        "version": 1, "next": 2, "dedupe_key": "reply:E-new", "to": "U" + "a" * 32,
        "audience": "reply", "kind": "reply", "case_id": None, "messages": "[]",
        "retry_key": "r", "status": "pending", "attempts": 0,
        "next_attempt_at": "2026-03-02T02:00:00Z", "created_at": "2026-03-02T02:00:00Z"})
    for plan in (claim, save):
        assert "Seq Scan" not in plan and "hashed SubPlan" not in plan, plan


def test_the_quick_path_uses_keys(fresh: psycopg.Connection) -> None:
    """An event of the quick path: the marker taken with the read, then the one-statement
    write (conversation saved or created, claim, guard, follower) in each of its forms: no
    table read whole, no hashed SubPlan."""
    sql = _statements()
    take_read = _plan(fresh, rawpg.driver_sql(sql.quick_take_read),
                      {**MARKER, "id": MARKER["user"]})
    read = _plan(fresh, rawpg.driver_sql(sql.quick_read),
                 {"event_id": "E-new", "id": MARKER["user"]})
    at = "2026-03-02T02:00:00Z"
    values = {"id": MARKER["user"], "state": "menu", "data": "{}", "now": at, "version": 1,
              "next": 2, "event_id": "E-new", "received_at": at, "dedupe_key": "reply:E-new",
              "to": MARKER["user"], "audience": "reply", "kind": "reply", "case_id": None,
              "messages": "[]", "retry_key": "r", "status": "pending", "attempts": 0,
              "next_attempt_at": at, "created_at": at, "following": True,
              "followed_at": at, "blocked_at": None, "consent_version": "1",
              "consented_at": at}
    writes = [_plan(fresh, rawpg.driver_sql(_quick_write(new, guard, follower)), values)
              for new in (False, True) for guard in (False, True)
              for follower in (None, "follow", "consent")]
    assert "processed_events" in take_read and "inflight" in take_read
    assert sum("line_followers" in plan for plan in writes) == 8
    for plan in (take_read, read, *writes):
        assert "Seq Scan" not in plan and "hashed SubPlan" not in plan, plan
