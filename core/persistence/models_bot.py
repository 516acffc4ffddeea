"""Tables of the LINE edge: what the local-mode fake LINE API received, and content it holds.

Local mode runs web workers and the clock as separate processes, so the fake LINE keeps
what it was sent in the database, where `/simulator` can read replies and pushes alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.models import Base, BigId


class FakeLineMessage(Base):
    """One reply or push the local fake LINE API accepted."""

    __tablename__ = "fake_line_messages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(12))  # reply | push
    to_id: Mapped[str] = mapped_column(String(64))
    reply_token: Mapped[str | None] = mapped_column(String(120), unique=True)
    retry_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    messages: Mapped[list[Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_fake_line_messages_to", "to_id", "id"),)


class FakeLineContent(Base):
    """A photo or file a simulated user sent, served as LINE's message content."""

    __tablename__ = "fake_line_content"
    message_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
