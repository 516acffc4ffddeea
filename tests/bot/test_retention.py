"""Idle drafts, unfiled evidence and old event ids are forgotten by `forget_stale`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.conversation.evidence import EvidenceStore
from core.conversation.retention import forget_stale
from core.persistence.models import Attachment, Conversation, ProcessedEvent
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
        assert uow.session.scalars(select(Attachment)).first() is None
        assert uow.session.scalars(select(ProcessedEvent)).first() is None
    assert not list(evidence.root.rglob("*.png"))
