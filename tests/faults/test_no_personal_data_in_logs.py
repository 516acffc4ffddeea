"""A whole conversation, every log line captured at DEBUG: no name, phone or address in it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.bot.conftest import LineUser, app, client, runtime, somchai  # noqa: F401
from tests.fakeline import fake_line  # noqa: F401

FIRST, LAST = "ทดสอบนาม", "สกุลสมมุติ"
PHONE_TYPED, PHONE = "081-987-6543", "0819876543"
ADDRESS = "77/7 ซอยทดลอง ถนนพหลโยธิน เขตพญาไท กรุงเทพฯ 10400"
SECRETS = (FIRST, LAST, PHONE, PHONE_TYPED, "9876543", "ซอยทดลอง", "77/7")


@pytest.fixture
def every_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every application log record, down to DEBUG."""
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy's own INFO log prints SQL parameters by design; it stays off in deployment.
    sqlalchemy = logging.getLogger("sqlalchemy")
    previous = sqlalchemy.level
    sqlalchemy.setLevel(logging.WARNING)
    yield caplog
    sqlalchemy.setLevel(previous)


def test_a_full_complaint_logs_nothing_personal(somchai: LineUser, every_log):  # noqa: F811
    somchai.answers(somchai.event("follow", follow={"isUnblocked": False}))
    somchai.tap("ร้องเรียน")
    somchai.tap("ยินยอม")
    somchai.say("นายจ้างหักเงินสมทบทุกเดือนแต่ไม่นำส่งประกันสังคม ตรวจสอบสิทธิแล้วไม่มีเงินเข้า")
    somchai.tap("เล่าครบแล้ว")
    somchai.say("นายจ้าง")
    somchai.say(f"นาย {FIRST} {LAST}")
    somchai.say(ADDRESS)
    somchai.say(PHONE_TYPED)
    answers = somchai.tap("ยืนยันส่งเรื่อง")
    assert any("เลขที่เรื่อง" in text for text in answers), answers
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in every_log.records)
    assert every_log.records, "nothing was logged: the capture is not working"
    leaked = [secret for secret in SECRETS if secret in logged]
    assert not leaked, f"personal data in logs: {leaked}"


def test_the_check_would_see_a_leak(every_log):
    logging.getLogger("bot.edge").debug("phone %s", PHONE)
    logged = "\n".join(r.getMessage() for r in every_log.records)
    assert PHONE in logged
