"""PostgreSQL's quick path: a person's event without effects in two autocommit statements.

The read is not locked, so the write must refuse to save over a conversation that changed
since, and must save nothing at all (no claim, no guard) when it refuses; an event whose
step has effects goes through the transaction, reusing the step only if the conversation
is still at the version it was computed from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bot.events import to_inbound
from core.conversation import service as service_module
from core.persistence import db, rawpg
from core.persistence.bot_store import (
    BotStore,
    FollowerWrite,
    InflightMarkers,
    QuickChats,
    StoredChat,
)
from core.persistence.models import Conversation, Follower, OutboxMessage, ProcessedEvent
from core.persistence.uow import UnitOfWork
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser

USER = "U" + "q" * 32
# PostgreSQL only: SQLite takes the transaction for every event
pytestmark = [pytest.mark.postgres,
              pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


def _conversation(engine: Engine, state: str = "menu") -> StoredChat:
    """The person's conversation, created and saved once (version 2)."""
    now = utcnow()
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        store = BotStore(uow.session)
        chat, _ = store.open_conversation(USER, now)
        store.save_conversation(chat, state, {"n": 1}, now)
        uow.commit()
    return StoredChat(USER, state, {"n": 1}, chat.version + 1)


def _guard(key: str) -> dict:
    now = utcnow()
    return {"dedupe_key": key, "to": USER, "audience": "reply", "kind": "reply",
            "case_id": None, "messages": [{"type": "text", "text": "รับทราบ"}],
            "retry_key": key, "status": "pending", "attempts": 0,
            "next_attempt_at": now + timedelta(seconds=60), "created_at": now}


def _counts(engine: Engine) -> tuple[str | None, int, int, int]:
    """(state, version, processed events, outbox rows) of the person (None, 0, …: none)."""
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        row = uow.session.get(Conversation, USER)
        processed = uow.session.scalar(select(func.count()).select_from(ProcessedEvent))
        outbox = uow.session.scalar(select(func.count()).select_from(OutboxMessage))
        state, version = (row.state, row.version) if row else (None, 0)
        return state, version, processed, outbox


def _follower(engine: Engine) -> tuple | None:
    """(following, followed_at, consent_version, consented_at) of the person, or None."""
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        row = uow.session.get(Follower, USER)
        return (row.following, row.followed_at, row.consent_version,
                row.consented_at) if row else None


def test_the_write_saves_claims_and_queues_together(engine: Engine) -> None:
    chat = _conversation(engine)
    with rawpg.autocommit(engine) as connection:
        chats = QuickChats(connection)
        assert chats.read("E1", USER) == (False, chat)
        chats.save(chat, "E1", "consent", {"n": 2}, utcnow(), _guard("reply:E1"))
        assert chats.read("E1", USER) == (True, None)  # a redelivery is a duplicate
    assert _counts(engine) == ("consent", chat.version + 1, 1, 1)


def test_a_conversation_changed_since_the_read_is_not_overwritten(engine: Engine) -> None:
    chat = _conversation(engine)
    with rawpg.autocommit(engine) as connection:
        chats = QuickChats(connection)
        chats.save(chat, "E1", "consent", {"n": 2}, utcnow(), None)  # another event won
        with pytest.raises(StaleDataError):
            chats.save(chat, "E2", "describe", {"n": 3}, utcnow(), _guard("reply:E2"))
    # neither E2's claim nor its guard was written: its retry starts from nothing
    assert _counts(engine) == ("consent", chat.version + 1, 1, 0)


def test_a_copy_of_the_event_processed_meanwhile_writes_nothing(engine: Engine) -> None:
    chat = _conversation(engine)
    with UnitOfWork(db.make_session_factory(engine)) as uow:  # e.g. recorded as failed
        BotStore(uow.session).claim_event("E1", utcnow(), status="failed")
        uow.commit()
    with rawpg.autocommit(engine) as connection, pytest.raises(IntegrityError):
        QuickChats(connection).save(chat, "E1", "consent", {"n": 2}, utcnow(),
                                    _guard("reply:E1"))
    assert _counts(engine) == ("menu", chat.version, 1, 0)


