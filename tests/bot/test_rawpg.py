"""The webhook's statements sent through psycopg directly: same answers, same exceptions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from core.persistence import db, rawpg
from core.persistence.bot_store import BotStore, InflightMarkers, is_conflict, is_unavailable
from core.persistence.models import Conversation

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
USER = "U" + "d" * 32


def test_placeholders_become_the_drivers_and_a_percent_is_refused() -> None:
    clause = text("SELECT :a, x::text FROM t WHERE b = :b_2").columns()
    assert rawpg.driver_sql(clause) == "SELECT %(a)s, x::text FROM t WHERE b = %(b_2)s"
    with pytest.raises(ValueError):
        rawpg.driver_sql(text("SELECT 5 % 2"))


def test_a_naive_time_is_refused_as_the_column_type_refuses_it() -> None:
    with pytest.raises(ValueError):
        rawpg.driver_params({"now": datetime(2026, 3, 2, 10, 0)}, frozenset())


def test_driver_errors_come_back_as_sqlalchemys(make_uow, engine) -> None:
    """On PostgreSQL through the driver; on SQLite through SQLAlchemy: the same contract."""
    def run(connection, clause, params):
        if engine.dialect.name == "postgresql":
            return rawpg.execute(connection, clause, params)
        return connection.execute(clause, params)

    claim = text("INSERT INTO processed_events (event_id, received_at, status) "
                 "VALUES (:event_id, :received_at, 'done')")
    with make_uow() as uow:
        run(uow.session.connection(), claim, {"event_id": "E1", "received_at": NOW})
        with pytest.raises(IntegrityError) as raised:
            run(uow.session.connection(), claim, {"event_id": "E1", "received_at": NOW})
        assert is_conflict(raised.value)
        assert "[parameters" not in str(raised.value)  # hidden, as on every statement


def test_the_session_rolls_back_what_the_direct_statements_wrote(make_uow) -> None:
    with make_uow() as uow:
        chat, _ = BotStore(uow.session).claim_and_open("E1", USER, NOW)
        BotStore(uow.session).save_conversation(chat, "menu", {"ก": [1, None]}, NOW)
        uow.rollback()
    with make_uow() as uow:
        assert uow.session.get(Conversation, USER) is None  # rolled back with the session
        chat, created = BotStore(uow.session).claim_and_open("E1", USER, NOW)
        assert created
        uow.commit()


def test_no_server_means_unavailable_not_a_crash() -> None:
    engine = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    markers = InflightMarkers(engine)
    with pytest.raises(OperationalError) as raised:
        markers.take("U1", "E1", 1, NOW, NOW)
    assert is_unavailable(raised.value)
    engine.dispose()
