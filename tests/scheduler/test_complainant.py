"""What complainants receive: quiet hours, closing with a satisfaction question, blocked bots."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from core.domain.clock import BANGKOK
from core.persistence.models import Follower
from core.services import cases as svc
from core.services.feedback import (
    Feedback,
    check_reopen,
    parse_feedback,
    record_satisfaction,
    request_reopen,
)
from core.services.notify import line_status, reopen_deadline
from core.services.notify_policy import NotifyPolicy, load_notify_policy, save_notify_policy
from core.services.outbox import dispatch_pending
from tests.scheduler.helpers import act, bkk, file, outbox, scan

USER = "U" + "c" * 32
pytestmark = pytest.mark.usefixtures("linked_units")


@pytest.mark.parametrize(("local", "release"), [
    ((19, 59), None), ((20, 0), (1, 8, 0)), ((23, 30), (1, 8, 0)), ((0, 10), (0, 8, 0)),
    ((7, 59), (0, 8, 0)), ((8, 0), None),
])
def test_quiet_hours_release_at_eight_bangkok(local, release):
    now = datetime(2026, 3, 2, *local, tzinfo=BANGKOK)
    got = NotifyPolicy().release_at(now)
    if release is None:
        assert got is None
    else:
        days, hour, minute = release
        expected = datetime.combine(now.date() + timedelta(days=days), time(hour, minute),
                                    BANGKOK)
        assert got == expected.astimezone(UTC)


def test_a_note_at_night_waits_for_the_morning_but_staff_alerts_do_not(make_uow, pusher,
                                                                       fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    act(make_uow, case_id, "add_note", bkk(2026, 3, 2, 21), "ได้ประสานโรงพยาบาลแล้ว", public=True)
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 2, 21, 5))
    assert {r.kind: r.status for r in outbox(make_uow)} == {"staff_new": "sent",
                                                            "case_note": "pending"}
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 7, 59))
    assert fake_line.delivered().total() == 1
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 8, 0))
    assert {r.kind: r.status for r in outbox(make_uow)} == {"staff_new": "sent",
                                                            "case_note": "sent"}
    [note] = [r["body"] for r in fake_line.requests if r["body"]["to"] == USER]
    assert "ความคืบหน้า: ได้ประสานโรงพยาบาลแล้ว" in note["messages"][0]["text"]


def test_quiet_hours_are_configurable(make_uow):
    with make_uow() as uow:
        save_notify_policy(uow, NotifyPolicy(quiet_start=time(22), quiet_end=time(6),
                                             reopen_working_days=10), bkk(2026, 3, 2))
        uow.commit()
    with make_uow() as uow:
        policy = load_notify_policy(uow)
    assert policy.release_at(bkk(2026, 3, 2, 21)) is None
    assert policy.release_at(bkk(2026, 3, 2, 22)) == bkk(2026, 3, 3, 6).astimezone(UTC)


def test_closing_explains_asks_satisfaction_and_offers_reopening(make_uow, pusher, fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    act(make_uow, case_id, "close_case", bkk(2026, 3, 4, 14), 2, "ชี้แจงสิทธิประโยชน์แล้ว")
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 4, 14, 1))
    [body] = [r["body"] for r in fake_line.requests if r["body"]["to"] == USER]
    explanation, question = body["messages"]
    assert "คำชี้แจง: ชี้แจงสิทธิประโยชน์แล้ว" in explanation["text"]
    actions = [item["action"] for item in question["quickReply"]["items"]]
    with make_uow() as uow:
        case = svc.get_case(uow, case_id)
        tracking_no, by = case.tracking_no, reopen_deadline(uow, case)
        [closing] = [e.id for e in case.events if e.kind == "closed"]
    assert [a["data"] for a in actions] == [
        *(f"rate:{tracking_no}:{s}:{closing}" for s in (5, 4, 3, 2, 1)), f"reopen:{tracking_no}"]
    assert by.isoformat() == "2026-03-25"  # 15 working days after 4 March
    assert "25 มีนาคม 2569" in question["text"]


def test_blocked_follower_is_not_pushed_and_the_case_shows_it(make_uow, pusher, fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    with make_uow() as uow:
        uow.add(Follower(line_user_id=USER, following=False, blocked_at=bkk(2026, 3, 2, 11)))
        uow.commit()
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 2, 13))
    result = dispatch_pending(make_uow, pusher, bkk(2026, 3, 2, 13, 1))
    assert (result.sent, result.skipped) == (1, 1)  # the staff alert went; the update did not
    assert all(r["body"]["to"] != USER for r in fake_line.requests)
    with make_uow() as uow:
        case = svc.get_case(uow, case_id)
        assert line_status(uow, USER) == "blocked"
        assert [e.kind for e in case.events][-1] == "line_blocked"
    act(make_uow, case_id, "add_note", bkk(2026, 3, 3, 9), "กำลังตรวจสอบ", public=True)
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 9, 1))
    with make_uow() as uow:  # one timeline entry per block, not one per message
        kinds = [e.kind for e in svc.get_case(uow, case_id).events]
        assert kinds.count("line_blocked") == 1


def test_alert_queued_then_case_closed_is_not_sent(make_uow, pusher, fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received)
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 2, 10, 1))  # the new-case alert goes
    scan(make_uow, bkk(2026, 3, 3, 16, 30))  # the -6h contact alert is queued …
    act(make_uow, case_id, "close_case", bkk(2026, 3, 3, 16, 31), 1, "แก้ไขเรียบร้อย")
    result = dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 16, 32))  # … and is stale
    assert (result.cancelled, result.sent) == (1, 0)
    assert len(fake_line.requests) == 1
    [alert] = outbox(make_uow, "staff_alert")
    assert alert.status == "cancelled"


def test_warning_queued_then_contact_made_is_not_sent(make_uow, pusher, fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received)
    scan(make_uow, bkk(2026, 3, 3, 16, 30))
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 3, 16, 31))
    assert dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 16, 32)).cancelled == 1


def test_rating_and_reopen_request_within_the_period(make_uow, pusher, fake_line):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    act(make_uow, case_id, "close_case", bkk(2026, 3, 4, 14), 1, "แก้ไขแล้ว")
    with make_uow() as uow:
        tracking_no = svc.get_case(uow, case_id).tracking_no
    assert parse_feedback(f"rate:{tracking_no}:4") == Feedback("rate", tracking_no, 4)
    assert parse_feedback(f"rate:{tracking_no}:4:17") == Feedback("rate", tracking_no, 4, 17)
    assert parse_feedback(f"rate:{tracking_no}:9") is None
    assert parse_feedback(f"rate:{tracking_no}:4:x") is None
    assert parse_feedback(f"reopen:{tracking_no}") == Feedback("reopen", tracking_no)
    with make_uow() as uow:
        assert "ไม่พบ" in record_satisfaction(uow, "U" + "0" * 32, tracking_no, 4, received)
        assert "คะแนน 4" in record_satisfaction(uow, USER, tracking_no, 4, bkk(2026, 3, 4, 15))
        reply = request_reopen(uow, USER, tracking_no, bkk(2026, 3, 25, 20), "ยังไม่ได้เงิน")
        assert "ได้รับคำขอเปิดเรื่อง" in reply
        assert "กำลังพิจารณา" in request_reopen(uow, USER, tracking_no, bkk(2026, 3, 25, 21),
                                                "ยังไม่ได้เงินจริง ๆ")
        uow.commit()
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 25, 21))
    [alert] = outbox(make_uow, "staff_reopen_request")
    assert alert.status == "sent" and "ผู้ร้องขอเปิดเรื่องใหม่" in alert.messages[0]["text"]
    with make_uow() as uow:
        kinds = [e.kind for e in svc.get_case(uow, case_id).events]
        assert kinds[-2:] == ["satisfaction", "reopen_requested"]


def test_the_period_of_a_reopen_request_is_that_of_its_button(make_uow):
    """A reason typed just after the last day counts when the button was pressed in time;
    the unit's alert says a reason is on the case page without quoting it."""
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    act(make_uow, case_id, "close_case", bkk(2026, 3, 4, 14), 1, "แก้ไขแล้ว")
    with make_uow() as uow:
        tracking_no = svc.get_case(uow, case_id).tracking_no
        assert check_reopen(uow, USER, tracking_no, bkk(2026, 3, 25, 23, 50)).refusal is None
        reply = request_reopen(uow, USER, tracking_no, bkk(2026, 3, 26, 0, 5), "ยังไม่ได้เงิน",
                               asked_at=bkk(2026, 3, 25, 23, 50))
        assert "ได้รับคำขอเปิดเรื่อง" in reply
        uow.commit()
    [alert] = outbox(make_uow, "staff_reopen_request")
    assert "หน้าเรื่อง" in alert.messages[0]["text"]
    assert "ยังไม่ได้เงิน" not in alert.messages[0]["text"]


