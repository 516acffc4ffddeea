"""The 08:30 digest on working days, and the first working day's monthly tasks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from core.persistence.scheduling import store
from core.services.calendar import add_holiday
from core.services.digests import daily_digests
from core.services.monthly import first_working_day, monthly_tasks
from tests.scheduler.conftest import group_of
from tests.scheduler.helpers import act, bkk, file, keys, outbox

pytestmark = pytest.mark.usefixtures("linked_units")


def digest(make_uow, when) -> int:
    with make_uow() as uow:
        queued = daily_digests(uow, when)
        uow.commit()
        return queued


def monthly(make_uow, when):
    with make_uow() as uow:
        result = monthly_tasks(uow, when)
        uow.commit()
        return result


@pytest.mark.parametrize("when", [
    bkk(2026, 4, 11, 9),  # Saturday
    bkk(2026, 4, 14, 9),  # Songkran
    bkk(2026, 4, 16, 8, 29),  # a working day, before 08:30
])
def test_no_digest_on_days_off_or_before_half_past_eight(make_uow, when):
    file(make_uow, bkk(2026, 3, 9), received_at=bkk(2026, 3, 9))
    assert digest(make_uow, when) == 0


def test_digest_lists_due_today_overdue_and_awaiting_contact(make_uow):
    due_today = file(make_uow, bkk(2026, 3, 9), received_at=bkk(2026, 3, 9))  # due 17 April
    overdue = file(make_uow, bkk(2026, 3, 2), received_at=bkk(2026, 3, 2))  # due 8 April
    fresh = file(make_uow, bkk(2026, 4, 16), received_at=bkk(2026, 4, 16, 15))
    for case_id in (due_today, overdue):
        act(make_uow, case_id, "mark_contacted", bkk(2026, 3, 10))
    assert digest(make_uow, bkk(2026, 4, 17, 8, 30)) == 1
    [row] = outbox(make_uow, "staff_digest")
    text = row.messages[0]["text"]
    assert row.dedupe_key.endswith(":2026-04-17:grp") and row.to.startswith("C")
    assert "ครบกำหนด 25 วันทำการวันนี้: 1 เรื่อง" in text
    assert "เกินกำหนด 25 วันทำการ: 1 เรื่อง" in text
    assert "รอติดต่อผู้ร้อง: 1 เรื่อง" in text
    assert "17 เมษายน 2569" in text
    assert digest(make_uow, bkk(2026, 4, 17, 15)) == 0  # once a day
    assert digest(make_uow, bkk(2026, 4, 20, 8, 30)) == 1
    act(make_uow, fresh, "close_case", bkk(2026, 4, 20, 9), 1, "เรียบร้อย")
    for case_id in (due_today, overdue):
        act(make_uow, case_id, "close_case", bkk(2026, 4, 20, 9), 1, "เรียบร้อย")
    assert digest(make_uow, bkk(2026, 4, 21, 8, 30)) == 0  # nothing open: no digest


def test_no_digest_on_a_special_holiday(make_uow):
    file(make_uow, bkk(2026, 3, 9), received_at=bkk(2026, 3, 9))
    with make_uow() as uow:
        add_holiday(uow, date(2026, 4, 16), "วันหยุดพิเศษ", "มติคณะรัฐมนตรี", "admin",
                    bkk(2026, 4, 1))
        uow.commit()
    assert digest(make_uow, bkk(2026, 4, 16, 9)) == 0


def test_first_working_day_skips_new_year_and_the_weekend(make_uow):
    with make_uow() as uow:
        assert first_working_day(uow, date(2027, 1, 20)) == date(2027, 1, 4)
        assert first_working_day(uow, date(2026, 8, 9)) == date(2026, 8, 3)


def test_monthly_report_built_on_the_first_working_day_and_units_reminded(make_uow):
    open_case = file(make_uow, bkk(2026, 7, 20), received_at=bkk(2026, 7, 20))
    done = file(make_uow, bkk(2026, 7, 21), received_at=bkk(2026, 7, 21))
    act(make_uow, done, "close_case", bkk(2026, 7, 27), 1, "เรียบร้อย")
    assert monthly(make_uow, bkk(2026, 8, 1, 9)).month is None  # Saturday 1 August
    result = monthly(make_uow, bkk(2026, 8, 3, 7))  # Monday: the first working day
    assert (result.month, result.built, result.told, result.reminded) == ("2026-07", True, 1, 1)
    [told] = outbox(make_uow, "staff_monthly")
    assert told.to == group_of("IC") and "กรกฎาคม 2569" in told.messages[0]["text"]
    assert "รับใหม่ 2 เรื่อง" in told.messages[0]["text"]
    [reminder] = outbox(make_uow, "staff_monthly_reminder")
    assert "ยังไม่ยุติ 1 เรื่อง" in reminder.messages[0]["text"]
    assert "5 สิงหาคม 2569" in reminder.messages[0]["text"]
    with make_uow() as uow:
        assert store(uow.session).kv_get("monthly_report:2026-07")["summary"]["received"] == 2
        assert open_case
    again = monthly(make_uow, bkk(2026, 8, 4, 9))
    assert (again.built, again.told, again.reminded) == (False, 0, 0)
    assert monthly(make_uow, bkk(2026, 8, 6, 9)).reminded == 0  # the 5th has passed
    assert len(keys(make_uow, "staff_monthly")) == 1


def test_months_a_stopped_clock_missed_are_all_built_and_told_once(make_uow):
    file(make_uow, bkk(2026, 11, 20), received_at=bkk(2026, 11, 20))
    assert monthly(make_uow, bkk(2027, 1, 18, 9)).months == ("2026-11", "2026-12")
    result = monthly(make_uow, bkk(2027, 6, 30, 9))  # the clock was down February to June
    assert result.months == ("2027-01", "2027-02", "2027-03", "2027-04", "2027-05")
    assert (result.month, result.built, result.told) == ("2027-05", True, 1)
    assert result.summary().startswith("reports 2027-01, 2027-02, 2027-03, 2027-04, 2027-05 "
                                       "built; 1 Information Center message(s)")
    with make_uow() as uow:
        st = store(uow.session)
        built = [st.kv_get(f"monthly_report:2027-{m:02d}") for m in range(1, 6)]
    assert all(b is not None for b in built)
    told = outbox(make_uow, "staff_monthly")
    assert len(told) == 2 and told[1].dedupe_key.startswith("monthly:2027-05:")
    text = told[1].messages[0]["text"]
    assert all(name in text for name in ("มกราคม 2570", "เมษายน 2570", "พฤษภาคม 2570"))
    again = monthly(make_uow, bkk(2027, 7, 1, 9))  # July's first working day: June alone
    assert again.months == ("2027-06",) and len(outbox(make_uow, "staff_monthly")) == 3


def test_a_catch_up_goes_back_twelve_months_at_most_and_not_before_the_first_case(make_uow):
    file(make_uow, bkk(2025, 3, 3), received_at=bkk(2025, 3, 3))
    result = monthly(make_uow, bkk(2027, 6, 30, 9))  # nothing built before
    assert result.months == tuple(f"{y}-{m:02d}" for y, m in
                                  [(2026, m) for m in range(6, 13)] +
                                  [(2027, m) for m in range(1, 6)])
    with make_uow() as uow:
        uow.session.execute(text("DELETE FROM kv"))
        uow.session.execute(text("UPDATE cases SET received_date = '2027-03-10'"))
        uow.commit()
    assert monthly(make_uow, bkk(2027, 6, 30, 9)).months == ("2027-03", "2027-04", "2027-05")


def test_awaiting_contact_is_the_unmet_contact_milestone_not_the_status(make_uow):
    """A public note moves a case on without anyone recording contact: the digest still
    lists it as awaiting contact (as the case page does); an anonymous one never."""
    received = bkk(2026, 11, 20)
    noted = file(make_uow, received, received_at=received, complexity="complex")
    file(make_uow, received, received_at=received, first_name=None, last_name=None,
         address=None, phone=None)  # anonymous: nobody to contact
    act(make_uow, noted, "add_note", bkk(2026, 12, 3), "กำลังตรวจสอบข้อเท็จจริง", public=True)
    assert digest(make_uow, bkk(2026, 12, 11, 8, 30)) == 1
    text = outbox(make_uow, "staff_digest")[0].messages[0]["text"]
    assert "รอติดต่อผู้ร้อง: 1 เรื่อง" in text
    with make_uow() as uow:
        tracking_no = uow.cases.get(noted).tracking_no
        assert store(uow.session).awaiting_contact_by_unit(5) == {
            "P20": (1, [(tracking_no, bkk(2026, 11, 21, 22))])}
    act(make_uow, noted, "mark_contacted", bkk(2026, 12, 11, 9))
    assert digest(make_uow, bkk(2026, 12, 14, 8, 30)) == 0
