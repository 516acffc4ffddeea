"""A fake LINE push endpoint on pytest-httpserver that misbehaves on cue.

It checks every body against LINE's OpenAPI spec (tests/line_openapi, following the
`discriminator`s the spec uses for message and action types, which openapi-core does not)
and the platform limits of tests/fakeline.py, honours `X-Line-Retry-Key` like LINE (a key already
accepted answers 409) and counts what a user would actually see.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.fakeline import body_errors, limit_problems

PUSH_PATH = "/v2/bot/message/push"
QUOTA = {"message": "You have reached your monthly limit."}
RATE = {"message": "The API rate limit has been exceeded. Try again later."}


def spec_errors(body: Any) -> list[str]:
    """What is wrong with a push body: LINE's OpenAPI spec, and the limits it does not state."""
    problems = body_errors("PushMessageRequest", body)
    if isinstance(body, dict) and isinstance(body.get("messages"), list):
        problems += limit_problems(body["messages"])
    return problems


@dataclass
class FakeLine:
    """The push endpoint. `script` holds answers for the next requests; then 200s."""

    server: HTTPServer
    script: list[str] = field(default_factory=list)
    down: bool = False
    delay: float = 0.0
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[list[str]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    idle: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.idle.set()

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until a slow answer is over (the server answers one request at a time)."""
        assert self.idle.wait(timeout)

    def install(self) -> FakeLine:
        """Answer POST /v2/bot/message/push from now on."""
        self.server.expect_request(PUSH_PATH, method="POST").respond_with_handler(self.handle)
        return self

    @property
    def base_url(self) -> str:
        """What to give LinePusher as its base URL."""
        return self.server.url_for("").rstrip("/")

    def delivered(self) -> Counter[str]:
        """How many times each recipient got each text (a user's-eye view)."""
        return Counter(f"{body['to']}|{m.get('text', '')}"
                       for body in self.accepted.values() for m in body["messages"])

    def handle(self, request: Request) -> Response:
        body = json.loads(request.get_data(as_text=True))
        key = request.headers.get("X-Line-Retry-Key", "")
        with self.lock:
            self.requests.append({"key": key, "body": body,
                                  "auth": request.headers.get("Authorization", "")})
            errors = spec_errors(body)
            if errors:
                self.invalid.append(errors)
                return _json(400, {"message": "The request body has 1 error(s)",
                                   "details": [{"message": e} for e in errors]})
            action = self.script.pop(0) if self.script else ("500" if self.down else "200")
        if action == "timeout":  # LINE takes it, but answers after the client gave up
            self._accept(key, body)
            self.idle.clear()
            time.sleep(self.delay or 1.0)
            self.idle.set()
            return _json(200, {"sentMessages": []})
        if action == "stall":  # LINE takes it and answers only after `released` (or 30 s)
            self._accept(key, body)
            self.released.wait(30)
            return _json(200, {"sentMessages": []})
        if action == "lost":  # accepted, then the answer is a 500: the retry must get 409
            self._accept(key, body)
            return _json(500, {"message": "Internal server error"})
        if action == "500":
            return _json(500, {"message": "Internal server error"})
        if action == "429":
            return _json(429, RATE)
        if action == "quota":
            return _json(429, QUOTA)
        if action in ("400", "401", "403"):
            return _json(int(action), {"message": f"refused ({action})"})
        with self.lock:
            if key and key in self.accepted:
                return _json(409, {"message": "The retry key is already accepted"})
            self._accept(key, body)
        return _json(200, {"sentMessages": [{"id": str(len(self.accepted)),
                                             "quoteToken": uuid.uuid4().hex}]},
                     {"x-line-request-id": uuid.uuid4().hex})

    def _accept(self, key: str, body: dict[str, Any]) -> None:
        self.accepted[key or uuid.uuid4().hex] = body


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json",
                    headers=headers)
