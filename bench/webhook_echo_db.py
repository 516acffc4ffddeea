"""A second baseline for the load test: the SDK's echo bot that also remembers each event.

The same app as bench/webhook_echo.py, plus what any bot that survives LINE's redelivery
must do at the least: record the `webhookEventId` in the database before replying (one
autocommit INSERT … ON CONFLICT DO NOTHING on a pooled SQLAlchemy connection), and not
reply to an event it has seen. It shows what one database round trip per event costs on
the same two cores, beside the echo bot and rongrian (gunicorn: `bench.webhook_echo_db:create()`).
"""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import create_engine, text

from bench.webhook_echo import build

SEEN = text("INSERT INTO echo_seen (event_id) VALUES (:id) ON CONFLICT DO NOTHING "
            "RETURNING event_id")


def prepare(url: str) -> None:
    """Create its one table (before gunicorn starts the workers)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS echo_seen"))
        connection.execute(text("CREATE TABLE echo_seen (event_id text PRIMARY KEY)"))
    engine.dispose()


def create() -> Flask:
    """The remembering echo bot (keys and DATABASE_URL from the environment)."""
    engine = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")

    def first_time(event_id: str) -> bool:
        with engine.connect() as connection:
            return connection.execute(SEEN, {"id": event_id}).first() is not None

    return build(first_time)
