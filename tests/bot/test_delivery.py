"""Replies: the reply token first; when it fails or comes late, the same messages by push."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from bot.line_push import LinePusher
from core.persistence.models import OutboxMessage
from core.services.outbox import dispatch_pending
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import TOKEN, LineUser
from tests.fakeline import FakeLine


@pytest.fixture
def pusher(fake_line: FakeLine) -> Iterator[LinePusher]:
    """The outbox dispatcher's real pusher, pointed at the fake LINE server."""
    pusher = LinePusher(TOKEN, fake_line.url, timeout=(1.0, 2.0))
    yield pusher
    pusher.close()


def guards(runtime: Runtime) -> list[OutboxMessage]:
    with runtime.uow() as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return rows


def test_a_delivered_reply_settles_its_guard(somchai: LineUser, runtime: Runtime, app: Flask,
                                             fake_line: FakeLine, pusher: LinePusher) -> None:
    settler = app.extensions["rongrian.line"].guards
    settler._interval = 60.0  # the background batch waits: the guard is looked at first
    somchai.say("ร้องเรียน")
    [guard] = guards(runtime)  # queued with the event …
    assert guard.audience == "reply" and guard.next_attempt_at > utcnow()
    settler.flush()  # … and deleted with the next batch, the reply having got through:
    assert guards(runtime) == []  # no copy of what was said is kept
    assert dispatch_pending(runtime.uow, pusher, utcnow()).sent == 0
    assert fake_line.calls("push") == []


def test_closing_the_runtime_stops_the_settler_and_settles_what_it_held(
        somchai: LineUser, runtime: Runtime) -> None:
    """No thread may use the database after its engine is closed (it left connections to
    be garbage-collected unclosed, a ResourceWarning that failed CI at random)."""
    import threading
    somchai.say("ร้องเรียน")
    [settler] = [t for t in threading.enumerate() if t.name == "reply-guards" and t.is_alive()]
    runtime.close()
    assert not settler.is_alive()
    assert guards(runtime) == []


@pytest.mark.parametrize(("status", "delay"), [(400, 0.0), (429, 0.0), (500, 0.0), (200, 3.5)])
def test_a_failed_reply_is_pushed_instead(somchai: LineUser, runtime: Runtime,
                                          fake_line: FakeLine, pusher: LinePusher,
                                          status: int, delay: float) -> None:
    fake_line.fail("reply", status, delay=delay, message="Invalid reply token")
    somchai.say("ร้องเรียน")
    [guard] = guards(runtime)
    assert guard.status == "pending" and guard.next_attempt_at <= utcnow()
    result = dispatch_pending(runtime.uow, pusher, utcnow())
    assert result.sent == 1
    [push] = fake_line.calls("push")
    assert push.json["to"] == somchai.id
    assert push.json["messages"] == fake_line.calls("reply")[0].json["messages"]
    assert push.headers["x-line-retry-key"] == guard.retry_key


def test_late_work_is_pushed_not_replied(somchai: LineUser, runtime: Runtime,
                                         fake_line: FakeLine, pusher: LinePusher) -> None:
    old = somchai.message({"type": "text", "text": "ร้องเรียน"})
    old["timestamp"] = int((time.time() - 120) * 1000)
    somchai.post(old)
    assert fake_line.calls("reply") == []
    assert dispatch_pending(runtime.uow, pusher, utcnow()).sent == 1
    assert "ก่อนรับเรื่องร้องเรียน" in fake_line.texts()[-1]


def test_a_reused_reply_token_is_refused_and_pushed(
        somchai: LineUser, runtime: Runtime, fake_line: FakeLine, pusher: LinePusher) -> None:
    event = somchai.message({"type": "text", "text": "สวัสดี"})
    other = dict(somchai.message({"type": "text", "text": "สวัสดี"}),
                 replyToken=event["replyToken"])
    somchai.post(event, other)
    assert len(fake_line.calls("reply")) == 2  # LINE refused the second (token reused) …
    assert dispatch_pending(runtime.uow, pusher, utcnow()).sent == 1  # … so it was pushed