def test_reopen_request_after_the_period_is_refused(make_uow):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id=USER)
    act(make_uow, case_id, "close_case", bkk(2026, 3, 4, 14), 1, "แก้ไขแล้ว")
    with make_uow() as uow:
        tracking_no = svc.get_case(uow, case_id).tracking_no
        assert "พ้นกำหนด" in request_reopen(uow, USER, tracking_no, bkk(2026, 3, 26, 9),
                                            "ยังไม่ได้เงิน")
        uow.commit()
    assert outbox(make_uow, "staff_reopen_request") == []


def test_late_progress_still_reaches_the_complainant_but_late_staff_reminders_do_not(
        make_uow, pusher, fake_line):
    received = bkk(2026, 3, 9)
    case_id = file(make_uow, received, received_at=received, complexity="complex",
                   line_user_id=USER)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    act(make_uow, case_id, "add_note", bkk(2026, 3, 10), "ตรวจสอบข้อเท็จจริง", public=True)
    scan(make_uow, bkk(2026, 5, 11, 8))  # everything before the progress day, sent
    dispatch_pending(make_uow, pusher, bkk(2026, 5, 11, 8))
    scan(make_uow, bkk(2026, 5, 11, 8, 30))  # progress day: LINE is down from 10:00 on
    fake_line.down = True
    dispatch_pending(make_uow, pusher, bkk(2026, 5, 11, 10))
    fake_line.down = False  # back the next morning, within the retry key's 23 hours
    result = dispatch_pending(make_uow, pusher, bkk(2026, 5, 12, 8, 30))
    assert (result.sent, result.cancelled) == (1, 1)
    assert {r.kind: r.status for r in outbox(make_uow)
            if r.kind in ("staff_alert", "complainant_progress")} == {
        "staff_alert": "cancelled", "complainant_progress": "sent"}
