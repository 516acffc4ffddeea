"""Synthetic cases in bulk for benchmarks: invented people, realistic dates, 1M rows fast."""

from __future__ import annotations

import io
import os
import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from core.domain.calendar import WorkCalendar
from core.domain.clock import end_of_day
from core.persistence import db
from core.persistence.models import Case, Milestone
from core.persistence.uow import UnitOfWork
from core.services.reference import load_reference

CATEGORIES = ("medical", "sickness_invalidity_death", "maternity_child", "old_age",
              "unemployment", "contributions", "employer", "work_injury", "staff_service",
              "online_services", "corruption", "other")
CHANNELS = ("line", "phone", "hotline_1506", "walk_in", "letter", "website", "email")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def engines(name: str) -> dict[str, str]:
    """Database URLs to benchmark: SQLite always, PostgreSQL when it answers."""
    urls = {"sqlite": f"sqlite:////tmp/rongrian-bench-{name}.db"}
    admin_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "TEST_DATABASE_URL") or PG_ADMIN
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": f"bench_{name}"})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "bench_{name}"'))
        admin.dispose()
        urls["postgres"] = make_url(admin_url).set(database=f"bench_{name}").render_as_string(
            hide_password=False)
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: SQLite only
        print(f"  (PostgreSQL skipped: {type(exc).__name__})")
    return urls


def prepare(url: str, n: int, *, milestones: bool = False, seed: int = 7) -> Engine:
    """A migrated database holding exactly n synthetic cases (reused when already there)."""
    engine = db.make_engine(url)
    db.upgrade(engine)
    with engine.connect() as connection:
        have = connection.scalar(select(func.count()).select_from(Case))
        have_ms = connection.scalar(select(func.count()).select_from(Milestone))
    if have == n and bool(have_ms) == milestones:
        return engine
    with engine.begin() as connection:
        connection.execute(Milestone.__table__.delete())
        connection.execute(text("DELETE FROM case_events"))
        connection.execute(Case.__table__.delete())
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
        units = [u.code for u in uow.reference.units()]
        hospitals = [h.id for h in uow.reference.hospitals()]
    rows = list(_rows(n, units, hospitals, random.Random(seed)))
    _insert(engine, Case.__table__, rows)
    if milestones:
        _insert(engine, Milestone.__table__, list(_milestones(rows)))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return engine


def _rows(n: int, units: list[str], hospitals: list[str], rng: random.Random):
    calendar = WorkCalendar.for_years(2024, 2028)
    start = date(2025, 1, 1)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    deadlines: dict[date, date] = {}
    for i in range(1, n + 1):
        received_date = start + timedelta(days=rng.randrange(0, 670))
        received_at = datetime(received_date.year, received_date.month, received_date.day,
                               rng.randrange(1, 12), rng.randrange(60), tzinfo=UTC)
        due = deadlines.get(received_date) or deadlines.setdefault(
            received_date, calendar.deadline(received_date, 25))
        closed_at = None
        if rng.random() < 0.85:
            closed_at = received_at + timedelta(days=rng.expovariate(1 / 20))
            if closed_at > now:
                closed_at = None
        category = rng.choice(CATEGORIES)
        yield {
            "id": i, "tracking_no": f"{received_date.year + 543}-{i:07d}",
            "channel": rng.choice(CHANNELS),
            "status": "closed" if closed_at else rng.choice(("new", "contacted", "in_progress")),
            "complexity": "complex" if rng.random() < 0.2 else "simple",
            "is_formal": rng.random() > 0.03, "category": category,
            "suggested_category": category, "description": "ข้อร้องเรียนทดสอบประสิทธิภาพ",
            "hospital_id": rng.choice(hospitals) if category == "medical" else None,
            "hospital_text": None, "unit_code": rng.choice(units), "title": "นาย",
            "first_name": f"ทดสอบ{i % 997}", "last_name": f"สมมุติ{i % 991}",
            "address": "99 ถนนทดสอบ", "province_code": "20", "district_code": None,
            "phone": f"08{rng.randrange(10**8):08d}", "line_user_id": None,
            "consent_version": None, "consented_at": None,
            "received_at": received_at, "received_date": received_date,
            "contact_due_at": received_at + timedelta(hours=36), "due_date": due,
            "contacted_at": None, "outcome": rng.choice((1, 1, 1, 2, 3)) if closed_at else None,
            "outcome_explanation": None, "closed_at": closed_at,
            "closed_date": (closed_at + timedelta(hours=7)).date() if closed_at else None,
            "kpi_closed_date": (closed_at + timedelta(hours=7)).date() if closed_at else None,
            "anonymised_at": None, "created_at": received_at, "updated_at": received_at,
            "version": 1,
        }


def _milestones(rows: list[dict]):
    ident = 0
    for row in rows:
        met = row["closed_at"]
        for kind, due_at, due_date in (
            ("contact", row["contact_due_at"], None),
            ("final", end_of_day(row["due_date"]), row["due_date"]),
        ):
            ident += 1
            yield {"id": ident, "case_id": row["id"], "kind": kind, "seq": 0, "due_at": due_at,
                   "due_date": due_date, "met_at": met}


def _insert(engine: Engine, table, rows: list[dict], batch: int = 20_000) -> None:
    if engine.dialect.name == "postgresql":
        _copy(engine, table, rows)
        return
    with engine.begin() as connection:
        for offset in range(0, len(rows), batch):
            connection.execute(insert(table), rows[offset:offset + batch])


def _copy(engine: Engine, table, rows: list[dict]) -> None:
    columns = list(rows[0])
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        names = ", ".join(columns)
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        raw.commit()
        if "id" in columns:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                           f"(SELECT max(id) FROM {table.name}))")
            raw.commit()
    finally:
        raw.close()


__all__ = ["engines", "prepare", "io"]
