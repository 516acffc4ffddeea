"""Idle drafts, unfiled evidence, old event ids and copies of pushed replies are forgotten by
`forget_stale`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from core.conversation.evidence import EvidenceStore
from core.conversation.retention import forget_stale
from core.persistence.models import Attachment, Conversation, OutboxMessage, ProcessedEvent
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser
from tests.bot.test_intake import photo
from tests.fakeline import FakeLine


def test_idle_drafts_and_their_evidence_are_forgotten_after_30_days(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    somchai.say("รายละเอียดเรื่องที่ยังไม่ได้ส่ง ชื่อ สมชาย โทร 0812345678")
    somchai.post(photo(somchai, fake_line))
    evidence = EvidenceStore(runtime.settings.instance_path / "attachments")
    assert list(evidence.root.rglob("*.png"))
    with runtime.uow() as uow:
        assert forget_stale(uow, utcnow() + timedelta(days=29), evidence).drafts == 0
        uow.commit()
    with runtime.uow() as uow:
        result = forget_stale(uow, utcnow() + timedelta(days=31), evidence)
        uow.commit()
    assert (result.drafts, result.files) == (1, 1) and result.event_ids >= 4
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, somchai.id)
        assert conversation.state == "idle" and conversation.data["draft"]["parts"] == []
        assert conversation.data["consent"]  # the consent record stays
        assert conversation.data["draft_forgotten_at"]  # to be told at the next message
        assert uow.session.scalars(select(Attachment)).first() is None
        assert uow.session.scalars(select(ProcessedEvent)).first() is None
    assert not list(evidence.root.rglob("*.png"))


def test_an_old_summary_button_after_the_draft_was_forgotten_says_so(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    from core.persistence.models import Case

    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    somchai.say("ไปรักษาฟันที่โรงพยาบาลราชวิถี ถูกเก็บค่าบริการเพิ่ม 1,500 บาท")
    somchai.tap("เล่าครบแล้ว")
    somchai.say("การรักษาพยาบาล")
    somchai.tap("ไม่ระบุสถานพยาบาล")
    somchai.say("นางสาว สมใจ ใจดี")
    somchai.say("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กทม. 10400")
    somchai.say("081-234-5678")
    send = somchai.data_of("ยืนยันส่งเรื่อง")
    with runtime.uow() as uow:  # the summary left for 31 days
        uow.session.execute(update(Conversation).values(updated_at=utcnow() - timedelta(days=31)))
        assert forget_stale(uow, utcnow()).drafts == 1
        uow.commit()
    answers = somchai.press(send)
    assert "ถูกลบแล้ว" in answers[0] and "ใช้ไม่ได้" not in answers[0]
    assert "ร้องเรียน" in somchai.buttons()
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Case)).first() is None
    assert "ถูกลบแล้ว" not in somchai.press(send)[0]  # told once


def test_in_flight_markers_are_kept_a_day_then_forgotten(
        somchai: LineUser, runtime: Runtime) -> None:
    from core.persistence.models import InflightMarker

    somchai.say("สวัสดี")  # every event of a person marks it in flight first
    with runtime.uow() as uow:
        assert uow.session.get(InflightMarker, somchai.id) is not None
        forget_stale(uow, utcnow() + timedelta(hours=23))
        uow.commit()
    with runtime.uow() as uow:
        assert uow.session.get(InflightMarker, somchai.id) is not None
        forget_stale(uow, utcnow() + timedelta(hours=25))
        uow.commit()
    with runtime.uow() as uow:
        assert uow.session.get(InflightMarker, somchai.id) is None


def test_copies_of_pushed_replies_are_forgotten_after_30_days(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    fake_line.fail("reply", 500, times=2)  # both replies fail: their guards are pushed
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    with runtime.uow() as uow:  # one pushed, one refused for good, one still waiting
        rows = uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [row.kind for row in rows] == ["reply", "reply"]
        rows[0].status, rows[1].status = "sent", "dead"
        uow.session.add(OutboxMessage(
            dedupe_key="reply:waiting", to=somchai.id, audience="reply", kind="reply",
            messages=[{"type": "text", "text": "รอส่ง"}], retry_key="r", status="pending",
            attempts=0, next_attempt_at=utcnow(), created_at=utcnow()))
        uow.commit()
    with runtime.uow() as uow:
        assert forget_stale(uow, utcnow() + timedelta(days=29)).replies == 0
        assert forget_stale(uow, utcnow() + timedelta(days=31)).replies == 2
        uow.commit()
    with runtime.uow() as uow:
        left = uow.session.scalars(select(OutboxMessage.dedupe_key)).all()
    assert left == ["reply:waiting"]  # not yet sent: kept
