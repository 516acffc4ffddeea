"""Local mode: the in-process fake LINE API and /simulator, over real HTTP."""

from __future__ import annotations

import base64
import json
import time
import urllib.request
import uuid
from typing import Any

from flask.testing import FlaskClient

from bot.line_push import make_pusher
from core.services import notify
from core.services.outbox import dispatch_pending
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import user_id

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def http(method: str, url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class SimulatorUser:
    """Does what the simulator page's script does: build, sign, post, poll."""

    def __init__(self, base: str, name: str = "sim") -> None:
        self.base = base
        self.id = user_id(name)
        self.after = 0

    def send(self, kind: str, **fields: Any) -> int:
        event = {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000),
                 "source": {"type": "user", "userId": self.id},
                 "webhookEventId": uuid.uuid4().hex[:26].upper(),
                 "deliveryContext": {"isRedelivery": False},
                 "replyToken": f"sim.{self.id}.{uuid.uuid4().hex[:16]}", **fields}
        body = json.dumps({"destination": "U" + "0" * 32, "events": [event]}).encode()
        _, signed, _ = http("POST", self.base + "/simulator/api/sign", body)
        status, _, _ = http("POST", self.base + "/line/webhook", body, {
            "Content-Type": "application/json",
            "X-Line-Signature": json.loads(signed)["signature"]})
        return status

    def text(self, text: str) -> int:
        return self.send("message", message={"id": str(time.time_ns())[:18], "type": "text",
                                             "text": text, "quoteToken": "q"})

    def inbox(self, wait: float = 5.0, until: str | None = None) -> list[dict[str, Any]]:
        """New bot messages (replies and pushes), waiting for some (or for one with `until`)."""
        deadline = time.time() + wait
        items: list[dict[str, Any]] = []
        while time.time() < deadline:
            _, body, _ = http("GET", f"{self.base}/simulator/api/messages?to={self.id}"
                                     f"&after={self.after}")
            new = json.loads(body)["items"]
            if new:
                self.after = new[-1]["id"]
                items += new
            texts = [m.get("text", "") for i in items for m in i["messages"]]
            if items and (until is None or any(until in t for t in texts)):
                break
            time.sleep(0.05)
        return items


def test_the_simulator_page_is_served_without_inline_code(
        local_server: tuple[str, Runtime]) -> None:
    base, _ = local_server
    status, page, headers = http("GET", base + "/simulator/")
    assert status == 200 and b"<script src=" in page and b"<script>" not in page
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    for asset in ("simulator.js", "flex.js", "simulator.css"):
        assert http("GET", f"{base}/simulator/static/{asset}")[0] == 200
    status, menu, _ = http("GET", base + "/simulator/api/richmenu")
    assert [a["data"] for a in json.loads(menu)["areas"]] == ["menu:complain", "menu:track",
                                                               "menu:help"]


def test_a_signed_event_gets_its_reply_through_the_fake_line(
        local_server: tuple[str, Runtime]) -> None:
    base, _ = local_server
    user = SimulatorUser(base)
    assert user.send("follow", follow={"isUnblocked": False}) == 200
    [item] = user.inbox()
    assert item["kind"] == "reply" and "ยินดีต้อนรับ" in item["messages"][0]["text"]
    assert item["messages"][0]["quickReply"]["items"][0]["action"]["data"] == "menu:complain"


def test_unsigned_events_are_refused_in_local_mode_too(local_server: tuple[str, Runtime]) -> None:
    base, _ = local_server
    status, _, _ = http("POST", base + "/line/webhook", b'{"events":[]}',
                        {"X-Line-Signature": "AAAA"})
    assert status == 400


def test_a_photo_goes_through_the_fake_content_api(local_server: tuple[str, Runtime]) -> None:
    base, runtime = local_server
    user = SimulatorUser(base, "photographer")
    user.send("postback", postback={"data": "menu:complain"})
    user.send("postback", postback={"data": "consent:yes"})
    user.inbox(until="กรุณาเล่าเรื่อง")
    message_id = "77" + str(time.time_ns())[:14]
    http("POST", f"{base}/simulator/api/content/{message_id}?type=image/png",
         base64.b64encode(PNG))
    user.send("message", message={"id": message_id, "type": "image", "quoteToken": "q",
                                  "contentProvider": {"type": "line"}})
    texts = [m.get("text", "") for i in user.inbox(until="ได้รับรูปภาพ") for m in i["messages"]]
    assert any("ได้รับรูปภาพแล้ว" in t for t in texts)
    assert list((runtime.settings.instance_path / "attachments").rglob("*.png"))


def test_pushes_from_the_outbox_show_in_the_simulator(local_server: tuple[str, Runtime]) -> None:
    base, runtime = local_server
    user = SimulatorUser(base, "pushed")
    with runtime.uow() as uow:
        notify.enqueue(uow, key="test:push", to=user.id, audience="reply", kind="test",
                       messages=[{"type": "text", "text": "ความคืบหน้าเรื่องของท่าน"}],
                       now=utcnow())
        uow.commit()
    pusher = make_pusher(runtime.settings)
    assert dispatch_pending(runtime.uow, pusher, utcnow()).sent == 1
    [item] = user.inbox()
    assert item["kind"] == "push" and item["messages"][0]["text"] == "ความคืบหน้าเรื่องของท่าน"


def test_no_simulator_or_fake_line_with_real_credentials(client: FlaskClient) -> None:
    assert client.get("/simulator/").status_code == 404
    assert client.post("/simulator/api/sign", data=b"{}").status_code == 404
    assert client.post("/fake-line/v2/bot/message/push", json={}).status_code == 404
