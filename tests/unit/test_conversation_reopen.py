"""The conversation machine: a reopen request asks for a short reason before it is made."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.conversation import inputs
from core.conversation.replies import GiveFeedback, RequestReopen
from core.conversation.states import State
from tests.unit.test_conversation_support import Chat, to_phone_step

TRACKING = "2569-000042"
BY = date(2026, 3, 25)


def asked(chat: Chat) -> list[str]:
    """Press the closing message's reopen button; the service allows it."""
    chat.press(f"reopen:{TRACKING}")
    assert chat.effects == [GiveFeedback(f"reopen:{TRACKING}")] and chat.replies == []
    return chat.send(inputs.ReopenAllowed(TRACKING, BY))


def test_the_reason_is_asked_then_sent_with_the_request() -> None:
    chat = Chat(first_contact=False)
    texts = asked(chat)
    pressed_at = chat.now
    assert chat.state == State.REOPEN_REASON and "เหตุผล" in texts[0] and TRACKING in texts[0]
    assert chat.buttons() == ["ยกเลิก"]
    chat.say("โรงพยาบาลยังไม่คืนเงินค่ายาให้", after=timedelta(minutes=5))
    assert chat.effects == [RequestReopen(TRACKING, "โรงพยาบาลยังไม่คืนเงินค่ายาให้", pressed_at)]
    assert chat.state == State.IDLE and chat.data["reopen"] is None
    texts = chat.send(inputs.Answer("ได้รับคำขอเปิดเรื่องแล้ว"))
    assert texts == ["ได้รับคำขอเปิดเรื่องแล้ว"] and "ร้องเรียน" in chat.buttons()


@pytest.mark.parametrize(("event", "lead"), [
    (inputs.Sticker(), "สติกเกอร์"),
    (inputs.Text("   \u200b "), None),
    (inputs.Text("ครับ"), "เหตุผลเป็นข้อความ"),
    (inputs.Text("😢😢"), "เหตุผลเป็นข้อความ"),
    (inputs.Text("ก" * 501), "ยาวเกิน 500"),
    (inputs.Location("กรุงเทพฯ", 13.7, 100.5), "ข้อความ"),
])
def test_no_usable_reason_asks_again_and_keeps_the_request(event, lead) -> None:
    chat = Chat(first_contact=False)
    asked(chat)
    texts = chat.send(event)
    assert chat.effects == [] and chat.state == State.REOPEN_REASON
    assert chat.data["reopen"]["tracking_no"] == TRACKING
    assert "เหตุผล" in texts[-1] and chat.buttons() == ["ยกเลิก"]
    if lead:
        assert lead in texts[0]
    chat.say("ยังไม่ได้รับเงินชดเชย")
    assert [type(e) for e in chat.effects] == [RequestReopen]


@pytest.mark.parametrize("how", ["press", "type"])
def test_cancel_makes_no_request(how) -> None:
    chat = Chat(first_contact=False)
    asked(chat)
    texts = chat.press("cancel") if how == "press" else chat.say("ยกเลิก")
    assert chat.effects == [] and chat.state == State.IDLE and chat.data["reopen"] is None
    assert "ยกเลิกคำขอเปิดเรื่อง" in texts[0] and TRACKING in texts[0]
    assert "ภายในวันที่ 25 มีนาคม 2569" in texts[0] and "ร้องเรียน" in chat.buttons()


def test_a_draft_being_written_is_kept_and_returned_to() -> None:
    chat = Chat()
    to_phone_step(chat)
    asked(chat)
    chat.say("ยังไม่ได้เงินคืน")
    assert [type(e) for e in chat.effects] == [RequestReopen] and chat.state == State.PHONE
    texts = chat.send(inputs.Answer("ได้รับคำขอเปิดเรื่องแล้ว"))
    assert "ได้รับคำขอ" in texts[0] and "โทรศัพท์" in texts[0]
    assert chat.draft["first_name"] == "สมชาย"
    asked(chat)
    chat.press("cancel")
    assert chat.state == State.PHONE and chat.draft["first_name"] == "สมชาย"


def test_a_message_long_after_the_button_is_not_taken_for_the_reason() -> None:
    chat = Chat(first_contact=False)
    asked(chat)
    texts = chat.say("นายจ้างไม่นำส่งเงินสมทบมาสามเดือนแล้ว ขอร้องเรียนค่ะ",
                     after=timedelta(hours=2))
    assert not any(isinstance(e, RequestReopen) for e in chat.effects)
    assert "ยังไม่ได้ส่งคำขอเปิดเรื่อง" in texts[0] and "1 ชั่วโมง" in texts[0]
    assert chat.state == State.CONSENT  # taken as the start of a complaint, as from the menu


def test_the_menu_leaves_the_reason_step_without_a_request() -> None:
    chat = Chat(first_contact=False)
    asked(chat)
    texts = chat.press("menu:complain")
    assert "ยังไม่ได้ส่งคำขอเปิดเรื่อง" in texts[0] and chat.state == State.CONSENT
    assert chat.effects == [] and chat.data["reopen"] is None


def test_help_and_tracking_come_back_to_the_reason() -> None:
    chat = Chat(first_contact=False)
    asked(chat)
    texts = chat.press("menu:help")
    assert "วิธีใช้งาน" in texts[0] and chat.state == State.REOPEN_REASON
    assert "เหตุผล" in texts[-1]
