"""A database that refuses new cases, and the text of every captured log record."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine

FIRST, LAST = "ทดลองล้ม", "สกุลสมมุติ"
PHONE_TYPED, PHONE = "081-555-0199", "0815550199"
ADDRESS = "12 หมู่ 4 ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000"
DESCRIPTION = "นายจ้างหักเงินสมทบแต่ไม่นำส่งมาสามเดือน"
SECRETS = (FIRST, LAST, PHONE, "555-0199", "บ้านสวน", DESCRIPTION)


def capture_everything(caplog: pytest.LogCaptureFixture) -> None:
    """Capture every record down to DEBUG (SQLAlchemy's SQL echo stays off, as deployed)."""
    caplog.set_level(logging.WARNING, logger="sqlalchemy")
    caplog.set_level(logging.DEBUG)  # last: it sets the capturing handler's level too


@contextmanager
def refusing_cases(engine: Engine) -> Iterator[None]:
    """Every insert into `cases` fails meanwhile; on PostgreSQL the error quotes the row, as a
    unique key's DETAIL does (`Key (phone)=(08…) already exists`)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_cases BEFORE INSERT ON cases "
                "BEGIN SELECT RAISE(ABORT, 'cases refused'); END")
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'case of %% refused', NEW.first_name "
                "USING DETAIL = 'Key (phone)=(' || NEW.phone || ') already exists'; END $$")
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_cases BEFORE INSERT ON cases FOR EACH ROW "
                "EXECUTE FUNCTION refuse_case()")
    try:
        yield
    finally:  # the PostgreSQL test database is shared by the whole run
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("DROP TRIGGER refuse_cases")
            else:
                connection.exec_driver_sql("DROP TRIGGER refuse_cases ON cases")
                connection.exec_driver_sql("DROP FUNCTION refuse_case()")


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Everything the captured records would print, tracebacks included."""
    handler = logging.Handler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return "\n".join(handler.format(record) for record in caplog.records)


def leaks(text: str) -> list[str]:
    """The invented person's data found in a text."""
    return [secret for secret in SECRETS if secret in text]
