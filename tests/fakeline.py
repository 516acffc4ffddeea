"""A fake LINE platform for tests: pytest-httpserver answering the Messaging API.

Use the `fake_line` fixture (import it into a conftest: `from tests.fakeline import
fake_line  # noqa: F401`). Point the real line-bot-sdk client at `fake_line.url`
(`Configuration(host=…)` or `LINE_API_BASE_URL`). Every request the fake receives is
recorded, validated against LINE's OpenAPI spec (tests/line_openapi/messaging-api.yml,
copied unmodified from line/line-openapi) and checked against the documented platform
limits; the fixture fails the test if any request was invalid.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import ValidationError, validators
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from pytest_httpserver import HTTPServer
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from werkzeug import Request, Response
from werkzeug.datastructures import Headers

SPEC_DIR = Path(__file__).parent / "line_openapi"
HOSTS = ("https://api.line.me", "https://api-data.line.me")
LIMITS = {"text": 5000, "label": 20, "data": 300, "displayText": 300, "altText": 1500}
BUBBLE_MAX_BYTES = 30_000


@cache
def messaging_spec() -> OpenAPI:
    """LINE's Messaging API spec (parsed once per test session)."""
    return OpenAPI.from_file_path(str(SPEC_DIR / "messaging-api.yml"))


