"""The webhook: signatures, LINE's verify call, bad bodies, duplicates, standby, faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from core.persistence.models import Conversation, ProcessedEvent
from rongrian.runtime import Runtime
from rongrian.web import create_app
from tests.bot.conftest import SECRET, LineUser, sign
from tests.fakeline import FakeLine


def test_empty_events_is_lines_verify_call(somchai: LineUser, fake_line: FakeLine) -> None:
    assert somchai.post().status_code == 200
    assert fake_line.requests == []


@pytest.mark.parametrize("header", ["X-Line-Signature", "x-line-signature", "X-LINE-SIGNATURE"])
def test_signature_header_in_any_case(client: FlaskClient, header: str) -> None:
    body = b'{"destination":"U0","events":[]}'
    response = client.post("/line/webhook", data=body, headers={header: sign(body)})
    assert response.status_code == 200


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", sign(b"other body")])
def test_missing_or_wrong_signature_is_refused_and_nothing_happens(
        client: FlaskClient, somchai: LineUser, fake_line: FakeLine, runtime: Runtime,
        signature: str | None) -> None:
    body = json.dumps({"events": [somchai.message({"type": "text", "text": "สวัสดี"})]}).encode()
    headers = {} if signature is None else {"X-Line-Signature": signature}
    response = client.post("/line/webhook", data=body, headers=headers)
    assert response.status_code == 400
    assert fake_line.requests == []
    with runtime.uow() as uow:
        assert uow.session.scalar(select(ProcessedEvent)) is None


def test_signature_is_over_the_raw_bytes(client: FlaskClient, somchai: LineUser) -> None:
    body = json.dumps({"events": []}, indent=2).encode()
    reformatted = json.dumps(json.loads(body)).encode()
    assert client.post("/line/webhook", data=reformatted,
                       headers={"X-Line-Signature": sign(body)}).status_code == 400
    assert client.post("/line/webhook", data=body,
                       headers={"X-Line-Signature": sign(body, SECRET[::-1])}).status_code == 400


@pytest.mark.parametrize("body", [b"{not json", b'{"events": "nope"}', b"[]", b"\xff\xfe"])
def test_malformed_bodies_get_400(somchai: LineUser, body: bytes) -> None:
    assert somchai.post(body=body).status_code == 400


def test_huge_bodies_are_refused(somchai: LineUser, fake_line: FakeLine, caplog) -> None:
    text = "ก" * 600_000
    response = somchai.post(somchai.message({"type": "text", "text": text}))
    assert response.status_code == 413
    assert fake_line.requests == []
    refused = [r.getMessage() for r in caplog.records if "refused (limit" in r.getMessage()]
    assert len(refused) == 1 and "ก" not in refused[0]


def test_unknown_event_and_message_types(somchai: LineUser, fake_line: FakeLine) -> None:
    beacon = somchai.event("beacon", beacon={"hwid": "d41d8cd98f", "type": "enter"})
    teleport = somchai.event("teleport")
    hologram = somchai.message({"type": "hologram"})
    assert somchai.post(beacon, teleport, hologram).status_code == 200
    replies = fake_line.calls("reply")
    assert len(replies) == 1  # only the unknown *message* gets an answer
    assert "ยังไม่รองรับ" in replies[0].json["messages"][0]["text"]


def test_duplicates_are_processed_once(somchai: LineUser, fake_line: FakeLine,
                                       runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    event = somchai.message({"type": "text", "text": "ยินยอม"})
    somchai.post(event)
    redelivered = dict(event, deliveryContext={"isRedelivery": True})
    assert somchai.post(redelivered, event).status_code == 200
    assert len(fake_line.calls("reply")) == 2
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, somchai.id)
        assert conversation.state == "describe"
        assert conversation.data["draft"]["parts"] == []  # "ยินยอม" was not taken twice


def test_standby_events_send_nothing(somchai: LineUser, fake_line: FakeLine,
                                     runtime: Runtime) -> None:
    event = dict(somchai.message({"type": "text", "text": "ร้องเรียน"}), mode="standby")
    assert somchai.post(event).status_code == 200
    assert fake_line.requests == []
    with runtime.uow() as uow:
        assert uow.session.get(Conversation, somchai.id) is None


def test_one_failing_event_does_not_stop_the_others(
        runtime: Runtime, client: FlaskClient, fake_line: FakeLine) -> None:
    broken = LineUser(client, fake_line, "broken")
    fine = LineUser(client, fake_line, "fine")
    broken.say("ร้องเรียน")
    broken.say("ยินยอม")
    attachments = runtime.settings.instance_path / "attachments"
    attachments.parent.mkdir(parents=True, exist_ok=True)
    attachments.write_text("a file where the evidence folder should be")  # a disk fault
    fake_line.add_content("900", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    photo = broken.message({"type": "image", "id": "900", "quoteToken": "q",
                            "contentProvider": {"type": "line"}})
    photo["message"]["id"] = "900"
    hello = fine.message({"type": "text", "text": "สวัสดี"})
    assert broken.post(photo, hello).status_code == 200
    texts = [c.json["messages"][0]["text"] for c in fake_line.calls("reply")[-2:]]
    assert "ขัดข้อง" in texts[0] and "ยินดีต้อนรับ" in texts[1]
    with runtime.uow() as uow:
        statuses = {e.event_id: e.status for e in uow.session.scalars(select(ProcessedEvent))}
    assert statuses[photo["webhookEventId"]] == "failed"
    assert statuses[hello["webhookEventId"]] == "done"


def test_database_down_answers_503_and_the_redelivery_is_processed(
        runtime: Runtime, client: FlaskClient, fake_line: FakeLine, tmp_path: Path) -> None:
    down = Runtime.from_env({
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": "t",
        "LINE_API_BASE_URL": fake_line.url, "SECRET_KEY": "s" * 32,
        "RONGRIAN_INSTANCE": str(tmp_path / "down")})
    outage = LineUser(create_app(down).test_client(), fake_line)
    event = outage.message({"type": "text", "text": "ร้องเรียน"})
    assert outage.post(event).status_code == 503
    assert fake_line.requests == []
    back = LineUser(client, fake_line)
    assert back.post(dict(event, deliveryContext={"isRedelivery": True})).status_code == 200
    assert len(fake_line.sent()) == 0  # a redelivery's token is not trusted: pushed instead
    with runtime.uow() as uow:
        assert uow.session.get(Conversation, back.id).state == "consent"
        assert uow.outbox.has_key(f"reply:{event['webhookEventId']}")


def test_connections_cut_under_the_bot_give_503_once_then_recover(
        database_url: str, runtime: Runtime, somchai: LineUser,
        caplog: pytest.LogCaptureFixture) -> None:
    """The server drops every connection (a restart): the pooled ones are dead, and the
    webhook's direct statements must see it as SQLAlchemy would: 503 and a connection
    replaced, not a 500 and a pool of corpses."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to restart")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert somchai.say("ร้องเรียน")  # the consent question
    admin = create_engine(make_url(database_url).set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"),
                {"name": make_url(database_url).database})
    finally:
        admin.dispose()
    consent = somchai.event("postback", postback={"data": "consent:yes"})
    statuses = [somchai.post(consent).status_code]
    if statuses[0] == 503:  # LINE redelivers
        statuses.append(somchai.post(dict(consent, deliveryContext={"isRedelivery": True})
                                     ).status_code)
    assert statuses in ([200], [503, 200]), statuses
    # the dead connection was invalidated, not handed back to the pool to fail its reset
    assert not [r for r in caplog.records if r.name.startswith("sqlalchemy.pool")]
    assert somchai.post(somchai.message({"type": "text", "text": "ถูกเรียกเก็บเงินค่ายา"})
                        ).status_code == 200
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, somchai.id)
        assert [p["text"] for p in conversation.data["draft"]["parts"]] == [
            "ถูกเรียกเก็บเงินค่ายา"]
