"""The intake's statements on both databases: claim with lock, save with the guard push."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from core.persistence.bot_store import BotStore
from core.persistence.models import OutboxMessage
from core.services.notify import outbox_row

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
USER = "U" + "c" * 32


def _guard(key: str) -> dict:
    return outbox_row(key=key, to=USER, audience="reply", kind="reply",
                      messages=[{"type": "text", "text": "รับทราบค่ะ"}], now=NOW)


def _keys(make_uow) -> list[str]:
    with make_uow() as uow:
        return list(uow.session.scalars(select(OutboxMessage.dedupe_key)
                                        .order_by(OutboxMessage.id)))


def test_claim_and_open_a_first_event_a_later_one_and_a_duplicate(make_uow):
    with make_uow() as uow:
        chat, created = BotStore(uow.session).claim_and_open("E1", USER, NOW)
        assert created and chat.state == "idle" and chat.version == 1
        BotStore(uow.session).save_conversation(chat, "consent", {"a": 1}, NOW)
        uow.commit()
    with make_uow() as uow:
        chat, created = BotStore(uow.session).claim_and_open("E2", USER, NOW)
        assert not created and (chat.state, chat.data, chat.version) == ("consent", {"a": 1}, 2)
        uow.commit()
    with make_uow() as uow:
        assert BotStore(uow.session).claim_and_open("E2", USER, NOW) is None


def test_save_queues_the_guard_only_when_the_conversation_was_saved(make_uow):
    with make_uow() as uow:
        chat, _ = BotStore(uow.session).claim_and_open("E1", USER, NOW)
        uow.commit()
    with make_uow() as uow:  # someone else saved version 1 meanwhile
        other, _ = BotStore(uow.session).claim_and_open("E2", USER, NOW)
        BotStore(uow.session).save_conversation(other, "consent", {}, NOW)
        uow.commit()
    with make_uow() as uow:
        with pytest.raises(StaleDataError):
            BotStore(uow.session).save_conversation(chat, "menu", {}, NOW,
                                                    guard=_guard("reply:E1"))
        assert uow.session.scalars(select(OutboxMessage)).all() == []  # not even uncommitted
    with make_uow() as uow:
        chat, _ = BotStore(uow.session).claim_and_open("E3", USER, NOW)
        BotStore(uow.session).save_conversation(chat, "menu", {"b": 2}, NOW,
                                                guard=_guard("reply:E3"))
        uow.commit()
    assert _keys(make_uow) == ["reply:E3"]
    with make_uow() as uow:
        row = uow.session.scalars(select(OutboxMessage)).one()
        assert row.messages == [{"type": "text", "text": "รับทราบค่ะ"}]
        assert row.status == "pending" and row.next_attempt_at == NOW
