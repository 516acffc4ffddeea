"""Where a draft goes next: the first thing still missing, else the summary."""

from __future__ import annotations

from core.conversation.memory import Draft
from core.conversation.states import State
from core.conversation.turn import Turn

BANGKOK = "10"


def next_state(draft: Draft) -> State:
    """The state that asks for the first missing field of the draft."""
    if not draft.description:
        return State.DESCRIBE
    if not draft.category:
        return State.CATEGORY
    if draft.category == "medical" and not draft.hospital_done:
        return State.HOSPITAL
    if not draft.first_name:
        return State.NAME
    if not draft.last_name:
        return State.SURNAME
    if not draft.address:
        return State.ADDRESS
    if not draft.province_code:
        return State.PROVINCE
    if draft.province_code == BANGKOK and not (draft.district_code or draft.district_done):
        return State.DISTRICT
    if not draft.phone:
        return State.PHONE
    return State.CONFIRM


def proceed(t: Turn, lead: str | None = None) -> None:
    """Go to the next missing field (or the summary), saying `lead` first."""
    state = next_state(t.mem.draft)
    if state == State.CONFIRM:
        t.mem.editing = None
    t.state = state
    t.reprompt(lead)


def stale(t: Turn) -> None:
    """A button from an earlier step was pressed, or input this state cannot use."""
    t.reprompt("ปุ่มนี้ใช้ไม่ได้ในขั้นตอนนี้แล้ว")


def not_text(t: Turn) -> None:
    """A sticker, photo or location where text is expected: say so, and ask again."""
    from core.conversation import inputs

    event = t.event
    if isinstance(event, inputs.Sticker):
        lead = "ขอบคุณสำหรับสติกเกอร์ค่ะ 😊 ขั้นตอนนี้ต้องการคำตอบเป็นข้อความ"
    elif isinstance(event, inputs.Location):
        lead = "ได้รับตำแหน่งที่ตั้งแล้ว แต่ขั้นตอนนี้ต้องการคำตอบเป็นข้อความ"
    elif isinstance(event, inputs.Media):
        lead = "ขั้นตอนนี้ยังไม่รับรูปภาพหรือไฟล์ กรุณาตอบเป็นข้อความ"
    elif isinstance(event, inputs.Text):
        lead = "ขออภัย ไม่เข้าใจคำตอบนี้"
    else:
        lead = "ขออภัย ยังไม่รองรับข้อความประเภทนี้ กรุณาตอบเป็นข้อความ"
    t.reprompt(lead)
