"""Migrations that move data: down to the revision before, rows written, up again."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, inspect, text

from core.persistence import db

QUEUED = datetime(2027, 10, 6, 3, 0, tzinfo=UTC)


def _migrate(engine: Engine, revision: str, down: bool = False) -> None:
    with engine.begin() as connection:
        cfg = db._alembic_config()
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def _outbox_row(engine: Engine, key: str, status: str, attempts: int) -> None:
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO outbox (dedupe_key, \"to\", audience, kind, messages, retry_key, "
            "status, attempts, next_attempt_at, created_at) VALUES (:key, :to, 'staff', "
            "'test', '[]', :retry, :status, :attempts, :at, :at)"),
            {"key": key, "to": "U" + "1" * 32, "retry": key.ljust(36, "0"),
             "status": status, "attempts": attempts, "at": QUEUED.replace(tzinfo=None)})


def test_outbox_first_try_is_backfilled_for_rows_already_tried(engine):
    _migrate(engine, "0006_kpi_closed_date", down=True)
    try:
        assert "first_tried_at" not in {c["name"] for c in inspect(engine).get_columns("outbox")}
        _outbox_row(engine, "never-tried", "pending", 0)
        _outbox_row(engine, "retrying", "pending", 3)
        _outbox_row(engine, "in-flight", "sending", 0)
        _outbox_row(engine, "gave-up", "dead", 30)
    finally:
        _migrate(engine, "heads")
    with engine.connect() as connection:
        rows = dict(connection.execute(text(
            "SELECT dedupe_key, first_tried_at FROM outbox")).all())
    assert rows["never-tried"] is None
    assert {k for k, v in rows.items() if v is not None} == {"retrying", "in-flight", "gave-up"}
    _migrate(engine, "0006_kpi_closed_date", down=True)
    _migrate(engine, "heads")
    assert "first_tried_at" in {c["name"] for c in inspect(engine).get_columns("outbox")}


def test_in_flight_markers_leave_kv_for_a_table_of_their_own(engine):
    _migrate(engine, "0007_outbox_first_try", down=True)
    try:
        with engine.begin() as connection:
            for key in ("inflight:U1", "monthly:2026-10"):
                connection.execute(text(
                    "INSERT INTO kv (key, value, updated_at) VALUES (:key, '{}', :at)"),
                    {"key": key, "at": QUEUED.replace(tzinfo=None)})
    finally:
        _migrate(engine, "heads")
    with engine.connect() as connection:
        assert [k for (k,) in connection.execute(text("SELECT key FROM kv"))] == [
            "monthly:2026-10"]
        if engine.dialect.name == "postgresql":  # a hint only: no WAL, empty after a crash
            assert connection.execute(text(
                "SELECT relpersistence FROM pg_class WHERE relname = 'inflight'")
            ).scalar() == "u"


def _name_indexes(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases'"
        else:
            query = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'cases'"
        return {name: sql for name, sql in connection.exec_driver_sql(query)
                if name in ("ix_cases_first_name", "ix_cases_last_name")}


def test_name_indexes_carry_both_names_and_pattern_ops_and_give_them_back(engine):
    _migrate(engine, "0008_inflight_markers", down=True)
    try:
        before = _name_indexes(engine)
        assert len(before) == 2 and not any("last_name" in d and "first_name" in d
                                            for d in before.values())
    finally:
        _migrate(engine, "heads")
    after = _name_indexes(engine)
    assert re.search(r"\(first_name[^,]*, last_name", after["ix_cases_first_name"]), after
    assert re.search(r"\(last_name[^,]*, first_name", after["ix_cases_last_name"]), after
    if engine.dialect.name == "postgresql":  # a prefix LIKE uses them under any collation
        assert all(d.count("varchar_pattern_ops") == 2 for d in after.values()), after
