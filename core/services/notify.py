"""What a case change tells people: rows in the outbox, in the change's own transaction."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from core.domain.cases import OUTCOMES_TO_COMPLAINANT, STATUSES
from core.domain.clock import local_date
from core.domain.thaidate import thai_date
from core.persistence.models import Case, CaseEvent
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.calendar import calendar_for
from core.services.notify_policy import NotifyPolicy, load_notify_policy
from core.services.recipients import Recipient, case_alert_recipients

# postback `rate:<tracking no>:<1-5>:<closing event id>` (the bot's `prefix:value` style;
# buttons sent before the closing id was added have three parts and rate the latest closing)
RATE_COMMAND = "rate"
REOPEN_COMMAND = "reopen"  # postback `reopen:<tracking no>`
SATISFACTION_LABELS = {5: "5 พอใจมากที่สุด", 4: "4 พอใจมาก", 3: "3 พอใจปานกลาง",
                       2: "2 พอใจน้อย", 1: "1 ไม่พอใจ"}


def enqueue(uow: UnitOfWork, *, key: str, to: str, audience: str, kind: str,
            messages: list[dict[str, Any]], now: datetime, case_id: int | None = None,
            not_before: datetime | None = None, policy: NotifyPolicy | None = None) -> bool:
    """Queue a push once per key; False when that key was queued before.

    Messages to complainants that fall in quiet hours wait until the quiet hours end.
    """
    if audience == "complainant" and policy is None:
        policy = load_notify_policy(uow)
    return store(uow.session).insert_outbox_once(outbox_row(
        key=key, to=to, audience=audience, kind=kind, messages=messages, now=now,
        case_id=case_id, not_before=not_before, policy=policy))


def enqueue_many(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    """Queue rows made by `outbox_row` in a few statements; how many keys were new."""
    return store(uow.session).insert_outbox_many(rows)


def outbox_row(*, key: str, to: str, audience: str, kind: str, messages: list[dict[str, Any]],
               now: datetime, case_id: int | None = None, not_before: datetime | None = None,
               policy: NotifyPolicy | None = None) -> dict[str, Any]:
    """The outbox row of one push (quiet hours applied to complainants), not yet stored."""
    due = max(not_before or now, now)
    if audience == "complainant":
        due = (policy or NotifyPolicy()).release_at(due) or due
    return dict(dedupe_key=key, to=to, audience=audience, kind=kind, case_id=case_id,
                messages=messages, retry_key=str(uuid.uuid4()), status="pending", attempts=0,
                next_attempt_at=due, created_at=now)


def case_filed(uow: UnitOfWork, case: Case, now: datetime) -> None:
    """Tell the unit a new case arrived."""
    text = texts.new_case(case.tracking_no, case.category, _unit_name(case), case.contact_due_at,
                          case.due_date, now)
    for recipient in case_alert_recipients(store(uow.session), case.unit_code):
        enqueue(uow, key=f"staff:new:{case.id}:{recipient.role}", to=recipient.line_id,
                audience="staff", kind="staff_new",
                messages=[_staff_message(text, recipient, case)], now=now, case_id=case.id)


def case_event(uow: UnitOfWork, case: Case, event: CaseEvent, now: datetime) -> None:
    """Tell the complainant about a public step of their case (and a new unit of a transfer)."""
    if event.kind == "transferred":
        _tell_new_unit(uow, case, event, now)
    if not (event.public and case.line_user_id):
        return
    messages = complainant_messages(uow, case, event)
    if messages:
        enqueue(uow, key=f"event:{event.id}", to=case.line_user_id, audience="complainant",
                kind=f"case_{event.kind}", messages=messages, now=now, case_id=case.id)


def _tell_new_unit(uow: UnitOfWork, case: Case, event: CaseEvent, now: datetime) -> None:
    text = texts.transferred_in(case.tracking_no, case.category, _unit_name(case),
                                str(event.data.get("reason", "")), case.due_date)
    for recipient in case_alert_recipients(store(uow.session), case.unit_code):
        enqueue(uow, key=f"staff:transfer:{event.id}:{recipient.role}", to=recipient.line_id,
                audience="staff", kind="staff_transfer",
                messages=[_staff_message(text, recipient, case)], now=now, case_id=case.id)


def _staff_message(text: str, recipient: Recipient, case: Case) -> dict[str, Any]:
    return texts.text_message(texts.for_recipient(text, recipient.stands_in_for,
                                                  _unit_name(case)))


def complainant_messages(uow: UnitOfWork, case: Case, event: CaseEvent
                         ) -> list[dict[str, Any]] | None:
    """The LINE messages a complainant receives for a public event, or None."""
    text = complainant_text(case, event)
    if text is None:
        return None
    if event.kind != "closed":
        return [texts.text_message(text)]
    deadline = reopen_deadline(uow, case)
    return [texts.text_message(text),
            satisfaction_question(case.tracking_no, deadline, closing=event.id)]


def complainant_text(case: Case, event: CaseEvent) -> str | None:
    """The Thai message a complainant reads for a public event."""
    unit = _unit_name(case) if event.kind == "transferred" else None  # only that one names it
    return event_text(case.tracking_no, case.status, unit, event.kind, event.data)


def event_text(tracking_no: str, status: str, unit_name: str | None, kind: str,
               data: dict[str, Any]) -> str | None:
    """`complainant_text` from the values it reads (the case list reads no ORM objects)."""
    head = f"เรื่องร้องเรียนเลขที่ {tracking_no}\n"
    if kind == "contacted":
        return head + "เจ้าหน้าที่ได้รับเรื่องและติดต่อท่านแล้ว" + _suffix(data.get("note"))
    if kind == "note":
        return head + "ความคืบหน้า: " + str(data.get("text", ""))
    if kind == "transferred":
        return (head + f"ได้ส่งต่อเรื่องไปยัง {unit_name or data.get('unit')} "
                f"ซึ่งเป็นหน่วยงานที่รับผิดชอบ\nเหตุผล: {data.get('reason', '')}")
    if kind == "closed":
        outcome = OUTCOMES_TO_COMPLAINANT.get(int(data.get("outcome", 0)), "")
        return head + f"ยุติเรื่องแล้ว\nผลการดำเนินการ: {outcome}\nคำชี้แจง: {data.get('explanation', '')}"
    if kind == "reopened":
        return head + f"เปิดเรื่องใหม่แล้ว สถานะ: {STATUSES[status]}"
    return None


def satisfaction_question(tracking_no: str, reopen_by: date, closing: int | None = None
                          ) -> dict[str, Any]:
    """The 1-5 satisfaction question (its buttons name the closing they rate), with a button
    to ask for the case to be reopened."""
    suffix = f":{closing}" if closing is not None else ""
    actions = [texts.postback(label, f"{RATE_COMMAND}:{tracking_no}:{score}{suffix}")
               for score, label in SATISFACTION_LABELS.items()]
    actions.append(texts.postback("ขอเปิดเรื่องใหม่", f"{REOPEN_COMMAND}:{tracking_no}",
                                  f"ขอเปิดเรื่อง {tracking_no} ใหม่"))
    text = ("ท่านพึงพอใจต่อการดำเนินการเรื่องนี้เพียงใด กรุณาเลือกคะแนน 1-5 "
            "(5 = พอใจมากที่สุด)\n"
            f"หากเรื่องยังไม่ได้รับการแก้ไข ท่านขอเปิดเรื่องใหม่ได้ภายใน {thai_date(reopen_by)} "
            "โดยกดปุ่ม \"ขอเปิดเรื่องใหม่\"")
    return texts.text_message(text, actions)


def reopen_deadline(uow: UnitOfWork, case: Case, policy: NotifyPolicy | None = None) -> date:
    """The last day a complainant may ask for a closed case to be reopened."""
    policy = policy or load_notify_policy(uow)
    closed = case.closed_date or (local_date(case.closed_at) if case.closed_at else None)
    closed = closed or local_date(case.updated_at)
    return calendar_for(uow, closed).deadline(closed, policy.reopen_working_days)


def line_status(uow: UnitOfWork, line_user_id: str | None) -> str:
    """`following`, `blocked` (the user blocked the bot) or `unknown`, for the case page."""
    if not line_user_id:
        return "unknown"
    follower = store(uow.session).follower(line_user_id)
    if follower is None:
        return "unknown"
    return "following" if follower.following else "blocked"


def _unit_name(case: Case) -> str:
    return (case.unit.short_th or case.unit.name_th) if case.unit else case.unit_code


def _suffix(note: Any) -> str:
    return f"\n{note}" if note else ""


def received_label(case: Case) -> str:
    """The receipt date in Thai."""
    return thai_date(local_date(case.received_at))
