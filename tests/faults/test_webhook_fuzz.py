"""Fuzzing the webhook: bodies built from LINE's webhook.yml, and random bytes.

Never a 500, never a traceback to the client, and every signed event with a source is
accounted for in processed_events (done or failed), so none is silently lost.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.persistence.models import ProcessedEvent
from tests.bot.conftest import app, client, runtime, sign  # noqa: F401 - fixtures
from tests.fakeline import fake_line  # noqa: F401 - fixture
from tests.faults.openapi_strategies import schemas, strategy

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
EVENTS = strategy(schemas()["Event"])


def _post(client, body: bytes, signed: bool = True):  # noqa: F811
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["X-Line-Signature"] = sign(body)
    return client.post("/line/webhook", data=body, headers=headers)


@FUZZ
@given(events=st.lists(EVENTS, min_size=1, max_size=4))
def test_events_from_the_spec_never_break_the_webhook(client, runtime, events):  # noqa: F811
    body = json.dumps({"destination": "U" + "0" * 32, "events": events}).encode()
    response = _post(client, body)
    assert response.status_code == 200, response.data[:200]
    assert b"Traceback" not in response.data
    with runtime.uow() as uow:
        seen = set(uow.session.scalars(select(ProcessedEvent.event_id)))
    for event in events:
        source = event.get("source")
        user = isinstance(source, dict) and source.get("type") == "user" and source.get("userId")
        if user and event.get("webhookEventId"):
            assert event["webhookEventId"] in seen, event["type"]


@FUZZ
@given(body=st.binary(max_size=300), signed=st.booleans())
def test_random_bytes_get_400_never_500(client, body, signed):  # noqa: F811
    response = _post(client, body, signed=signed)
    assert response.status_code == 400
    assert b"Traceback" not in response.data


@FUZZ
@given(body=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                         max_leaves=10))
def test_any_signed_json_is_answered_cleanly(client, body):  # noqa: F811
    response = _post(client, json.dumps({"events": [body]}).encode())
    assert response.status_code in (200, 400)
    response = _post(client, json.dumps(body).encode())
    assert response.status_code in (200, 400)
