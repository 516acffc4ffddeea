"""A new case from another channel: the bot's checks, the real receipt time, suggestions."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest
from markupsafe import escape

from admin.forms_new import ADDRESS_ISSUES_TH
from core.domain.addresses import PROBLEMS_TH
from core.domain.clock import BANGKOK
from tests.admin.conftest import as_user

GOOD = {
    "channel": "letter", "received_date": "25/2/2569", "received_time": "14:30",
    "full_name": "นายสมชาย ใจกว้าง", "phone": "089-123-4567",
    "address": "12 หมู่ 4 ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000",
    "description": "นายจ้างหักเงินสมทบแต่ไม่นำส่ง", "category": "employer",
    "complexity": "simple",
}


@pytest.fixture
def officer(app, accounts):
    return as_user(app, "ic1")


def _case(runtime, tracking_no: str):
    with runtime.uow() as uow:
        case = uow.cases.by_tracking_no(tracking_no)
        return {"channel": case.channel, "received_at": case.received_at,
                "first": case.first_name, "last": case.last_name, "title": case.title,
                "phone": case.phone, "province": case.province_code, "unit": case.unit_code,
                "formal": case.is_formal, "events": [e.kind for e in case.events]}


def _file(officer, **changes):
    return officer.post("/admin/cases/new", GOOD | changes)


def test_the_form_starts_with_now_in_the_buddhist_era(officer):
    html = officer.get("/admin/cases/new").get_data(as_text=True)
    assert 'value="2/3/2569"' in html and 'value="09:00"' in html
    assert "LINE" not in re.search(r'<select id="channel".*?</select>', html, re.S).group(0)


def test_a_letter_is_filed_with_its_real_receipt_time(officer, runtime):
    response = _file(officer)
    assert response.status_code == 302
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"เลขที่ (\d{4}-\d{6})", page).group(1)
    case = _case(runtime, number)
    assert case["received_at"] == datetime(2026, 2, 25, 14, 30, tzinfo=BANGKOK)
    assert case["channel"] == "letter" and case["formal"]
    assert (case["title"], case["first"], case["last"]) == ("นาย", "สมชาย", "ใจกว้าง")
    assert case["phone"] == "0891234567" and case["province"] == "20"
    assert case["unit"] != "IC"  # routed by the address to the Chon Buri office


@pytest.mark.parametrize("time_typed", ["๑๔:๓๐", "๑๔.๓๐", "14:๓๐"])
def test_thai_digits_are_accepted_in_the_date_the_time_and_the_phone(officer, runtime,
                                                                     time_typed):
    response = _file(officer, received_date="๒๕/๒/๒๕๖๙", received_time=time_typed,
                     phone="๐๘๙-๑๒๓-๔๕๖๗")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    case = _case(runtime, re.search(r"เลขที่ (\d{4}-\d{6})", page).group(1))
    assert case["received_at"] == datetime(2026, 2, 25, 14, 30, tzinfo=BANGKOK)
    assert case["phone"] == "0891234567"


@pytest.mark.parametrize("field,value,message", [
    ("full_name", "สมชาย", "เว้นวรรคระหว่างชื่อกับนามสกุล"),
    ("full_name", "สมชาย 1234", "ต้องไม่มีตัวเลข"),
    ("phone", "12345", "หมายเลขโทรศัพท์ไม่ถูกต้อง"),
    ("address", "", "กรุณากรอกช่องนี้"),
    ("address", "กทม", "ที่อยู่สั้นเกินไป"),
    ("received_date", "31/2/2569", "วว/ดด/ปปปป"),
    ("received_date", "2/3/2570", "ต้องไม่อยู่ในอนาคต"),
    ("received_time", "25:61", "ชช:นน"),
    ("received_time", "๒๕:๐๐", "ชช:นน"),
    ("description", "", "กรุณาระบุรายละเอียดเรื่องร้องเรียน"),
    ("category", "", "กรุณาเลือกหมวดหมู่"),
])
def test_bad_input_is_explained_next_to_the_field_and_kept(officer, field, value, message):
    response = _file(officer, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="err" id="{field}-err">([^<]*)</p>', html)
    assert error and message in error.group(1), html[-3000:]
    kept = GOOD["full_name"] if field != "full_name" else GOOD["description"]
    assert f'value="{kept}"' in html or kept in html  # what was typed stays


@pytest.mark.parametrize("address,message", [
    ("089-123-4567", "มีแต่หมายเลขโทรศัพท์"),
    ("โทร 089-123-4567 ค่ะ", "มีแต่หมายเลขโทรศัพท์"),
    ("นายสมชาย ใจกว้าง", "ชื่อ-นามสกุล"),
    ("ไม่ทราบที่อยู่ ผู้ร้องไม่แจ้ง", "ไม่พบชื่อสถานที่"),
    ("กรุงเทพมหานคร ประเทศไทย", "ยังไม่มีบ้านเลขที่"),
    ("ก" * 30 + " กรุงเทพ", "ซ้ำติดกัน"),
])
def test_what_is_not_an_address_is_refused_as_in_line_and_everything_stays(
        officer, runtime, address, message):
    typed = GOOD | {"address": address, "unit": "BKK05", "hospital_text": "รพ.ราชวิถี"}
    response = officer.post("/admin/cases/new", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="err" id="address-err">([^<]*)</p>', html)
    assert error and message in error.group(1), html[-3000:]
    assert 'id="province-err"' not in html  # the address is the problem, not the province
    for name in ("full_name", "phone", "description", "received_date", "received_time",
                 "hospital_text", "address"):
        assert escape(typed[name]) in html, name
    assert re.search(r'<option selected value="BKK05">|<option value="BKK05" selected>', html)
    with runtime.uow() as uow:
        assert uow.cases.count() == 0


def test_every_address_issue_has_a_staff_message():
    assert set(ADDRESS_ISSUES_TH) == set(PROBLEMS_TH)


@pytest.mark.parametrize("address", ["", "ไม่ทราบ", "089-123-4567"])
def test_an_anonymous_letter_skips_the_address_check(officer, runtime, address):
    response = _file(officer, anonymous="y", full_name="", phone="", address=address,
                     category="corruption", description="แจ้งเบาะแสทุจริตโดยไม่ระบุชื่อ")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    with runtime.uow() as uow:
        assert uow.cases.count() == 1


@pytest.mark.parametrize("typed", ["full_name", "phone"])
def test_an_anonymous_letter_with_a_name_or_phone_asks_which_is_meant(officer, runtime, typed):
    """Ticked "no complainant" but typed who it is: asked, not silently dropped."""
    changes = {"anonymous": "y", "full_name": "", "phone": "", "address": "",
               typed: GOOD[typed]}
    response = _file(officer, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="err" id="{typed}-err">([^<]*)</p>', html)
    assert error and "ไม่ระบุตัวผู้ร้อง" in unescape(error.group(1)), html[-3000:]
    assert escape(GOOD[typed]) in html  # what was typed is still there
    with runtime.uow() as uow:
        assert uow.cases.count() == 0


def test_an_anonymous_letter_is_routed_by_the_province_chosen(officer, runtime):
    response = _file(officer, anonymous="y", full_name="", phone="", address="",
                     province="50", category="employer")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    number = re.search(r"เลขที่ (\d{4}-\d{6})",
                       officer.get(response.headers["Location"]).get_data(as_text=True)).group(1)
    case = _case(runtime, number)
    assert (case["province"], case["unit"], case["formal"]) == ("50", "P50", False)


def test_an_anonymous_letter_needs_no_complainant(officer, runtime):
    response = _file(officer, anonymous="y", full_name="", phone="", address="",
                     category="corruption", description="แจ้งเบาะแสทุจริตโดยไม่ระบุชื่อ")
    assert response.status_code == 302
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"เลขที่ (\d{4}-\d{6})", page).group(1)
    assert _case(runtime, number)["formal"] is False
    # nobody to contact: no contact action, deadline or waiting list for it
    assert "บันทึกว่าติดต่อผู้ร้องแล้ว" not in page and "ไม่มี (ไม่ระบุตัวผู้ร้อง)" in page
    assert "ผู้ร้องจะได้รับข้อความนี้ทางไลน์" not in page
    dashboard = officer.get("/admin/").get_data(as_text=True)
    waiting = dashboard.split("รอติดต่อผู้ร้อง", 1)[1].split("</section>", 1)[0]
    assert number not in waiting


def test_a_chosen_unit_is_kept(officer, runtime):
    response = _file(officer, unit="BKK05")
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"เลขที่ (\d{4}-\d{6})", page).group(1)
    assert _case(runtime, number)["unit"] == "BKK05"


def test_the_suggest_button_files_nothing(officer, runtime):
    response = _file(officer, suggest="1", category="")
    assert response.status_code == 200
    with runtime.uow() as uow:
        assert uow.cases.count() == 0


def test_an_officer_of_a_unit_files_for_that_unit_by_default(app, accounts):
    html = as_user(app, "bkk1").get("/admin/cases/new").get_data(as_text=True)
    assert re.search(r'<option selected value="BKK01">|<option value="BKK01" selected>', html)


def test_the_same_form_sent_again_files_one_case(officer, runtime):
    """The back button and the save button again: the one-time id of the form files once."""
    html = officer.get("/admin/cases/new").get_data(as_text=True)
    submission = re.search(r'name="submission" type="hidden" value="([0-9a-f]{32})"', html)
    assert submission, "the form carries a one-time id"
    first = _file(officer, submission=submission.group(1))
    again = _file(officer, submission=submission.group(1))
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    page = officer.get(again.headers["Location"]).get_data(as_text=True)
    assert "บันทึกไปแล้วเป็นเรื่องเลขที่" in page and "จึงไม่ได้บันทึกซ้ำ" in page
    other = officer.get("/admin/cases/new").get_data(as_text=True)
    assert submission.group(1) not in other  # a new form, a new id
    with runtime.uow() as uow:
        assert uow.cases.count() == 1
