"""Calendar, units and routing, and user administration."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.persistence.models import OutboxMessage
from tests.admin.conftest import NOW, Staff, as_user, file_test_case


@pytest.fixture
def admin(app, accounts):
    return as_user(app, "admin1")


def test_calendar_lists_the_years_holidays_in_thai(admin):
    html = admin.get("/admin/calendar?year=2569").get_data(as_text=True)
    assert "วันหยุดราชการ พ.ศ. 2569" in html
    assert "วันสงกรานต์" in html and "13 เมษายน 2569" in html


def test_adding_a_holiday_moves_open_deadlines(admin, runtime):
    case_id = file_test_case(runtime)
    with runtime.uow() as uow:
        before = uow.cases.get(case_id).due_date
    day = before - timedelta(days=7)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    typed = f"{day.day}/{day.month}/{day.year + 543}"
    response = admin.post("/admin/calendar/add", {
        "day": typed, "name": "วันหยุดพิเศษ", "note": "มติคณะรัฐมนตรี 1 มี.ค. 2569"})
    assert response.status_code == 302
    with runtime.uow() as uow:
        after = uow.cases.get(case_id).due_date
        events = [e.kind for e in uow.cases.get(case_id).events]
    assert after > before and "deadline_moved" in events
    page = admin.get(f"/admin/calendar?year={day.year + 543}").get_data(as_text=True)
    assert "วันหยุดพิเศษ" in page and "มติคณะรัฐมนตรี 1 มี.ค. 2569" in page
    assert ("กำหนดของเรื่องที่ยังไม่ยุติเปลี่ยน 1 รายการ ใน 1 เรื่อง "
            "(แก้ไขแล้วเสร็จภายใน 25 วันทำการ 1)") in page
    assert admin.post("/admin/calendar/remove", {"day": typed}).status_code == 302
    with runtime.uow() as uow:
        assert uow.cases.get(case_id).due_date == before


@pytest.mark.parametrize("fields,message", [
    ({"day": "35/1/2569", "name": "x"}, "วว/ดด/ปปปป"),
    ({"day": "1/6/2569", "name": ""}, "กรุณาระบุชื่อวันหยุด"),
    ({"day": "1/6/2600", "name": "x"}, "ปฏิทินวันหยุดมีตั้งแต่"),
])
def test_bad_holiday_input_is_explained(admin, fields, message):
    response = admin.post("/admin/calendar/add", fields)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_removing_a_working_day_is_refused(admin):
    response = admin.post("/admin/calendar/remove", {"day": "4/3/2569"})
    assert response.status_code == 422 and "ไม่ใช่วันหยุด" in response.get_data(as_text=True)


def test_unit_line_targets(admin, runtime):
    group = "C" + "1" * 32
    assert admin.post("/admin/units/BKK01", {"line_group_id": group,
                                             "head_line_id": ""}).status_code == 302
    with runtime.uow() as uow:
        assert uow.reference.unit("BKK01").line_group_id == group
    bad = admin.post("/admin/units/BKK01", {"line_group_id": "not-an-id", "head_line_id": ""})
    assert bad.status_code == 422 and "32 หลัก" in bad.get_data(as_text=True)
    assert 'value="not-an-id"' in bad.get_data(as_text=True)
    assert admin.get("/admin/units/NOPE").status_code == 404


def test_units_without_a_line_recipient_are_flagged(admin, runtime):
    def flagged() -> set[str]:
        html = admin.get("/admin/units").get_data(as_text=True)
        return {row.split("</td>", 1)[0] for row in html.split("<tr><td>")[1:]
                if "ไม่มีผู้รับทางไลน์" in row}

    before = flagged()
    assert {"BKK01", "IC"} <= before
    admin.post("/admin/units/BKK01", {"line_group_id": "C" + "1" * 32, "head_line_id": ""})
    assert flagged() == before - {"BKK01"}


def test_bangkok_district_map_and_category_rules(admin, runtime):
    response = admin.post("/admin/routing/districts?province=10",
                          {"district_1001": "BKK03", "district_1002": ""})
    assert response.status_code == 302
    with runtime.uow() as uow:
        routes = {r.district_code: r.unit_code for r in uow.reference.district_routes()}
    assert routes.get("1001") == "BKK03" and "1002" not in routes
    rules = admin.post("/admin/routing/rules", {"rule_unemployment": "HQ",
                                                "note_unemployment": "ทดลอง",
                                                "rule_corruption": "HQ",
                                                "rule_other": "IC"})
    assert rules.status_code == 302
    with runtime.uow() as uow:
        found = {r.category: (r.unit_code, r.note) for r in uow.reference.routing_rules()}
    assert found["unemployment"] == ("HQ", "ทดลอง")
    bad = admin.post("/admin/routing/districts?province=10", {"district_1001": "NOPE"})
    assert bad.status_code == 422 and "ไม่มีหน่วยงานรหัส NOPE" in bad.get_data(as_text=True)


def test_administrator_creates_and_edits_accounts(admin, app, runtime):
    created = admin.post("/admin/users", {"username": "newbie", "role": "officer",
                                          "unit": "BKK03", "password": "a-long-password-1"})
    assert created.status_code == 302
    weak = admin.post("/admin/users", {"username": "weak", "role": "officer", "unit": "BKK03",
                                       "password": "short"})
    assert weak.status_code == 422 and "รหัสผ่านต้องยาว" in weak.get_data(as_text=True)
    no_unit = admin.post("/admin/users", {"username": "nounit", "role": "viewer", "unit": "",
                                          "password": "a-long-password-1"})
    assert no_unit.status_code == 422 and "ต้องระบุหน่วยงาน" in no_unit.get_data(as_text=True)
    assert "--unit" not in no_unit.get_data(as_text=True)  # a page, not the command line
    with runtime.uow() as uow:
        user_id = uow.users.by_username("newbie").id
    assert Staff(app.test_client()).login("newbie", "a-long-password-1").status_code == 302
    edited = admin.post(f"/admin/users/{user_id}", {"role": "viewer", "unit": "BKK03",
                                                    "password": ""})
    assert edited.status_code == 302
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        assert (user.role, user.active) == ("viewer", False)  # unticked "active"


def test_dates_are_buddhist_era(admin, runtime):
    case_id = file_test_case(runtime, received_at=NOW)
    html = admin.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "2 มี.ค. 2569" in html and "2026" not in html
    assert date(2026, 3, 2).isoformat() not in html


def test_outbox_page_lists_and_resends_dead_letters(admin, runtime):
    with runtime.uow() as uow:
        row = OutboxMessage(dedupe_key="x1", to="U" + "c" * 32, audience="complainant",
                            kind="case_note", messages=[{"type": "text", "text": "ทดสอบ"}],
                            retry_key="r", status="dead", attempts=5, next_attempt_at=NOW,
                            last_error="400 bad request", created_at=NOW)
        uow.add(row)
        uow.commit()
        message_id = row.id
    html = admin.get("/admin/outbox").get_data(as_text=True)
    assert "ส่งไม่สำเร็จ" in html and "ทดสอบ" in html and "400 bad request" in html
    assert admin.post(f"/admin/outbox/{message_id}/retry").status_code == 302
    with runtime.uow() as uow:
        assert uow.session.get(OutboxMessage, message_id).status == "pending"
    assert admin.post("/admin/outbox/999999/retry").status_code == 404


def test_administrators_see_who_viewed_a_case(admin, app, runtime):
    case_id = file_test_case(runtime)
    as_user(app, "bkk1").get(f"/admin/cases/{case_id}")
    html = admin.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "บันทึกการเข้าถึงข้อมูลส่วนบุคคล" in html and "bkk1" in html
    assert "บันทึกการเข้าถึงข้อมูลส่วนบุคคล" not in as_user(app, "bkk1").get(
        f"/admin/cases/{case_id}").get_data(as_text=True)


def test_the_last_active_administrator_cannot_demote_or_suspend_themselves(admin, runtime):
    with runtime.uow() as uow:
        me = uow.users.by_username("admin1").id
    for change in ({"role": "viewer", "unit": "BKK01", "active": "y"},
                   {"role": "admin", "unit": ""}):  # unticked "active"
        refused = admin.post(f"/admin/users/{me}", {**change, "password": ""})
        assert refused.status_code == 422
        assert "ผู้ดูแลระบบที่ใช้งานได้บัญชีสุดท้าย" in refused.get_data(as_text=True)
    with runtime.uow() as uow:
        assert (uow.users.get(me).role, uow.users.get(me).active) == ("admin", True)
    created = admin.post("/admin/users", {"username": "admin2", "role": "admin", "unit": "",
                                          "password": "a-long-password-2", "active": "y"})
    assert created.status_code == 302
    demoted = admin.post(f"/admin/users/{me}", {"role": "viewer", "unit": "BKK01",
                                                "active": "y", "password": ""})
    assert demoted.status_code == 302  # another administrator remains
