"""The database goes away and comes back: /healthz says 503, then recovers by itself."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rongrian.runtime import Runtime
from rongrian.web import create_app


@pytest.fixture
def app_and_admin(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL to stop and start connections")
    runtime = Runtime.from_env({"DATABASE_URL": database_url,
                                "RONGRIAN_INSTANCE": str(tmp_path / "instance")})
    admin = create_engine(make_url(database_url).set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    name = make_url(database_url).database
    yield create_app(runtime), admin, name
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()
    runtime.close()


def _set_down(admin, name: str, down: bool) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not down)}'))
        if down:
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})


@pytest.mark.postgres
def test_healthz_fails_cleanly_then_recovers_without_restart(app_and_admin):
    app, admin, name = app_and_admin
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    _set_down(admin, name, down=True)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"Traceback" not in response.data
    _set_down(admin, name, down=False)
    assert client.get("/healthz").status_code == 200
