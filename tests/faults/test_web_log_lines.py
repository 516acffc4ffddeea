"""`rongrian web` (gunicorn) logs the app's records with time and level, so an operator's
"alert on any ERROR line" sees a webhook that failed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid

from sqlalchemy import create_engine

SECRET = "web-log-test-channel-secret"
STAMPED_ERROR = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR bot\.edge: ", re.M)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def _signed_event() -> tuple[bytes, dict[str, str]]:
    event = {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
             "source": {"type": "user", "userId": "U" + "5" * 32},
             "webhookEventId": uuid.uuid4().hex.upper()[:26],
             "deliveryContext": {"isRedelivery": False}, "replyToken": uuid.uuid4().hex,
             "message": {"type": "text", "id": "600000000000001", "quoteToken": "q",
                         "text": "สวัสดี"}}
    body = json.dumps({"destination": "Ubot", "events": [event]}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    return body, {"Content-Type": "application/json",
                  "X-Line-Signature": signature.decode()}


def test_a_failed_webhook_event_is_an_error_line_with_a_timestamp(database_url, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
    env.update(DATABASE_URL=database_url, PORT=str(port), HOME=str(tmp_path),
               RONGRIAN_INSTANCE=str(tmp_path / "instance"),
               SECRET_KEY="web-log-test-secret-key-0123456789abcdef",
               LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN="test-token",
               LINE_API_BASE_URL=f"http://127.0.0.1:{_free_port()}")  # nothing listens
    web = subprocess.Popen([sys.executable, "-m", "rongrian", "web", "--workers", "1"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    engine = create_engine(database_url)
    moved = False
    try:
        deadline = time.monotonic() + 30
        while _request(port, "GET", "/healthz") != 200:
            assert time.monotonic() < deadline and web.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
        with engine.begin() as connection:  # the event's statements now fail
            connection.exec_driver_sql("ALTER TABLE conversations RENAME TO conversations_away")
        moved = True
        body, headers = _signed_event()
        assert _request(port, "POST", "/line/webhook", body, headers) in (200, 503)
    finally:
        web.send_signal(signal.SIGTERM)
        err = web.communicate(timeout=20)[1]
        if moved:
            with engine.begin() as connection:
                connection.exec_driver_sql(
                    "ALTER TABLE conversations_away RENAME TO conversations")
        engine.dispose()
    assert STAMPED_ERROR.search(err), err
    bare = [line for line in err.splitlines()
            if line.startswith(("database unavailable", "webhook event"))]
    assert not bare, bare