@cache
def _body_validator(schema: str) -> Any:
    """A validator of one request schema that follows the spec's `discriminator`s.

    openapi-core checks a body against the base schema only, so a message of an unknown type,
    a text message without text or a Flex box with a bad layout would pass it; this one
    descends into the schema each `type` maps to, as LINE does.
    """
    spec = yaml.safe_load((SPEC_DIR / "messaging-api.yml").read_text("utf-8"))
    registry = Registry().with_resource("spec", Resource(contents=spec, specification=DRAFT4))
    active: set[tuple[int, str]] = set()

    def discriminator(validator: Any, disc: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not isinstance(instance, dict):
            return
        ref = disc.get("mapping", {}).get(instance.get(disc["propertyName"]))
        if ref is None:
            yield ValidationError(
                f"{disc['propertyName']} {instance.get(disc['propertyName'])!r} is not one of "
                f"{sorted(disc.get('mapping', {}))}")
            return
        key = (id(instance), str(ref))
        if key in active:
            return
        active.add(key)
        try:
            yield from validator.descend(instance, {"$ref": "spec" + ref})
        finally:
            active.discard(key)

    cls = validators.extend(OAS30Validator, {"discriminator": discriminator})
    return cls({"$ref": f"spec#/components/schemas/{schema}"}, registry=registry)


def body_errors(schema: str, body: Any) -> list[str]:
    """Why a JSON body breaks one of the spec's request schemas, types followed (empty: fine)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message[:200]}"
            for e in _body_validator(schema).iter_errors(body)]


BODY_SCHEMAS = {"reply": "ReplyMessageRequest", "push": "PushMessageRequest",
                "richmenu_create": "RichMenuRequest"}


@dataclass
class _SpecRequest:
    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters

    @property
    def full_url_pattern(self) -> str:
        return self.host_url + self.path


def spec_errors(method: str, path: str, body: bytes | None, headers: dict[str, str],
                query: dict[str, str] | None = None) -> list[str]:
    """Why a request does not conform to messaging-api.yml (empty when it does)."""
    content_type = headers.get("content-type", "application/json").lower()
    problems: list[str] = []
    for host in HOSTS:
        request = _SpecRequest(host, path, method.lower(), body or None, content_type,
                               RequestParameters(query=query or {}, header=Headers(headers)))
        errors = list(messaging_spec().iter_request_errors(request))
        if not errors:
            return []
        if not any(type(e).__name__ == "ServerNotFound" for e in errors):
            problems += [_describe(e) for e in errors]
    return problems or [f"no operation {method} {path} in messaging-api.yml"]


def _describe(error: Exception) -> str:
    cause = error.__cause__
    details = getattr(cause, "schema_errors", None) or ([cause] if cause else [])
    return f"{type(error).__name__}: " + "; ".join(str(d)[:300] for d in details or [error])


def limit_problems(messages: Any) -> list[str]:
    """Platform limits LINE enforces beyond the spec (text, labels, data, altText, Flex size)."""
    problems: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                limit = LIMITS.get(key)
                if limit and isinstance(value, str) and len(value) > limit:
                    problems.append(f"{where}.{key}: {len(value)} > {limit} characters")
                walk(value, f"{where}.{key}")
            if node.get("type") == "bubble":
                size = len(json.dumps(node, ensure_ascii=False).encode())
                if size > BUBBLE_MAX_BYTES:
                    problems.append(f"{where}: bubble of {size} bytes")
            if node.get("type") == "text" and "text" in node and not node["text"]:
                problems.append(f"{where}: empty text")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}[{index}]")

    walk(messages, "messages")
    return problems


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body) if self.body else None


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    times: int
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class FakeLine:
    """Records and answers what the bot sends to LINE."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.requests: list[Recorded] = []
        self.invalid: list[str] = []
        self.content: dict[str, tuple[bytes, str]] = {}
        self.rich_menus: dict[str, dict[str, Any]] = {}
        self.default_rich_menu: str | None = None
        self._failures: dict[str, list[Failure]] = {}
        self._tokens: set[str] = set()
        self._retry_keys: set[str] = set()
        server.expect_request(re.compile(r"^/.*$")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        """The base URL to give the SDK (`Configuration(host=…)`, LINE_API_BASE_URL)."""
        return self.server.url_for("").rstrip("/")

    def fail(self, endpoint: str, status: int, *, times: int = 1, delay: float = 0.0,
             message: str = "failure", headers: dict[str, str] | None = None) -> None:
        """Make the next `times` calls of an endpoint (reply | push | content | …) fail."""
        self._failures.setdefault(endpoint, []).append(
            Failure(status, {"message": message}, times, delay, headers or {}))

    def add_content(self, message_id: str, data: bytes, content_type: str) -> None:
        """What GET /v2/bot/message/{id}/content returns."""
        self.content[message_id] = (data, content_type)

    def calls(self, endpoint: str) -> list[Recorded]:
        """Requests to one endpoint, in order."""
        return [r for r in self.requests if _endpoint(r.method, r.path) == endpoint]

    def sent(self, to: str | None = None) -> list[dict[str, Any]]:
        """Every message replied or pushed (to one chat, when given), in order."""
        out: list[dict[str, Any]] = []
        for call in self.calls("reply") + self.calls("push"):
            body = call.json
            if to is None or body.get("to", to) == to:
                out.extend(body["messages"])
        return out

    def texts(self) -> list[str]:
        """The text (or altText) of every message sent, in order."""
        calls = sorted(self.calls("reply") + self.calls("push"), key=self.requests.index)
        return [m.get("text") or m.get("altText", "") for c in calls for m in c.json["messages"]]

    def _handle(self, request: Request) -> Response:
        body = request.get_data()
        headers = {k.lower(): v for k, v in request.headers.items()}
        recorded = Recorded(request.method, request.path, headers, body)
        self.requests.append(recorded)
        endpoint = _endpoint(request.method, request.path)
        self._validate(recorded, endpoint, dict(request.args))
        failure = self._next_failure(endpoint)
        if failure:
            time.sleep(failure.delay)
            return _json(failure.body, failure.status, failure.headers)
        return self._answer(endpoint, recorded)

    def _validate(self, recorded: Recorded, endpoint: str, query: dict[str, str]) -> None:
        errors = spec_errors(recorded.method, recorded.path, recorded.body, recorded.headers,
                             query)
        if endpoint in BODY_SCHEMAS and recorded.body:
            errors += body_errors(BODY_SCHEMAS[endpoint], recorded.json)
        if endpoint in ("reply", "push") and recorded.body:
            errors += limit_problems(recorded.json.get("messages"))
        if not recorded.headers.get("authorization", "").startswith("Bearer "):
            errors.append("no bearer token")
        self.invalid += [f"{recorded.method} {recorded.path}: {e}" for e in errors]

    def _next_failure(self, endpoint: str) -> Failure | None:
        queue = self._failures.get(endpoint) or []
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _answer(self, endpoint: str, recorded: Recorded) -> Response:
        body = recorded.json if recorded.body and endpoint != "richmenu_image" else {}
        if endpoint == "reply":
            token = body.get("replyToken", "")
            if token in self._tokens:
                return _json({"message": "Invalid reply token"}, 400)
            self._tokens.add(token)
            return _json(_sent(body))
        if endpoint == "push":
            key = recorded.headers.get("x-line-retry-key")
            if key and key in self._retry_keys:
                return _json({"message": "The retry key is already accepted"}, 409,
                             {"x-line-accepted-request-id": key})
            if key:
                self._retry_keys.add(key)
            return _json(_sent(body))
        if endpoint == "content":
            message_id = recorded.path.split("/")[4]
            if message_id not in self.content:
                return _json({"message": "Not found"}, 404)
            data, content_type = self.content[message_id]
            return Response(data, 200, content_type=content_type)
        if endpoint == "profile":
            user = recorded.path.rsplit("/", 1)[1]
            return _json({"displayName": "ผู้ทดสอบ", "userId": user, "language": "th"})
        if endpoint == "richmenu_create":
            menu_id = f"richmenu-{uuid.uuid4().hex}"
            self.rich_menus[menu_id] = body
            return _json({"richMenuId": menu_id})
        if endpoint == "richmenu_list":
            return _json({"richmenus": [dict(m, richMenuId=k) for k, m in self.rich_menus.items()]})
        if endpoint == "richmenu_default":
            self.default_rich_menu = recorded.path.rsplit("/", 1)[1]
        if endpoint == "richmenu_delete":
            self.rich_menus.pop(recorded.path.rsplit("/", 1)[1], None)
        return _json({})


_ENDPOINTS = (
    ("POST", r"^/v2/bot/message/reply$", "reply"),
    ("POST", r"^/v2/bot/message/push$", "push"),
    ("GET", r"^/v2/bot/message/[^/]+/content$", "content"),
    ("GET", r"^/v2/bot/profile/[^/]+$", "profile"),
    ("POST", r"^/v2/bot/richmenu$", "richmenu_create"),
    ("GET", r"^/v2/bot/richmenu/list$", "richmenu_list"),
    ("POST", r"^/v2/bot/richmenu/[^/]+/content$", "richmenu_image"),
    ("POST", r"^/v2/bot/user/all/richmenu/[^/]+$", "richmenu_default"),
    ("DELETE", r"^/v2/bot/richmenu/[^/]+$", "richmenu_delete"),
)


def _endpoint(method: str, path: str) -> str:
    for verb, pattern, name in _ENDPOINTS:
        if method == verb and re.match(pattern, path):
            return name
    return f"{method} {path}"


def _sent(body: dict[str, Any]) -> dict[str, Any]:
    return {"sentMessages": [{"id": uuid.uuid4().hex[:18], "quoteToken": uuid.uuid4().hex}
                             for _ in body.get("messages", [])]}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(data), status, content_type="application/json")
    response.headers["x-line-request-id"] = uuid.uuid4().hex
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


@pytest.fixture
def fake_line(httpserver: HTTPServer) -> Iterator[FakeLine]:
    """A fake LINE API; the test fails if the bot sent it a request LINE would refuse."""
    messaging_spec()  # parse the spec now, not inside the first request's read timeout
    fake = FakeLine(httpserver)
    yield fake
    assert not fake.invalid, "requests LINE would refuse:\n" + "\n".join(fake.invalid)
