"""Progress reports of a complex case go on until it closes, however its chain ran out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from core.services import cases as svc
from core.services.calendar import calendar_for
from core.services.exchange import import_cases
from tests.scheduler.helpers import act, bkk, file, keys, outbox, scan

USER = "U" + "d" * 32
pytestmark = pytest.mark.usefixtures("linked_units")


def _progress(make_uow, case_id: int) -> list[date]:
    with make_uow() as uow:
        return [m.due_date for m in sorted(svc.get_case(uow, case_id).milestones,
                                           key=lambda m: m.seq) if m.kind == "progress"]


def _calendar(make_uow):
    with make_uow() as uow:
        return calendar_for(uow, date(2026, 1, 1))


def _progress_alerts(make_uow) -> list[str]:
    return [k for k in keys(make_uow) if k.startswith("progress:")]


def _import_old_case(make_uow, when) -> int:
    """A complex case received 5 January 2026 (final deadline 9 February), still open."""
    row = {"channel": "letter", "category": "employer", "description": "นายจ้างไม่นำส่งเงินสมทบ",
           "status": "in_progress", "complexity": "complex", "unit": {"code": "P11"},
           "received_at": "2026-01-05T09:00:00+07:00", "line_user_id": USER,
           "complainant": {"first_name": "สมใจ", "last_name": "ทดลองดี", "address": "ชลบุรี",
                           "province_code": "20", "phone": "0812345678"}}
    with make_uow() as uow:
        assert import_cases(uow, [row], now=when, actor="import").errors == []
        uow.commit()
        return uow.cases.by_tracking_no("2569-000001").id


def test_a_case_imported_after_its_stored_reports_gets_them_from_now_on(make_uow):
    """Twelve reports from 9 February end 9 November; imported 30 November, the chain goes
    on on its own cadence: the next after the import is 15 working days after 30 November,
    told once to the unit and the complainant; the past ones are not told at all."""
    case_id = _import_old_case(make_uow, bkk(2026, 11, 30, 10))
    calendar = _calendar(make_uow)
    stored = _progress(make_uow, case_id)
    assert stored[11] == date(2026, 11, 9) and stored[12] == date(2026, 11, 30)
    assert len(stored) == 24  # 12 past, 12 from the day of the import on
    following = calendar.deadline(date(2026, 11, 30), 15)
    assert following == stored[13] and following <= date(2026, 12, 24)
    for day in range(1, 25):
        scan(make_uow, bkk(2026, 12, day, 8, 30))
    assert _progress_alerts(make_uow) == [f"progress:13:-0wd:{following.isoformat()}:grp"]
    assert [r.to for r in outbox(make_uow, "complainant_progress")] == [USER]


def test_a_back_dated_case_filed_by_staff_gets_a_chain_ahead_of_now(make_uow):
    case_id = file(make_uow, bkk(2026, 11, 30, 10), received_at=bkk(2026, 1, 5, 9),
                   complexity="complex")
    stored = _progress(make_uow, case_id)
    assert len(stored) == 24 and sum(day >= date(2026, 11, 30) for day in stored) == 12


def test_reports_resume_after_the_clock_was_down_longer_than_it_looks_back(make_uow):
    received = bkk(2026, 3, 9)
    case_id = file(make_uow, received, received_at=received, complexity="complex")
    act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 9, 11))
    last = _progress(make_uow, case_id)[-1]
    before_last = last - timedelta(days=1)
    scan(make_uow, bkk(before_last.year, before_last.month, before_last.day, 9))
    restart = last + timedelta(days=50)  # the twelfth fell due while the clock was down
    start = bkk(restart.year, restart.month, restart.day, 9)
    scan(make_uow, start)
    calendar = _calendar(make_uow)
    chain = _progress(make_uow, case_id)
    ahead = [day for day in chain if day > restart]
    assert len(ahead) == 12 and calendar.count(restart, ahead[0]) <= 15
    before = len(_progress_alerts(make_uow))
    day = restart
    while day <= ahead[0]:
        day += timedelta(days=1)
        scan(make_uow, bkk(day.year, day.month, day.day, 8, 30))
    seq = chain.index(ahead[0])
    assert _progress_alerts(make_uow)[before:] == [
        f"progress:{seq}:-0wd:{ahead[0].isoformat()}:grp"]


def test_a_complex_case_reopened_after_its_chain_ran_out_gets_reports_again(make_uow):
    received = bkk(2026, 1, 5, 9)
    case_id = file(make_uow, received, received_at=received, complexity="complex")
    act(make_uow, case_id, "close_case", bkk(2026, 2, 2), 1, "ดำเนินการครบถ้วนแล้ว")
    act(make_uow, case_id, "reopen", bkk(2026, 11, 30, 10), "ผู้ร้องแจ้งว่ายังไม่ได้รับเงิน")
    assert sum(day >= date(2026, 11, 30) for day in _progress(make_uow, case_id)) == 12


def test_a_case_made_complex_long_after_receipt_gets_reports_from_now_on(make_uow):
    case_id = file(make_uow, bkk(2026, 1, 5, 9), received_at=bkk(2026, 1, 5, 9))
    act(make_uow, case_id, "set_complexity", bkk(2026, 11, 30, 10), "complex")
    assert sum(day >= date(2026, 11, 30) for day in _progress(make_uow, case_id)) == 12


def test_a_case_open_more_than_five_years_still_gets_its_reports(make_uow):
    """The working-day calendar reached five years past the year of receipt: a case still
    open after that made the day's pass fail. It reaches five years past today as well."""
    with time_machine.travel(bkk(2032, 3, 1, 10), tick=False):
        case_id = _import_old_case(make_uow, bkk(2032, 3, 1, 10))
        for day in (1, 2, 3):
            scan(make_uow, bkk(2032, 3, day, 8, 30))
    after = [d for d in _progress(make_uow, case_id) if d >= date(2032, 3, 1)]
    assert len(after) == 12 and after[0] > date(2032, 3, 1)
