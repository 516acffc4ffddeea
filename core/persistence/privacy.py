"""Queries for the PDPA duties: who has data past retention, everything about one person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.persistence.models import (
    Attachment,
    Case,
    Conversation,
    Follower,
    KeyValue,
    OutboxMessage,
)


def closed_before(session: Session, cutoff: datetime, limit: int) -> Sequence[Case]:
    """Closed cases not yet anonymised whose closing is older than the cutoff."""
    query = (select(Case).where(Case.status == "closed", Case.closed_at < cutoff,
                                Case.anonymised_at.is_(None)).order_by(Case.id).limit(limit))
    return session.scalars(query).unique().all()


def cases_of_person(session: Session, phone: str | None, line_user_id: str | None
                    ) -> Sequence[Case]:
    """Every case with this phone number or LINE account."""
    conditions = []
    if phone:
        conditions.append(Case.phone == phone)
    if line_user_id:
        conditions.append(Case.line_user_id == line_user_id)
    if not conditions:
        return []
    return session.scalars(select(Case).where(or_(*conditions)).order_by(Case.id)).unique().all()


def line_records(session: Session, line_user_id: str
                 ) -> tuple[Follower | None, Conversation | None, Sequence[Attachment]]:
    """What the bot holds about a LINE account outside its cases."""
    attachments = session.scalars(
        select(Attachment).where(Attachment.owner_line_user_id == line_user_id)).all()
    return (session.get(Follower, line_user_id), session.get(Conversation, line_user_id),
            attachments)


UNSENT = ("pending", "sending", "dead", "skipped")  # queued, in flight, refused or skipped


def complainant_pushes(session: Session, case_id: int) -> Sequence[OutboxMessage]:
    """Every push to a case's complainant, sent or not (they name the person's LINE account
    and carry what was said to them)."""
    query = select(OutboxMessage).where(
        OutboxMessage.case_id == case_id, OutboxMessage.audience == "complainant")
    return session.scalars(query).all()


def storage_key_users(session: Session, storage_key: str) -> int:
    """How many attachment rows share a stored file (files are named by their content)."""
    query = select(func.count()).select_from(Attachment).where(
        Attachment.storage_key == storage_key)
    return int(session.scalar(query) or 0)


def last_run(session: Session, key: str) -> str | None:
    """The date a daily job last ran, as stored in `kv`."""
    row = session.get(KeyValue, key)
    return str(row.value.get("date")) if row else None


def mark_run(session: Session, key: str, day: str, now: datetime) -> None:
    """Remember that a daily job ran on a date."""
    session.merge(KeyValue(key=key, value={"date": day}, updated_at=now))
