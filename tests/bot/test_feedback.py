"""The closing message's rating buttons, through signed webhooks: the first rating is kept."""

from __future__ import annotations

from sqlalchemy import select

from core.persistence.models import Case
from core.services.cases import close_case, reopen
from rongrian.runtime import Runtime, utcnow
from tests.bot.closing import closed_case, rating_buttons, timeline
from tests.bot.conftest import LineUser


def ratings(runtime: Runtime, tracking_no: str) -> list[dict]:
    """The satisfaction entries of the case's timeline, oldest first."""
    return timeline(runtime, tracking_no, "satisfaction")


def test_a_second_press_keeps_the_first_rating_and_says_which(
        somchai: LineUser, runtime: Runtime) -> None:
    tracking = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง")
    buttons = rating_buttons(runtime, tracking)
    assert "ขอบคุณสำหรับคะแนน 4 จาก 5" in somchai.press(buttons[4])[0]
    again = somchai.press(buttons[1])[0]
    assert "ไว้แล้ว" in again and "4 จาก 5" in again and tracking in again
    assert "ไว้แล้ว" in somchai.press(buttons[4])[0]  # the same score again: nothing new
    assert [r["score"] for r in ratings(runtime, tracking)] == [4]


def test_old_buttons_of_an_earlier_case_rate_that_case(somchai: LineUser,
                                                        runtime: Runtime) -> None:
    earlier = closed_case(runtime, somchai, "นายจ้างไม่ขึ้นทะเบียนผู้ประกันตน")
    later = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง")
    earlier_buttons, later_buttons = (rating_buttons(runtime, earlier),
                                      rating_buttons(runtime, later))
    assert "ขอบคุณสำหรับคะแนน 5" in somchai.press(later_buttons[5])[0]
    assert "ขอบคุณสำหรับคะแนน 2" in somchai.press(earlier_buttons[2])[0]
    kept = somchai.press(earlier_buttons[4])[0]
    assert "ไว้แล้ว" in kept and earlier in kept and "2 จาก 5" in kept
    assert [r["score"] for r in ratings(runtime, earlier)] == [2]
    assert [r["score"] for r in ratings(runtime, later)] == [5]


def test_a_case_closed_again_is_rated_again_and_the_old_buttons_do_not_count(
        somchai: LineUser, runtime: Runtime) -> None:
    tracking = closed_case(runtime, somchai, "นายจ้างหักเงินสมทบแต่ไม่นำส่ง")
    first = rating_buttons(runtime, tracking)
    assert "ขอบคุณสำหรับคะแนน 3" in somchai.press(first[3])[0]
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.tracking_no == tracking)).one()
        reopen(uow, case, "ผู้ร้องแจ้งว่ายังไม่ได้รับเงิน", now=utcnow(), actor="officer")
        uow.commit()
    assert "ยังไม่ได้ยุติ" in somchai.press(first[1])[0]  # open again: nothing to rate
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.tracking_no == tracking)).one()
        close_case(uow, case, 2, "ประสานนายจ้างแล้ว", now=utcnow(), actor="officer")
        uow.commit()
    second = rating_buttons(runtime, tracking)
    assert second[1] != first[1]
    assert "ครั้งก่อน" in somchai.press(first[1])[0]  # the earlier closing's message
    assert "ขอบคุณสำหรับคะแนน 5" in somchai.press(second[5])[0]
    assert "5 จาก 5" in somchai.press(second[2])[0]
    assert "5 จาก 5" in somchai.press(f"rate:{tracking}:1")[0]  # a button of before the fix
    kept = ratings(runtime, tracking)
    assert [r["score"] for r in kept] == [3, 5] and kept[0]["closing"] != kept[1]["closing"]
