"""What a complainant answers to the closing message: a 1-5 rating, or a request to reopen.

The bot turns the postbacks `rate:<tracking no>:<score>[:<closing>]` and
`reopen:<tracking no>` (see `notify.satisfaction_question`) into calls here, and replies
with the Thai text returned. The first rating of a closing is kept: pressing again does
not change it (docs/conversation.md says why). Reopening itself stays a staff decision
(`cases.reopen`); the request alerts the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.domain.cases import REOPEN_REASON_MAX_CHARS
from core.domain.clock import local_date
from core.domain.thaidate import thai_date
from core.persistence.models import Case
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.notify import RATE_COMMAND, REOPEN_COMMAND, enqueue, reopen_deadline
from core.services.recipients import case_alert_recipients

NOT_FOUND = "ไม่พบเรื่องที่ยุติแล้วของท่านตามเลขที่นี้"


@dataclass(frozen=True)
class Feedback:
    kind: str  # rate | reopen
    tracking_no: str
    score: int | None = None
    closing: int | None = None  # the closing event a rating button was sent with


def parse_feedback(command: str) -> Feedback | None:
    """`rate:2569-000123:5[:<closing>]` or `reopen:2569-000123`; None for anything else."""
    parts = command.strip().split(":")
    if (len(parts) in (3, 4) and parts[0] == RATE_COMMAND and parts[2] in {"1", "2", "3", "4", "5"}
            and (len(parts) == 3 or parts[3].isdecimal())):
        closing = int(parts[3]) if len(parts) == 4 else None
        return Feedback("rate", parts[1], int(parts[2]), closing)
    if len(parts) == 2 and parts[0] == REOPEN_COMMAND and parts[1]:
        return Feedback("reopen", parts[1])
    return None


def record_satisfaction(uow: UnitOfWork, line_user_id: str, tracking_no: str, score: int,
                        now: datetime, closing: int | None = None) -> str:
    """Keep the complainant's first 1-5 rating of a case's latest closing; the reply."""
    if not 1 <= score <= 5:
        return "กรุณาเลือกคะแนน 1 ถึง 5"
    case = uow.cases.by_tracking_no(tracking_no)
    if case is None or case.line_user_id != line_user_id:
        return NOT_FOUND
    if case.status != "closed":
        return (f"เรื่องเลขที่ {case.tracking_no} ยังไม่ได้ยุติ จึงยังประเมินความพึงพอใจไม่ได้ "
                "เมื่อยุติเรื่องแล้ว ท่านจะได้รับข้อความให้ประเมินอีกครั้งค่ะ")
    st = store(uow.session)
    latest = st.last_event(case.id, "closed")
    if closing is not None and (latest is None or latest.id != closing):
        return (f"ปุ่มนี้เป็นของการแจ้งยุติเรื่องเลขที่ {case.tracking_no} ครั้งก่อน "
                "เรื่องนี้ได้เปิดดำเนินการใหม่และยุติอีกครั้งแล้ว "
                "กรุณาให้คะแนนจากข้อความแจ้งยุติเรื่องครั้งล่าสุดค่ะ")
    kept = st.first_event_since(case.id, "satisfaction", case.closed_at)
    if kept is not None:
        return (f"ท่านได้ให้คะแนนความพึงพอใจเรื่องเลขที่ {case.tracking_no} ไว้แล้ว "
                f"คือ {kept.data.get('score')} จาก 5 (เมื่อ {texts.when(kept.at)}) "
                "ระบบบันทึกคะแนนแรกไว้ จึงไม่เปลี่ยนคะแนน ขอบคุณค่ะ "
                "หากมีความเห็นเพิ่มเติม ติดต่อได้ที่สายด่วน 1506")
    data = {"score": score} | ({"closing": latest.id} if latest is not None else {})
    st.add_case_event(case.id, now, "satisfaction", data, actor="complainant")
    return f"ขอบคุณสำหรับคะแนน {score} จาก 5 ความเห็นของท่านช่วยให้เราปรับปรุงการให้บริการ"


@dataclass(frozen=True)
class ReopenCheck:
    """Whether a complainant may ask now for a case to be reopened."""

    refusal: str | None  # why not, in Thai; None when the request may be made
    by: date | None = None  # the last day it may be made


def check_reopen(uow: UnitOfWork, line_user_id: str, tracking_no: str,
                 at: datetime) -> ReopenCheck:
    """Before the reason is asked: the person's closed case, in the period, not asked yet."""
    case = _own_closed_case(uow, line_user_id, tracking_no)
    return ReopenCheck(NOT_FOUND) if case is None else _check(uow, case, at)


def request_reopen(uow: UnitOfWork, line_user_id: str, tracking_no: str, now: datetime,
                   reason: str, *, asked_at: datetime | None = None) -> str:
    """Record a request to reopen a closed case, with the complainant's reason (the period is
    that of `asked_at`, when the button was pressed); the unit is alerted. The reply."""
    reason = reason.strip()
    if not reason:
        return "กรุณาระบุเหตุผลที่ขอเปิดเรื่องใหม่"
    case = _own_closed_case(uow, line_user_id, tracking_no)
    if case is None:
        return NOT_FOUND
    refusal = _check(uow, case, min(asked_at or now, now)).refusal
    if refusal:
        return refusal
    st = store(uow.session)
    st.add_case_event(case.id, now, "reopen_requested",
                      {"reason": reason[:REOPEN_REASON_MAX_CHARS]}, actor="complainant")
    unit = (case.unit.short_th or case.unit.name_th) if case.unit else case.unit_code
    # the reason is the complainant's own words: on the case page, not in a LINE group
    text = (f"🔁 ผู้ร้องขอเปิดเรื่องใหม่\n{texts.case_line(case.tracking_no, case.category, unit)}"
            "\nเหตุผลของผู้ร้องดูได้ที่หน้าเรื่องในระบบ กรุณาพิจารณาและเปิดเรื่องใหม่หากเห็นควร")
    stamp = case.closed_at.strftime("%Y%m%dT%H%M") if case.closed_at else "0"
    for recipient in case_alert_recipients(st, case.unit_code):
        message = texts.text_message(texts.for_recipient(text, recipient.stands_in_for, unit))
        enqueue(uow, key=f"staff:reopen:{case.id}:{stamp}:{recipient.role}",
                to=recipient.line_id, audience="staff", kind="staff_reopen_request",
                messages=[message], now=now, case_id=case.id)
    return (f"ได้รับคำขอเปิดเรื่อง {case.tracking_no} ใหม่แล้ว "
            "เจ้าหน้าที่จะพิจารณาและแจ้งผลให้ท่านทราบทาง LINE")


def _check(uow: UnitOfWork, case: Case, at: datetime) -> ReopenCheck:
    by = reopen_deadline(uow, case)
    if local_date(at) > by:
        return ReopenCheck(f"พ้นกำหนดขอเปิดเรื่องใหม่แล้ว (ภายใน {thai_date(by)}) "
                           "หากยังมีปัญหา กรุณาแจ้งเรื่องร้องเรียนใหม่ผ่านเมนู \"ร้องเรียน\"", by)
    if store(uow.session).has_event_since(case.id, "reopen_requested", case.closed_at):
        return ReopenCheck("ได้รับคำขอเปิดเรื่องใหม่ของท่านแล้ว เจ้าหน้าที่กำลังพิจารณา", by)
    return ReopenCheck(None, by)


def _own_closed_case(uow: UnitOfWork, line_user_id: str, tracking_no: str) -> Case | None:
    case = uow.cases.by_tracking_no(tracking_no)
    if case is None or case.line_user_id != line_user_id or case.status != "closed":
        return None
    return case
