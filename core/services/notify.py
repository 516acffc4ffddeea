"""What a case change tells people: rows in the outbox, in the change's own transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from core.domain.cases import OUTCOMES, STATUSES
from core.domain.clock import local_date
from core.domain.thaidate import thai_date
from core.persistence.models import Case, CaseEvent, OutboxMessage
from core.persistence.uow import UnitOfWork


def enqueue(uow: UnitOfWork, *, key: str, to: str, audience: str, kind: str,
            messages: list[dict[str, Any]], now: datetime, case_id: int | None = None,
            not_before: datetime | None = None) -> bool:
    """Queue a push once per key; False when that key was queued before."""
    if uow.outbox.has_key(key):
        return False
    uow.outbox.add(OutboxMessage(
        dedupe_key=key, to=to, audience=audience, kind=kind, case_id=case_id,
        messages=messages, retry_key=str(uuid.uuid4()), status="pending",
        next_attempt_at=not_before or now, created_at=now,
    ))
    return True


def case_filed(uow: UnitOfWork, case: Case, now: datetime) -> None:
    """Tell the unit a new case arrived."""
    target = case.unit.line_group_id if case.unit else None
    if target:
        text = (f"เรื่องร้องเรียนใหม่ {case.tracking_no}\n"
                f"กำหนดติดต่อผู้ร้องภายใน 36 ชั่วโมง และแล้วเสร็จภายใน {thai_date(case.due_date)}")
        enqueue(uow, key=f"staff:new:{case.id}", to=target, audience="staff", kind="staff_new",
                messages=[_text(text)], now=now, case_id=case.id)


def case_event(uow: UnitOfWork, case: Case, event: CaseEvent, now: datetime) -> None:
    """Tell the complainant about a public step of their case."""
    if not (event.public and case.line_user_id):
        return
    text = complainant_text(case, event)
    if text:
        enqueue(uow, key=f"event:{event.id}", to=case.line_user_id, audience="complainant",
                kind=f"case_{event.kind}", messages=[_text(text)], now=now, case_id=case.id)


def complainant_text(case: Case, event: CaseEvent) -> str | None:
    """The Thai message a complainant reads for a public event."""
    head = f"เรื่องร้องเรียนเลขที่ {case.tracking_no}\n"
    data = event.data
    if event.kind == "contacted":
        return head + "เจ้าหน้าที่ได้รับเรื่องและติดต่อท่านแล้ว" + _suffix(data.get("note"))
    if event.kind == "note":
        return head + "ความคืบหน้า: " + str(data.get("text", ""))
    if event.kind == "transferred":
        unit = case.unit.name_th if case.unit else data.get("unit")
        return head + f"ได้ส่งต่อเรื่องไปยัง {unit}\nเหตุผล: {data.get('reason', '')}"
    if event.kind == "closed":
        outcome = OUTCOMES.get(int(data.get("outcome", 0)), "")
        return (head + f"ยุติเรื่องแล้ว ({outcome})\nคำชี้แจง: {data.get('explanation', '')}\n"
                "หากยังไม่ได้รับการแก้ไข ท่านสามารถขอเปิดเรื่องใหม่ได้ผ่านเมนู \"ติดตามเรื่อง\"")
    if event.kind == "reopened":
        return head + f"เปิดเรื่องใหม่แล้ว สถานะ: {STATUSES[case.status]}"
    return None


def _suffix(note: Any) -> str:
    return f"\n{note}" if note else ""


def _text(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text[:5000]}


def received_label(case: Case) -> str:
    """The receipt date in Thai."""
    return thai_date(local_date(case.received_at))
