"""A person's event whose predecessor is unfinished (its worker died) waits for it."""

from __future__ import annotations

from datetime import timedelta

from core.persistence.bot_store import BotStore, InflightMarkers
from core.persistence.models import Conversation
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser
from tests.fakeline import FakeLine


def test_a_later_event_is_deferred_until_the_earlier_one_is_redelivered(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    consent = somchai.event("postback", postback={"data": "consent:yes"})
    text = somchai.message({"type": "text", "text": "ถูกเรียกเก็บเงินค่ายาทั้งที่ใช้สิทธิ"})
    text["timestamp"] = consent["timestamp"] + 1000
    # the consent's worker died after marking it in flight
    assert InflightMarkers(runtime.engine).take(
        somchai.id, consent["webhookEventId"], consent["timestamp"],
        utcnow(), utcnow() - timedelta(minutes=1))
    assert somchai.post(text).status_code == 503  # LINE will deliver it again
    with runtime.uow() as uow:
        assert uow.session.get(Conversation, somchai.id).state == "consent"
    assert somchai.post(dict(consent, deliveryContext={"isRedelivery": True})).status_code == 200
    assert somchai.post(dict(text, deliveryContext={"isRedelivery": True})).status_code == 200
    with runtime.uow() as uow:
        parts = uow.session.get(Conversation, somchai.id).data["draft"]["parts"]
    assert [p["text"] for p in parts] == ["ถูกเรียกเก็บเงินค่ายาทั้งที่ใช้สิทธิ"]


def test_a_stalled_marker_does_not_block_for_ever(somchai: LineUser, runtime: Runtime) -> None:
    assert InflightMarkers(runtime.engine).take(
        somchai.id, "LOST", 0, utcnow() - timedelta(minutes=5),
        utcnow() - timedelta(minutes=6))
    assert somchai.post(somchai.message({"type": "text", "text": "สวัสดี"})).status_code == 200


def test_the_next_unit_of_work_on_the_gates_connection_is_a_transaction(database_url: str
                                                                        ) -> None:
    """The marker is one autocommit statement on PostgreSQL; the pooled connection must go
    back to transactions, or a failed event would leave half its writes behind."""
    from sqlalchemy import func, select

    from core.persistence import db
    from core.persistence.models import KeyValue
    from core.persistence.uow import UnitOfWork

    engine = db.make_engine(database_url, **(
        {"pool_size": 1, "max_overflow": 0} if database_url.startswith("postgresql") else {}))
    sessions = db.make_session_factory(engine)
    markers = InflightMarkers(engine)
    try:
        assert markers.take("Uatomic", "E1", 1, utcnow(), utcnow() - timedelta(minutes=1))
        with UnitOfWork(sessions) as uow:  # the same connection (a pool of one)
            store = BotStore(uow.session)
            store.kv_put("half-done", {"step": 1}, utcnow())
            uow.rollback()
        with UnitOfWork(sessions) as uow:
            count = uow.session.scalar(select(func.count()).where(KeyValue.key == "half-done"))
            assert count == 0
        assert markers.read("Uatomic")["event_id"] == "E1"
    finally:
        engine.dispose()
