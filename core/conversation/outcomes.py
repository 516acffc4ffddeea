"""What the conversation says when an effect's outcome comes back (filed, listed, linked…)."""

from __future__ import annotations

from datetime import datetime

from core.conversation import flow_link as link
from core.conversation import flow_reopen as reopen
from core.conversation import inputs
from core.conversation.memory import Draft
from core.conversation.prompts import menu
from core.conversation.states import State
from core.conversation.turn import Turn
from core.domain.clock import BANGKOK
from core.domain.thaidate import thai_date, thai_datetime

OUTCOMES = (inputs.Filed, inputs.FilingFailed, inputs.CaseList, inputs.LinkResult,
            inputs.StaffLinkResult, inputs.ReopenAllowed, inputs.Answer)
FEEDBACK_COMMANDS = frozenset({"rate", "reopen"})  # the closing message's buttons


def on_outcome(t: Turn) -> None:
    event = t.event
    if isinstance(event, inputs.Filed):
        t.mem.draft = Draft()
        t.mem.editing = t.mem.back = t.mem.pending = None
        t.mem.anon = []
        t.state = State.IDLE
        return t.replies.append(menu(filed_text(event)))
    if isinstance(event, inputs.FilingFailed):
        t.state = State.CONFIRM
        return t.reprompt(f"ขออภัย ยังส่งเรื่องไม่สำเร็จ: {event.reason_th}")
    if isinstance(event, inputs.ReopenAllowed):
        return reopen.ask_reason(t, event)
    if isinstance(event, inputs.Answer):
        if t.state == State.IDLE:
            return t.replies.append(menu(event.text))
        return t.reprompt(event.text)
    if isinstance(event, inputs.CaseList):
        text = link.case_list_text(event)
        if t.state == State.IDLE:
            return t.replies.append(menu(text))
        t.say(text)
        return t.reprompt()
    if isinstance(event, inputs.LinkResult):
        return link.on_link_result(t, event)
    if isinstance(event, inputs.StaffLinkResult):
        if event.ok:
            lead = (f"เชื่อมบัญชี LINE นี้กับบัญชีเจ้าหน้าที่ {event.username} แล้ว "
                    "ท่านจะได้รับการแจ้งเตือนเรื่องร้องเรียนทาง LINE นี้")
        else:
            lead = "รหัสเชื่อมบัญชีไม่ถูกต้องหรือหมดอายุแล้ว กรุณาขอรหัสใหม่จากหน้าผู้ดูแลระบบ"
            link.count_failure(t)
        if t.state == State.IDLE:
            return t.replies.append(menu(lead))
        return t.reprompt(lead)


def filed_text(event: inputs.Filed) -> str:
    """What the person reads when the complaint (or suggestion) was filed."""
    if not event.formal:
        return (f"ได้รับข้อเสนอแนะของท่านแล้ว ขอบคุณค่ะ (เลขอ้างอิง {event.tracking_no})\n\n"
                "ข้อเสนอแนะนี้ไม่ใช่เรื่องร้องเรียนอย่างเป็นทางการ เพราะไม่มีชื่อ ที่อยู่ "
                "และเบอร์โทรศัพท์ของผู้ร้อง สปส. จะนำไปใช้ปรับปรุงการให้บริการ "
                "แต่จะไม่ติดต่อกลับหรือแจ้งผล")
    contact = _thai_moment(event.contact_due_at)
    return (f"ได้รับเรื่องร้องเรียนของท่านแล้ว\n\nเลขที่เรื่อง: {event.tracking_no}\n"
            f"หน่วยงานที่รับผิดชอบ: {event.unit_name}\n"
            f"กำหนดแล้วเสร็จ: ภายในวันที่ {thai_date(event.due_date)}\n\n"
            "ขั้นตอนต่อไป: เจ้าหน้าที่จะโทรศัพท์ติดต่อท่านภายใน 36 ชั่วโมง "
            f"(ภายใน {contact}) ท่านจะได้รับแจ้งความคืบหน้าทาง LINE นี้ "
            "และดูสถานะได้ทุกเมื่อที่เมนู \"ติดตามเรื่อง\"\n"
            "กรุณาจดเลขที่เรื่องไว้สำหรับติดต่อสอบถาม สายด่วน 1506")


def _thai_moment(moment: datetime) -> str:
    return thai_datetime(moment.astimezone(BANGKOK))


