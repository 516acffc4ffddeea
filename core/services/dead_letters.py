"""Pushes LINE refused (other 4xx, or retries exhausted): for staff to see and send again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.domain.errors import DomainError, NotFound
from core.persistence.models import Case, OutboxMessage
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork
from core.services.notify_policy import load_notify_policy
from core.services.retry_keys import fresh_key, key_usable_at

RETRYABLE = ("dead", "skipped", "cancelled")


@dataclass(frozen=True)
class DeadLetter:
    """One refused push, as the admin page lists it."""

    id: int
    audience: str
    kind: str
    case_id: int | None
    attempts: int
    last_error: str | None
    created_at: datetime
    preview: str


@dataclass(frozen=True)
class OutboxHealth:
    """Counts by status and the oldest message still waiting (for the admin dashboard)."""

    counts: dict[str, int]
    oldest_pending_at: datetime | None


def list_dead_letters(uow: UnitOfWork, limit: int = 200,
                      status: str = "dead") -> list[DeadLetter]:
    """Dead letters (or skipped / cancelled pushes), newest first."""
    return [_letter(r) for r in store(uow.session).outbox_by_status(status, limit)]


def undelivered_to_complainant(uow: UnitOfWork, case_id: int) -> list[DeadLetter]:
    """What the complainant of a case was meant to read on LINE and never got (the case
    page tells staff to call instead)."""
    rows = store(uow.session).outbox_by_status("dead", case_id=case_id, audience="complainant")
    return [_letter(r) for r in rows]


def _letter(row: OutboxMessage) -> DeadLetter:
    return DeadLetter(id=row.id, audience=row.audience, kind=row.kind, case_id=row.case_id,
                      attempts=row.attempts, last_error=row.last_error,
                      created_at=row.created_at, preview=_preview(row.messages))


def retry_dead_letter(uow: UnitOfWork, message_id: int, now: datetime) -> None:
    """Queue a refused push again (the next dispatch sends it): with its own retry key while
    LINE still knows it, so a push LINE had taken is not delivered twice, else a fresh one."""
    row = store(uow.session).outbox_row(message_id)
    if row is None:
        raise NotFound("ไม่พบข้อความนี้")
    if row.status not in RETRYABLE:
        raise DomainError("ข้อความนี้ไม่ได้อยู่ในสถานะที่ส่งซ้ำได้")
    if row.audience == "complainant" and row.case_id is not None:
        case = uow.session.get(Case, row.case_id)
        if case is not None and case.anonymised_at is not None:
            raise DomainError("ลบข้อมูลส่วนบุคคลของเรื่องนี้แล้ว จึงส่งข้อความถึงผู้ร้องไม่ได้")
    due = now
    if row.audience == "complainant":
        due = load_notify_policy(uow).release_at(now) or now
    if not key_usable_at(row.first_tried_at, due):
        row.retry_key, row.first_tried_at = fresh_key(), None
    row.status, row.attempts, row.next_attempt_at = "pending", 0, due
    uow.flush()


def outbox_health(uow: UnitOfWork) -> OutboxHealth:
    """How many pushes are in each state, and how long the oldest has waited."""
    st = store(uow.session)
    return OutboxHealth(counts=st.outbox_counts(), oldest_pending_at=st.oldest_pending())


def _preview(messages: list[dict[str, object]]) -> str:
    for message in messages:
        text = message.get("text")
        if isinstance(text, str):
            return text if len(text) <= 120 else text[:119] + "…"
    return f"[{messages[0].get('type', '?')}]" if messages else ""
