"""Two `rongrian db upgrade` started together on a fresh PostgreSQL database both succeed."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.persistence import db

pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh_pg(pg_database, tmp_path):
    """An empty PostgreSQL database, dropped afterwards."""
    if pg_database is None:
        pytest.skip("TEST_DATABASE_URL does not name a PostgreSQL database")
    name = f"rongrian_race_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(pg_database), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_database).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_two_upgrades_at_once_both_succeed(fresh_pg, tmp_path):
    rongrian = str(Path(sys.executable).parent / "rongrian")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "RONGRIAN_"))}
    env.update(DATABASE_URL=fresh_pg, RONGRIAN_INSTANCE=str(tmp_path / "instance"))
    runs = [subprocess.Popen([rongrian, "db", "upgrade"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    assert results == [(0, ""), (0, "")]
    engine = db.make_engine(fresh_pg)
    try:
        assert db.current_revisions(engine) == db.code_revisions()[1]
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM units")) > 0
    finally:
        engine.dispose()
