"""The case list: filters, search, sorting, keyset pages, badges and the export."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from admin import views_cases
from core.domain.clock import BANGKOK
from core.persistence.models import Case
from core.services import cases as svc
from core.services.cases import close_case
from tests.admin.conftest import NOW, as_user, file_test_case

NUMBER = re.compile(r"\d{4}-\d{6}")


def _numbers(html: str) -> list[str]:
    table = html.split('<table class="cases">', 1)[1].split("</table>", 1)[0]
    return list(dict.fromkeys(NUMBER.findall(table)))


@pytest.fixture
def cases(runtime):
    """Four varied cases; returns tracking numbers by name."""
    ids = {
        "phone": file_test_case(runtime, channel="phone", phone="0811111111",
                                first_name="สมศรี", last_name="มีสุข"),
        "letter": file_test_case(runtime, channel="letter", category="employer",
                                 phone="021234567", received_at=NOW - timedelta(days=60)),
        "bkk2": file_test_case(runtime, unit_code="BKK02", phone="0822222222"),
        "hospital": file_test_case(runtime, hospital_id=_a_hospital(runtime),
                                   phone="0833333333"),
    }
    with runtime.uow() as uow:
        close_case(uow, uow.cases.get(ids["phone"]), 1, "แก้ไขแล้ว", now=NOW, actor="t")
        uow.commit()
        return {k: uow.cases.get(v).tracking_no for k, v in ids.items()}


def _a_hospital(runtime) -> str:
    with runtime.uow() as uow:
        return uow.reference.hospitals()[0].id


@pytest.fixture
def ic(app, accounts):
    return as_user(app, "ic1")


@pytest.mark.parametrize("args,expected", [
    ({"status": "closed"}, {"phone"}),
    ({"status": "open"}, {"letter", "bkk2", "hospital"}),
    ({"category": "employer"}, {"letter"}),
    ({"channel": "letter"}, {"letter"}),
    ({"unit": "BKK02"}, {"bkk2"}),
    ({"due": "overdue"}, {"letter"}),
    ({"q": "0811111111"}, {"phone"}),
    ({"q": "081-111-1111"}, {"phone"}),
    ({"q": "+66 81 111 1111"}, {"phone"}),
    ({"q": "02-123-4567"}, {"letter"}),
    ({"q": "สมศรี"}, {"phone"}),
    ({"q": "นางสาวสมศรี มีสุข"}, {"phone"}),
    ({"q": "มีสุข"}, {"phone"}),
])
def test_filters_and_search(ic, cases, args, expected):
    html = ic.get("/admin/cases", query_string=args).get_data(as_text=True)
    assert set(_numbers(html)) == {cases[name] for name in expected}


def test_filter_by_hospital(ic, cases, runtime):
    html = ic.get("/admin/cases", query_string={"hospital": _a_hospital(runtime)}).get_data(
        as_text=True)
    assert _numbers(html) == [cases["hospital"]]


def test_search_by_tracking_number_and_by_its_sequence(ic, cases):
    full = cases["letter"]
    assert _numbers(ic.get(f"/admin/cases?q={full}").get_data(as_text=True)) == [full]
    seq = str(int(full.split("-")[1]))
    assert full in _numbers(ic.get(f"/admin/cases?q={seq}").get_data(as_text=True))


def test_bad_values_are_explained_in_thai_and_kept(ic, cases):
    response = ic.get("/admin/cases", query_string={"q": "!!!", "status": "bogus"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ค่าที่เลือกไม่ถูกต้อง" in html and 'value="!!!"' in html
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in ic.get("/admin/cases?q=08123456").get_data(
        as_text=True)


def test_badges_show_working_days(ic, cases):
    html = ic.get("/admin/cases", query_string={"q": cases["letter"]}).get_data(as_text=True)
    assert "เกินกำหนด" in html and "วันทำการ" in html


def test_pages_cover_every_case_once_both_ways(ic, runtime):
    for i in range(120):
        file_test_case(runtime, received_at=NOW - timedelta(hours=i), phone=None,
                       first_name=None, last_name=None, address=None, title=None)
    seen, pages, url = [], [], "/admin/cases?sort=received_desc"
    while url:
        html = ic.get(url).get_data(as_text=True)
        pages.append(html)
        seen += _numbers(html)
        match = re.search(r'href="([^"]+)" rel="next"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == 120 == len(set(seen)) and len(pages) == 3
    assert "พบ 120 เรื่อง" in pages[0]
    back = re.search(r'href="([^"]+)" rel="prev"', pages[2]).group(1).replace("&amp;", "&")
    assert _numbers(ic.get(back).get_data(as_text=True)) == _numbers(pages[1])
    oldest = _numbers(ic.get("/admin/cases?sort=received_asc").get_data(as_text=True))
    assert oldest[0] == seen[-1]


def test_export_keeps_the_filters(ic, cases):
    csv = ic.get("/admin/cases/export", query_string={"format": "csv", "status": "open"})
    text = csv.data.decode("utf-8")
    assert csv.headers["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    assert "เลขที่เรื่อง" in text.splitlines()[0]
    assert cases["letter"] in text and cases["phone"] not in text
    xlsx = ic.get("/admin/cases/export", query_string={"format": "xlsx", "channel": "letter"})
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [cases["letter"]]
    assert rows[1][1].startswith("25")  # Buddhist-Era dates


def test_export_says_when_the_complainant_was_contacted(ic, runtime):
    contacted = NOW + timedelta(hours=3)
    case_id = file_test_case(runtime, received_at=NOW, unit_code="IC")
    with runtime.uow() as uow:
        case = uow.session.get(Case, case_id)
        svc.mark_contacted(uow, case, now=contacted, actor="ic")
        uow.commit()
    file_test_case(runtime, received_at=NOW - timedelta(hours=1), unit_code="IC")
    xlsx = ic.get("/admin/cases/export", query_string={"format": "xlsx", "sort": "received_desc"})
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    column = rows[0].index("วันเวลาที่ติดต่อผู้ร้อง (พ.ศ.)")
    local = contacted.astimezone(BANGKOK)
    assert rows[1][column] == f"{local.year + 543}-{local:%m-%d %H:%M}"
    assert rows[2][column] in ("", None)  # not yet contacted


def test_export_says_when_it_stopped_at_its_limit(ic, cases, monkeypatch):
    monkeypatch.setitem(views_cases.EXPORT_LIMITS, "csv", 2)
    lines = ic.get("/admin/cases/export?format=csv").data.decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and "ส่งออกได้สูงสุด 2 เรื่อง" in lines[-1]


EVIL = '=HYPERLINK("http://evil.example","x")'


def test_export_keeps_typed_formulas_as_text(ic, runtime):
    """A hospital typed on LINE as a formula reaches staff as text, never a live formula."""
    file_test_case(runtime, hospital_text=EVIL, unit_code="IC")
    xlsx = ic.get("/admin/cases/export", query_string={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in sheet[1]]
    row = sheet[2]
    hospital = row[header.index("สถานพยาบาล")]
    assert (hospital.value, hospital.data_type) == (EVIL, "s")
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    csv = ic.get("/admin/cases/export", query_string={"format": "csv"}).data.decode("utf-8-sig")
    assert f"'{EVIL}" in csv.replace('""', '"') and "\n=" not in csv and ",=" not in csv


def test_export_of_text_with_a_control_character_is_not_a_500(ic, runtime):
    file_test_case(runtime, hospital_text="โรงพยาบาล\x0bทดสอบ", unit_code="IC")
    xlsx = ic.get("/admin/cases/export", query_string={"format": "xlsx"})
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert "โรงพยาบาลทดสอบ" in rows[1]


def test_awaiting_contact_is_every_open_case_whose_contact_is_not_recorded(ic, runtime,
                                                                          monkeypatch):
    """Dashboard list, its count and the list filter it links to agree: a public note does
    not count as contact; a contacted or an anonymous case does not await it."""
    from core.services.admin_cases import Viewer
    from core.services.admin_dashboard import dashboard
    from core.services.cases import add_note, mark_contacted

    noted, contacted, untouched = (file_test_case(runtime) for _ in range(3))
    anonymous = file_test_case(runtime, first_name=None, last_name=None, address=None,
                               phone=None, line_user_id=None)
    with runtime.uow() as uow:
        add_note(uow, uow.cases.get(noted), "กำลังประสานโรงพยาบาล", public=True, now=NOW,
                 actor="t")
        mark_contacted(uow, uow.cases.get(contacted), now=NOW, actor="t")
        uow.commit()
        numbers = {k: uow.cases.get(v).tracking_no for k, v in (
            ("noted", noted), ("untouched", untouched), ("anonymous", anonymous))}
        lists = dashboard(uow, Viewer("ic1", "officer", "IC"), NOW)["lists"]
    awaiting = lists["awaiting_contact"]
    assert {r["tracking_no"] for r in awaiting["rows"]} == {numbers["noted"],
                                                            numbers["untouched"]}
    assert awaiting["count"] == 2
    monkeypatch.setattr("core.services.admin_dashboard.LIST_SIZE", 1)  # "ดูทั้งหมด" shows
    html = ic.get("/admin/").get_data(as_text=True)
    assert "status=awaiting_contact" in html
    html = ic.get("/admin/cases", query_string={"status": "awaiting_contact"}).get_data(
        as_text=True)
    assert set(_numbers(html)) == {numbers["noted"], numbers["untouched"]}
