"""Fixtures of the bot tests: the app wired to a fake LINE server, and a LINE user to drive it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rongrian.runtime import Runtime
from rongrian.web import create_app
from tests.fakeline import FakeLine, fake_line  # noqa: F401 - the fixture

SECRET = "0123456789abcdef0123456789abcdef"
TOKEN = "test-access-token"
_ids = itertools.count(1)


def sign(body: bytes, secret: str = SECRET) -> str:
    """LINE's X-Line-Signature of a body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def user_id(name: str) -> str:
    """A LINE user ID made from a name (U + 32 hex)."""
    return "U" + hashlib.md5(name.encode()).hexdigest()


@pytest.fixture
def runtime(database_url: str, tmp_path: Path, fake_line: FakeLine) -> Iterator[Runtime]:  # noqa: F811
    """A runtime with LINE credentials, its API pointed at the fake LINE server."""
    env = {"DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake_line.url,
           "SECRET_KEY": "s" * 32, "RONGRIAN_INSTANCE": str(tmp_path / "instance")}
    runtime = Runtime.from_env(env)
    yield runtime
    runtime.close()


@pytest.fixture
def app(runtime: Runtime) -> Flask:
    """The web app."""
    app = create_app(runtime)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


class LineUser:
    """A person in a 1:1 chat: builds real webhook events, signs them, posts them."""

    def __init__(self, client: FlaskClient, fake: FakeLine, name: str = "somchai",
                 source: dict[str, Any] | None = None) -> None:
        self.client = client
        self.fake = fake
        self.id = user_id(name)
        self.source = source or {"type": "user", "userId": self.id}
        self.last: TestResponse | None = None

    def event(self, kind: str, **fields: Any) -> dict[str, Any]:
        """One webhook event from this person."""
        return {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000),
                "source": self.source, "webhookEventId": uuid.uuid4().hex.upper()[:26],
                "deliveryContext": {"isRedelivery": False},
                "replyToken": uuid.uuid4().hex, **fields}

    def post(self, *events: dict[str, Any], signature: str | None = None,
             body: bytes | None = None) -> TestResponse:
        """POST events to the webhook, signed (unless a signature is given)."""
        body = body if body is not None else json.dumps(
            {"destination": "Ubot", "events": list(events)}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json",
                   "X-Line-Signature": sign(body) if signature is None else signature}
        response = self.client.post("/line/webhook", data=body, headers=headers)
        response.close()  # runs the reply delivery registered with call_on_close
        self.last = response
        return response

    def message(self, content: dict[str, Any]) -> dict[str, Any]:
        """A message event with a fresh message id."""
        return self.event("message", message={"id": str(next(_ids) + 10**15),
                                              "quoteToken": uuid.uuid4().hex, **content})

    def say(self, text: str) -> list[str]:
        """Send a text; returns the texts the bot answered with."""
        return self.answers(self.message({"type": "text", "text": text}))

    def press(self, data: str, label: str = "") -> list[str]:
        """Tap a button (a postback)."""
        return self.answers(self.event("postback", postback={"data": data}))

    def answers(self, event: dict[str, Any]) -> list[str]:
        """Post one event and return what the bot sent back for it."""
        before = len(self.fake.requests)
        response = self.post(event)
        assert response.status_code == 200, response.data
        out = []
        for call in self.fake.requests[before:]:
            if call.path.endswith("/reply") or call.path.endswith("/push"):
                out += [m.get("text") or m.get("altText", "") for m in call.json["messages"]]
        return out

    def last_messages(self) -> list[dict[str, Any]]:
        """The messages of the latest reply."""
        replies = self.fake.calls("reply")
        return replies[-1].json["messages"] if replies else []

    def buttons(self) -> list[str]:
        """The quick-reply labels under the latest reply."""
        messages = self.last_messages()
        items = (messages[-1].get("quickReply") or {}).get("items", []) if messages else []
        return [item["action"]["label"] for item in items]

    def data_of(self, label: str) -> str:
        """The postback data of a quick-reply button of the latest reply."""
        messages = self.last_messages()
        for item in (messages[-1].get("quickReply") or {}).get("items", []):
            if item["action"]["label"] == label:
                return item["action"]["data"]
        raise AssertionError(f"no button {label!r} in {self.buttons()}")

    def tap(self, label: str) -> list[str]:
        """Tap a quick-reply button of the latest reply by its label."""
        return self.press(self.data_of(label))


@pytest.fixture
def somchai(client: FlaskClient, fake_line: FakeLine) -> LineUser:  # noqa: F811
    """A LINE user."""
    return LineUser(client, fake_line)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def local_server(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Runtime]]:
    """The app in local mode (no LINE credentials) on a real port: its fake LINE answers the
    bot's own SDK calls over HTTP, as under `make run`."""
    import threading

    from werkzeug.serving import make_server

    port = free_port()
    runtime = Runtime.from_env({"DATABASE_URL": database_url, "PORT": str(port),
                                "RONGRIAN_INSTANCE": str(tmp_path / "local")})
    assert runtime.settings.local_mode
    server = make_server("127.0.0.1", port, create_app(runtime), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", runtime
    server.shutdown()
    thread.join(timeout=10)
    runtime.close()