def test_the_marker_taken_with_the_read_respects_an_unfinished_event(engine: Engine) -> None:
    chat = _conversation(engine)
    now = utcnow()
    params = InflightMarkers.params
    assert InflightMarkers(engine).take(USER, "E1", 1000, now, now - timedelta(minutes=1))
    with rawpg.autocommit(engine) as connection:
        chats = QuickChats(connection)
        # E1 is unfinished: E2 may not take the marker (the gate will wait), but still reads
        later = params(USER, "E2", 2000, now, now - timedelta(minutes=1))
        assert chats.take_and_read(USER, "E2", later) == (False, False, chat)
        # E1's redelivery takes its own marker again
        again = params(USER, "E1", 1000, now, now - timedelta(minutes=1))
        assert chats.take_and_read(USER, "E1", again) == (True, False, chat)
        chats.save(chat, "E1", "consent", {}, now, None)
        # E1 processed: E2 takes the marker; a late copy of E1 finds E2's marker (the gate
        # lets it pass: a later event is in flight) and reads as seen
        assert chats.take_and_read(USER, "E2", later)[0] is True
        assert chats.take_and_read(USER, "E1", again) == (False, True, None)


@pytest.mark.parametrize("changed", [False, True])
def test_a_step_with_effects_is_reused_only_at_its_version(
        app: Flask, runtime: Runtime, somchai: LineUser, changed: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    somchai.say("ร้องเรียน")  # the consent question
    service = app.extensions["rongrian.line"].service
    now = utcnow()
    inbound = to_inbound(somchai.event("postback", postback={"data": "menu:track"}), now)
    with rawpg.autocommit(runtime.engine) as connection:
        handled, ready = service._quick(QuickChats(connection), inbound, inbound.event, now)
    assert handled is None and ready is not None  # the case list is read: an effect
    if changed:  # another event of the person got in between
        assert somchai.say("ยกเลิก")
    calls = []
    real = service_module.advance
    monkeypatch.setattr(service_module, "advance",  # the event's step (not the list's outcome)
                        lambda *args: (args[2] is inbound.event and calls.append(args[0]))
                        or real(*args))
    service._once(inbound, inbound.event, now, ready)
    # at the same version the step is reused; after a change it is computed again, from
    # the state the conversation is in now
    assert len(calls) == (1 if changed else 0)
    if changed:
        assert calls[0] != "consent"


def test_a_first_event_creates_the_conversation_with_its_follower(engine: Engine) -> None:
    now = utcnow()
    with rawpg.autocommit(engine) as connection:
        chats = QuickChats(connection)
        assert chats.read("E1", USER) == (False, None)  # a new person
        chats.save(StoredChat(USER, "idle", {}, 0), "E1", "menu", {"n": 1}, now,
                   _guard("reply:E1"), FollowerWrite.following(True, now))
    assert _counts(engine) == ("menu", 1, 1, 1)
    assert _follower(engine) == (True, now, None, None)


def test_a_conversation_created_meanwhile_is_not_overwritten(engine: Engine) -> None:
    chat = _conversation(engine)  # another first event of the person got there first
    now = utcnow()
    with rawpg.autocommit(engine) as connection, pytest.raises(StaleDataError):
        QuickChats(connection).save(StoredChat(USER, "idle", {}, 0), "E2", "menu", {}, now,
                                    _guard("reply:E2"), FollowerWrite.following(True, now))
    # nothing of E2 was written, its follower row included: its retry starts from nothing
    assert _counts(engine) == ("menu", chat.version, 0, 0)
    assert _follower(engine) is None


@pytest.mark.parametrize("stale", [False, True])
def test_consent_is_written_with_the_step_or_not_at_all(engine: Engine, stale: bool) -> None:
    chat = _conversation(engine, state="consent")
    now = utcnow()
    with rawpg.autocommit(engine) as connection:
        chats = QuickChats(connection)
        if stale:  # another event of the person changed the conversation since the read
            chats.save(chat, "E0", "menu", {}, now, None)
            with pytest.raises(StaleDataError):
                chats.save(chat, "E1", "describe", {}, now, None, FollowerWrite.consent("3", now))
        else:
            chats.save(chat, "E1", "describe", {}, now, None, FollowerWrite.consent("3", now))
    assert _follower(engine) == (None if stale else (True, now, "3", now))


def test_following_and_consent_take_the_quick_path(
        app: Flask, somchai: LineUser, runtime: Runtime,
        monkeypatch: pytest.MonkeyPatch) -> None:
    service = app.extensions["rongrian.line"].service
    slow = []
    real = service._once
    monkeypatch.setattr(service, "_once", lambda inbound, *args: slow.append(
        inbound.event) or real(inbound, *args))
    assert somchai.answers(somchai.event("follow", follow={"isUnblocked": False}))  # greeting
    somchai.say("ร้องเรียน")
    assert somchai.press("consent:yes")
    assert slow == []  # none went through the transaction
    with UnitOfWork(db.make_session_factory(runtime.engine)) as uow:
        follower = uow.session.get(Follower, somchai.id)
        assert follower.following and follower.consent_version
        state = uow.session.get(Conversation, somchai.id).state
    assert state != "consent"
