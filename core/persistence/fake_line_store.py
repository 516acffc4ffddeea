"""What the local-mode fake LINE API keeps: replies and pushes it accepted, and content."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.persistence.models import KeyValue
from core.persistence.models_bot import FakeLineContent, FakeLineMessage


class FakeLineStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_message(self, *, kind: str, to_id: str, messages: list[dict[str, Any]],
                    now: datetime, reply_token: str | None = None,
                    retry_key: str | None = None) -> int | None:
        """Keep one request's messages; None when its reply token or retry key was used."""
        row = FakeLineMessage(kind=kind, to_id=to_id, messages=messages, at=now,
                              reply_token=reply_token, retry_key=retry_key)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return None
        return row.id

    def messages_for(self, to_id: str, after: int, limit: int = 50) -> Sequence[FakeLineMessage]:
        """Messages sent to a user or group after an id, oldest first."""
        query = (select(FakeLineMessage).where(FakeLineMessage.to_id == to_id,
                                               FakeLineMessage.id > after)
                 .order_by(FakeLineMessage.id).limit(limit))
        return self.session.scalars(query).all()

    def put_content(self, message_id: str, content_type: str, data: bytes,
                    now: datetime) -> None:
        """Hold a simulated photo or file until the bot downloads it."""
        self.session.merge(FakeLineContent(message_id=message_id, content_type=content_type,
                                           data=data, created_at=now))

    def content(self, message_id: str) -> FakeLineContent | None:
        """A simulated message's content, or None."""
        return self.session.get(FakeLineContent, message_id)

    def kv(self, key: str) -> dict[str, Any]:
        """A small value of the fake (its rich menus)."""
        row = self.session.get(KeyValue, key)
        return dict(row.value) if row else {}

    def set_kv(self, key: str, value: dict[str, Any], now: datetime) -> None:
        """Set a small value of the fake."""
        self.session.merge(KeyValue(key=key, value=value, updated_at=now))


def fake_line_store(session: Session) -> FakeLineStore:
    """The fake LINE's queries bound to a session."""
    return FakeLineStore(session)
