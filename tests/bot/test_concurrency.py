"""Events of one person arriving together are all applied, one after the other."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from core.persistence.models import Conversation, ProcessedEvent
from rongrian.runtime import Runtime
from tests.bot.conftest import LineUser
from tests.fakeline import FakeLine


def test_simultaneous_messages_are_none_lost(app: Flask, fake_line: FakeLine,
                                             runtime: Runtime) -> None:
    user = LineUser(app.test_client(), fake_line)
    user.say("ร้องเรียน")
    user.say("ยินยอม")
    events = [user.message({"type": "text", "text": f"ข้อความที่ {i}"}) for i in range(12)]

    def post(event: dict) -> int:
        return LineUser(app.test_client(), fake_line).post(event).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(post, events + events[:4])) == {200}  # and some duplicates
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, user.id)
        texts = [part["text"] for part in conversation.data["draft"]["parts"]]
        assert sorted(texts) == sorted(f"ข้อความที่ {i}" for i in range(12))
        assert uow.session.query(ProcessedEvent).count() == 14
