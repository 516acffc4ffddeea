"""Asking to reopen a closed case, through signed webhooks: a short reason comes first."""

from __future__ import annotations

from datetime import timedelta

from core.persistence.models import Conversation
from rongrian.runtime import Runtime
from tests.bot.closing import closed_case, closing_buttons, timeline
from tests.bot.conftest import LineUser

REASON = "โรงพยาบาลยังไม่คืนเงินค่ายา 1,500 บาท"


def reopen_button(runtime: Runtime, tracking_no: str) -> str:
    """The postback data of the closing message's "ขอเปิดเรื่องใหม่"."""
    [data] = [d for d in closing_buttons(runtime, tracking_no) if d.startswith("reopen:")]
    return data


def sticker(user: LineUser) -> list[str]:
    """Send a sticker; returns the bot's answers."""
    return user.answers(user.message({"type": "sticker", "packageId": "446",
                                      "stickerId": "1988", "stickerResourceType": "STATIC"}))


def state(runtime: Runtime, user: LineUser) -> str:
    """The stored conversation state of the user."""
    with runtime.uow() as uow:
        return uow.session.get(Conversation, user.id).state


def test_the_request_waits_for_a_reason_and_keeps_it(somchai: LineUser,
                                                      runtime: Runtime) -> None:
    tracking = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง")
    asked = somchai.press(reopen_button(runtime, tracking))[0]
    assert "เหตุผล" in asked and tracking in asked and somchai.buttons() == ["ยกเลิก"]
    again = sticker(somchai)[0]
    assert "สติกเกอร์" in again and "เหตุผล" in again
    assert "เหตุผล" in somchai.say("   ")[0]
    assert "เหตุผลเป็นข้อความ" in somchai.say("ครับ")[0]
    assert timeline(runtime, tracking, "reopen_requested") == []  # nothing recorded yet
    assert "ได้รับคำขอเปิดเรื่อง" in somchai.say(REASON)[0]
    assert timeline(runtime, tracking, "reopen_requested") == [{"reason": REASON}]
    assert state(runtime, somchai) == "idle" and "ร้องเรียน" in somchai.buttons()
    assert "กำลังพิจารณา" in somchai.press(reopen_button(runtime, tracking))[0]
    assert state(runtime, somchai) == "idle"  # asked once: no reason asked again


def test_cancel_records_nothing_and_the_button_still_works(somchai: LineUser,
                                                           runtime: Runtime) -> None:
    tracking = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง")
    somchai.press(reopen_button(runtime, tracking))
    cancelled = somchai.tap("ยกเลิก")[0]
    assert "ยกเลิกคำขอเปิดเรื่อง" in cancelled and state(runtime, somchai) == "idle"
    assert timeline(runtime, tracking, "reopen_requested") == []
    assert "เหตุผล" in somchai.press(reopen_button(runtime, tracking))[0]
    somchai.say(REASON)
    assert timeline(runtime, tracking, "reopen_requested") == [{"reason": REASON}]


def test_a_request_that_cannot_be_made_asks_no_reason(somchai: LineUser,
                                                      runtime: Runtime) -> None:
    tracking = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง",
                           closed_ago=timedelta(days=60))
    assert "พ้นกำหนด" in somchai.press(reopen_button(runtime, tracking))[0]
    assert state(runtime, somchai) == "idle"
    assert "ไม่พบเรื่อง" in somchai.press("reopen:2569-999999")[0]
    assert state(runtime, somchai) == "idle"
