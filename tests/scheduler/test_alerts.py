"""Milestone alerts at fixed instants: weekends, Songkran, a special holiday, restarts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.persistence.scheduling import store
from core.services import cases as svc
from core.services.alerts import LAST_SCAN_KEY
from core.services.calendar import add_holiday, calendar_for
from core.services.exchange import import_cases
from tests.scheduler.conftest import group_of, head_of
from tests.scheduler.helpers import act, bkk, file, keys, outbox, scan, texts

pytestmark = pytest.mark.usefixtures("linked_units")


def _unit(make_uow, case_id):
    with make_uow() as uow:
        return svc.get_case(uow, case_id).unit_code


def test_contact_warning_six_hours_before_and_breach_escalated(make_uow):
    received = bkk(2026, 3, 2, 10)  # Monday; due Tuesday 22:00 (36 hours, holiday or not)
    case_id = file(make_uow, received, received_at=received)
    unit = _unit(make_uow, case_id)
    scan(make_uow, bkk(2026, 3, 3, 15, 59))
    assert keys(make_uow) == []
    scan(make_uow, bkk(2026, 3, 3, 16, 1))
    assert keys(make_uow) == ["contact:0:-6h:20260303T1500:grp"]
    scan(make_uow, bkk(2026, 3, 3, 16, 2))
    scan(make_uow, bkk(2026, 3, 3, 22, 0))
    rows = outbox(make_uow, "staff_alert")
    assert [r.dedupe_key.rsplit(":", 1)[1] for r in rows] == ["grp", "grp", "head", "ic-grp"]
    assert [r.to for r in rows[1:]] == [group_of(unit), head_of(unit), group_of("IC")]
    assert "เกินกำหนด: ติดต่อผู้ร้องเรียน" in rows[1].messages[0]["text"]
    assert "อีก 6 ชั่วโมง" in rows[0].messages[0]["text"]
    assert "สมใจ" not in rows[0].messages[0]["text"]  # no personal data in staff alerts


def test_contact_made_in_time_means_no_breach(make_uow):
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 3, 9))
    scan(make_uow, bkk(2026, 3, 4, 9))
    assert keys(make_uow) == []


def _row(received, status, **more):
    """An export-shape row of an invented complainant in Chon Buri."""
    return {"channel": "letter", "category": "employer", "description": "นายจ้างไม่นำส่งเงินสมทบ",
            "received_at": received.isoformat(), "status": status,
            "complainant": {"first_name": "สมใจ", "last_name": "ทดลองดี", "address": "ชลบุรี",
                            "province_code": "20", "phone": "0812345678"}, **more}


def test_imported_cases_already_contacted_get_no_contact_alerts(make_uow):
    """An older system's contacted, in-progress or closed case has its contact milestone
    met: at the given contacted_at, else at the contact deadline or the import (closing)
    if earlier. Only the case still new is chased."""
    received, imported = bkk(2026, 3, 2, 10), bkk(2026, 3, 2, 11)  # contact due Tue 22:00
    rows = [
        _row(received, "contacted"),
        _row(received, "in_progress", complexity="complex",
             contacted_at=bkk(2026, 3, 2, 10, 30).isoformat()),
        _row(received, "new"),
        _row(bkk(2026, 2, 23), "contacted"),  # contact was due 24 Feb, before the import
        _row(bkk(2026, 2, 23), "closed", outcome=1, outcome_explanation="ชี้แจงแล้ว",
             closed_at=bkk(2026, 2, 24, 9).isoformat()),
    ]
    with make_uow() as uow:
        assert import_cases(uow, rows, now=imported, actor="import").errors == []
        uow.commit()
    with make_uow() as uow:
        cases = [uow.cases.by_tracking_no(f"2569-00000{n}") for n in range(1, 6)]
        met = [next(m.met_at for m in c.milestones if m.kind == "contact") for c in cases]
        assert met == [imported, bkk(2026, 3, 2, 10, 30), None, cases[3].contact_due_at,
                       bkk(2026, 2, 24, 9)]
        assert [c.contacted_at for c in cases] == met
        assert all(m.met_at for m in cases[4].milestones)
        new_id = cases[2].id
    scan(make_uow, bkk(2026, 3, 3, 16, 1))
    scan(make_uow, bkk(2026, 3, 3, 22, 0))
    rows_sent = outbox(make_uow, "staff_alert")
    assert {r.case_id for r in rows_sent} == {new_id}
    assert keys(make_uow) == ["contact:0:-6h:20260303T1500:grp"] + [
        f"contact:0:breach:20260303T1500:{role}" for role in ("grp", "head", "ic-grp")]


def test_final_deadline_warnings_skip_songkran(make_uow):
    received = bkk(2026, 3, 9)  # 25 working days end Friday 17 April, after Songkran
    case_id = file(make_uow, received, received_at=received)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    scan(make_uow, bkk(2026, 3, 9, 12))
    assert keys(make_uow) == []
    scan(make_uow, bkk(2026, 4, 9, 8, 29))
    assert keys(make_uow) == []
    scan(make_uow, bkk(2026, 4, 9, 8, 30))  # Thursday: 10, 16, 17 April are left
    assert keys(make_uow) == ["final:0:-3wd:2026-04-17:grp"]
    for day in (10, 11, 12, 13, 14, 15):  # Friday, the weekend and Songkran: nothing
        scan(make_uow, bkk(2026, 4, day, 9))
    assert len(keys(make_uow)) == 1
    scan(make_uow, bkk(2026, 4, 16, 8, 31))
    assert keys(make_uow)[1:] == ["final:0:-1wd:2026-04-17:grp"]
    scan(make_uow, bkk(2026, 4, 17, 23, 59))
    assert len(keys(make_uow)) == 2
    scan(make_uow, bkk(2026, 4, 20, 8, 30))  # breach told the next working day at 08:30
    assert keys(make_uow)[2:] == ["final:0:breach:2026-04-17:grp",
                                  "final:0:breach:2026-04-17:head",
                                  "final:0:breach:2026-04-17:ic-grp"]
    assert "อีก 3 วันทำการ" in texts(make_uow, "staff_alert")[0]
    assert "17 เมษายน 2569" in texts(make_uow, "staff_alert")[0]


def test_one_working_day_before_a_monday_deadline_is_the_friday(make_uow):
    received = bkk(2026, 3, 10)  # due Monday 20 April
    case_id = file(make_uow, received, received_at=received)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 10, 11))
    scan(make_uow, bkk(2026, 3, 10, 12))
    scan(make_uow, bkk(2026, 4, 10, 9))
    assert keys(make_uow) == ["final:0:-3wd:2026-04-20:grp"]
    scan(make_uow, bkk(2026, 4, 17, 9))
    assert keys(make_uow)[1:] == ["final:0:-1wd:2026-04-20:grp"]
    scan(make_uow, bkk(2026, 4, 18, 9))
    assert len(keys(make_uow)) == 2


def test_special_holiday_added_by_staff_moves_the_warnings(make_uow):
    received = bkk(2026, 3, 9)
    case_id = file(make_uow, received, received_at=received)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    scan(make_uow, bkk(2026, 3, 9, 12))
    with make_uow() as uow:  # the cabinet declares Thursday 16 April a special holiday
        add_holiday(uow, date(2026, 4, 16), "วันหยุดพิเศษ", "มติคณะรัฐมนตรี", "admin",
                    bkk(2026, 4, 1))
        assert svc.recompute_deadlines(uow, date(2026, 4, 16), now=bkk(2026, 4, 1)).cases == 1
        uow.commit()
    scan(make_uow, bkk(2026, 4, 9, 9))
    assert keys(make_uow) == ["final:0:-3wd:2026-04-20:grp"]
    scan(make_uow, bkk(2026, 4, 16, 9))  # the special holiday: nothing
    assert len(keys(make_uow)) == 1
    scan(make_uow, bkk(2026, 4, 17, 9))
    assert keys(make_uow)[1:] == ["final:0:-1wd:2026-04-20:grp"]


def test_complex_case_progress_every_15_working_days_to_staff_and_complainant(make_uow):
    received = bkk(2026, 3, 9)
    case_id = file(make_uow, received, received_at=received, complexity="complex",
                   line_user_id="U" + "a" * 32)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    act(make_uow, case_id, "add_note", bkk(2026, 3, 10), "ตรวจสอบข้อเท็จจริง", public=True)
    scan(make_uow, bkk(2026, 3, 10, 12))
    scan(make_uow, bkk(2026, 5, 11, 8, 30))  # 15 working days after 17 April
    assert "progress:0:-0wd:2026-05-11:grp" in keys(make_uow)
    updates = outbox(make_uow, "complainant_progress")
    assert [u.to for u in updates] == ["U" + "a" * 32]
    assert "ทุก 15 วันทำการ" in updates[0].messages[0]["text"]
    act(make_uow, case_id, "close_case", bkk(2026, 5, 12), 1, "ดำเนินการครบถ้วนแล้ว")
    scan(make_uow, bkk(2026, 6, 2, 9))  # the next progress date: the case is closed
    assert len(outbox(make_uow, "complainant_progress")) == 1


def test_restart_between_ticks_neither_misses_nor_repeats(make_uow, engine):
    received = bkk(2026, 3, 2, 10)
    file(make_uow, received, received_at=received)
    scan(make_uow, bkk(2026, 3, 3, 12))
    engine.dispose()  # the process stops; the clock was down while the -6h alert fell due
    assert scan(make_uow, bkk(2026, 3, 3, 23)).found == 1  # breach (supersedes the -6h)
    assert scan(make_uow, bkk(2026, 3, 3, 23)).staff == 0
    assert [k.split(":")[2] for k in keys(make_uow)] == ["breach"] * 3


def test_repeating_a_scan_queues_nothing_twice(make_uow):
    received = bkk(2026, 3, 2, 10)
    file(make_uow, received, received_at=received)
    first = scan(make_uow, bkk(2026, 3, 3, 22, 30))
    assert (first.found, first.staff) == (1, 3)
    with make_uow() as uow:  # forget the last scan: the whole window is looked at again
        store(uow.session).kv_delete(LAST_SCAN_KEY)
        uow.commit()
    again = scan(make_uow, bkk(2026, 3, 3, 22, 30))
    assert (again.found, again.staff) == (1, 0)
    assert scan(make_uow, bkk(2026, 3, 3, 22, 31)).staff == 0
    assert len(keys(make_uow)) == 3


def test_alert_queued_before_a_transfer_does_not_reach_the_old_unit(make_uow, pusher,
                                                                       fake_line):
    from core.services.outbox import dispatch_pending

    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received)
    old = _unit(make_uow, case_id)
    new = "P50" if old != "P50" else "P51"
    scan(make_uow, bkk(2026, 3, 3, 16, 1))  # the 6-hour warning, queued to the old unit
    act(make_uow, case_id, "transfer", bkk(2026, 3, 3, 16, 2), new, "อยู่ในเขตรับผิดชอบ")
    dispatch_pending(make_uow, pusher, bkk(2026, 3, 3, 16, 3))
    sent = [(body["to"], body["messages"][0]["text"]) for body in fake_line.accepted.values()]
    assert [text.split("\n")[0] for to, text in sent if to == group_of(old)] == [
        "📥 เรื่องร้องเรียนใหม่"]  # filed there before the transfer; the warning is not sent
    assert [text.split("\n")[0] for to, text in sent if to == group_of(new)] == [
        "📨 ได้รับโอนเรื่องร้องเรียน"]
    [warning] = [r for r in outbox(make_uow, "staff_alert")]
    assert warning.status == "cancelled" and warning.to == group_of(old)
    scan(make_uow, bkk(2026, 3, 3, 22, 0))  # the breach goes to the new unit and above
    breach = [r.to for r in outbox(make_uow, "staff_alert") if r.status == "pending"]
    assert breach == [group_of(new), head_of(new), group_of("IC")]


def _progress_dates(make_uow, case_id):
    with make_uow() as uow:
        return [m.due_date for m in sorted(svc.get_case(uow, case_id).milestones,
                                           key=lambda m: m.seq) if m.kind == "progress"]


def test_progress_reports_go_on_past_the_stored_twelve_until_the_case_closes(make_uow):
    received = bkk(2026, 3, 9)
    case_id = file(make_uow, received, received_at=received, complexity="complex",
                   line_user_id="U" + "b" * 32)
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    stored = _progress_dates(make_uow, case_id)
    assert len(stored) == 12
    last = stored[-1]
    scan(make_uow, bkk(last.year, last.month, last.day, 8, 30))  # the twelfth comes due
    extended = _progress_dates(make_uow, case_id)
    assert extended[:12] == stored and len(extended) == 24
    with make_uow() as uow:
        calendar = calendar_for(uow, last)
        assert extended[12] == calendar.deadline(last, 15)
    holiday = extended[12] - timedelta(days=1)
    while not calendar.is_working_day(holiday):
        holiday -= timedelta(days=1)
    with make_uow() as uow:  # a holiday staff add later moves the extended ones too
        add_holiday(uow, holiday, "วันหยุดพิเศษ", "มติ ครม.", "admin", bkk(2026, 4, 1))
        svc.recompute_deadlines(uow, holiday, now=bkk(2026, 4, 1))  # as the admin page does
        uow.commit()
    moved = _progress_dates(make_uow, case_id)
    assert len(moved) == 24 and moved[12] == calendar.next_working_day(extended[12])
    day = moved[12]
    scan(make_uow, bkk(day.year, day.month, day.day, 8, 30))
    assert f"progress:12:-0wd:{day.isoformat()}:grp" in keys(make_uow)
    assert len(_progress_dates(make_uow, case_id)) == 24  # not the last: nothing added
    act(make_uow, case_id, "close_case", bkk(day.year, day.month, day.day, 10), 1, "เสร็จสิ้น")
    day = moved[23]
    scan(make_uow, bkk(day.year, day.month, day.day, 8, 30))
    assert len(_progress_dates(make_uow, case_id)) == 24  # closed: the chain ends


def test_no_warning_whose_moment_came_before_the_case_was_entered(make_uow):
    """A complex case received 20 November is entered at 01:41 on 1 December, the day its
    preliminary report is due: the "one working day left" warning of 30 November 08:30 is
    stale by then and is not sent; the breach, after the case was entered, still is."""
    rows = [_row(bkk(2026, 11, 20, 10), "in_progress", complexity="complex")]
    with make_uow() as uow:
        assert import_cases(uow, rows, now=bkk(2026, 12, 1, 1, 41), actor="import").errors == []
        uow.commit()
    assert scan(make_uow, bkk(2026, 12, 1, 2)).staff == 0
    assert keys(make_uow) == []
    scan(make_uow, bkk(2026, 12, 2, 8, 30))
    assert [k.split(":")[:3] for k in keys(make_uow)] == [["preliminary_report", "0", "breach"]] * 3
