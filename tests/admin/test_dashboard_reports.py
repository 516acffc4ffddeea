"""Dashboard figures agree with the KPI report; reports on screen and as Excel and CSV."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.domain.kpi import Month
from core.persistence.admin_queries import kpi_by_month
from core.persistence.models import AuditEntry
from core.services.admin_cases import Viewer
from core.services.admin_dashboard import COUNTS_TTL, TtlCache, dashboard, fiscal_year_be
from core.services.cases import close_case
from core.services.report_workbook import monthly_workbook
from core.services.reports import monthly_report
from tests.admin.conftest import NOW, as_user, file_test_case
from tests.integration.helpers import bkk


@pytest.fixture
def scenario(runtime):
    """Cases from December 2025 to March 2026, some closed in time, some late, some open."""
    received = [bkk(2025, 12, 1), bkk(2026, 1, 5), bkk(2026, 1, 30), bkk(2026, 2, 2),
                bkk(2026, 2, 3), bkk(2026, 2, 25), bkk(2026, 3, 2, 8)]
    ids = [file_test_case(runtime, received_at=r, unit_code="BKK01" if i % 2 else "BKK02")
           for i, r in enumerate(received)]
    closings = {0: bkk(2025, 12, 20), 2: bkk(2026, 2, 10), 3: bkk(2026, 2, 20),
                4: bkk(2026, 3, 20)}
    with runtime.uow() as uow:
        for index, when in closings.items():
            close_case(uow, uow.cases.get(ids[index]), 1, "ชี้แจงแล้ว", now=when, actor="t")
        uow.commit()
    return ids


@pytest.mark.parametrize("month,as_of", [
    (Month(2025, 12), None), (Month(2026, 1), None), (Month(2026, 2), None),
    (Month(2026, 3), date(2026, 3, 2)), (Month(2026, 3), None), (Month(2026, 4), None),
])
def test_monthly_figures_match_the_kpi_report(runtime, scenario, month, as_of):
    report_date = as_of or month.last
    with runtime.uow() as uow:
        report = monthly_report(uow, month, report_date)
        ours = kpi_by_month(uow.session, month.first, report_date)
    assert ours.get((month.year, month.month), (0, 0)) == (
        report["counted"], report["resolved_within_25"])


def test_dashboard_figures(runtime, scenario):
    with runtime.uow() as uow:
        everyone = dashboard(uow, Viewer("ic1", "officer", "IC"), NOW)
        one_unit = dashboard(uow, Viewer("bkk1", "officer", "BKK01"), NOW)
        february = monthly_report(uow, Month(2026, 2))
    trend = dict(everyone["trend"])
    assert (trend[(2026, 2)].counted, trend[(2026, 2)].resolved) == (
        february["counted"], february["resolved_within_25"])
    assert everyone["fiscal_year_be"] == 2569 == fiscal_year_be(date(2026, 3, 2))
    assert everyone["fy_kpi"].counted == sum(f.counted for m, f in everyone["trend"]
                                             if date(*m, 1) >= date(2025, 10, 1))
    assert everyone["open_counts"]["total"]["all"] == 3
    assert one_unit["open_counts"]["total"]["all"] < 3
    assert set(one_unit["open_counts"]["unit_code"]) == {"BKK01"}
    overdue = everyone["lists"]["overdue"]
    assert overdue["count"] == 1  # received 5 Jan, due 9 Feb, never closed
    assert everyone["lists"]["awaiting_contact"]["count"] == 3


def test_dashboard_page_shows_the_kpi_chart_and_lists(app, accounts, scenario):
    html = as_user(app, "ic1").get("/admin/").get_data(as_text=True)
    assert "ปีงบประมาณ 2569" in html and "<svg" in html and "ก.พ. 69" in html
    assert "รอติดต่อผู้ร้อง" in html and "เกินกำหนด 25 วันทำการ" in html


def test_report_page_month_and_fiscal_year(app, accounts, scenario):
    staff = as_user(app, "ic1")
    month = staff.get("/admin/reports?period=2026-02").get_data(as_text=True)
    assert "รายงาน กุมภาพันธ์ 2569" in month and "ข้อมูล ณ วันที่ 28 กุมภาพันธ์ 2569" in month
    year = staff.get("/admin/reports?period=fy2569").get_data(as_text=True)
    assert "ปีงบประมาณ 2569" in year and "ข้อมูล ณ วันที่ 2 มีนาคม 2569" in year
    bad = staff.get("/admin/reports?period=2569-02")
    assert bad.status_code == 400 and "ไม่ถูกต้อง" in bad.get_data(as_text=True)


@pytest.mark.parametrize("period", ["2010-01", "2009-12", "fy2553", "fy2553-q2"])
def test_a_period_before_the_holiday_calendar_says_from_when_reports_exist(app, accounts,
                                                                           period):
    """The calendar starts on 1 January 2010 and a month counts what the one before carried
    out: 400 with the first month, quarter and fiscal year that can be reported."""
    staff = as_user(app, "ic1")
    for url in (f"/admin/reports?period={period}",
                f"/admin/reports/download?period={period}&kind=kpi&format=xlsx",
                f"/admin/reports/download?period={period}&kind=hospital&format=csv"):
        response = staff.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, url
        assert "รายงานได้ตั้งแต่ 1 กุมภาพันธ์ 2553 (2010-02)" in html
        assert "fy2553-q3" in html and "fy2554" in html and "Error" not in html


@pytest.mark.parametrize("period", ["2010-02", "fy2553-q3", "fy2554"])
def test_the_first_periods_that_can_be_reported_are(app, accounts, period):
    staff = as_user(app, "ic1")
    assert staff.get(f"/admin/reports?period={period}").status_code == 200
    assert staff.get(f"/admin/reports/download?period={period}&kind=kpi").status_code == 200


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def test_month_workbook_is_the_command_lines(app, accounts, runtime, scenario):
    response = as_user(app, "ic1").get("/admin/reports/download?period=2026-02&kind=kpi")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    with runtime.uow() as uow:
        expected = monthly_workbook(uow, monthly_report(uow, Month(2026, 2)))
    assert _sheets(response.data) == _sheets(expected)


def test_fiscal_year_workbook_and_csv(app, accounts, runtime, scenario):
    staff = as_user(app, "ic1")
    sheets = _sheets(staff.get("/admin/reports/download?period=fy2569&kind=kpi").data)
    summary = dict(row[:2] for row in sheets["สรุป"])
    with runtime.uow() as uow:
        counted = sum(c for c, _ in kpi_by_month(uow.session, date(2025, 10, 1),
                                                 date(2026, 3, 2)).values())
    assert summary["ช่วงเวลา"] == "ปีงบประมาณ 2569" and summary["นับ"] == counted
    csv = staff.get("/admin/reports/download?period=fy2569&kind=kpi&format=csv")
    text = csv.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("กลุ่ม,รหัส,ชื่อ") and "ตามหน่วยงาน" in text


def test_quarter_report_page_and_workbook(app, accounts, runtime, scenario):
    staff = as_user(app, "ic1")
    html = staff.get("/admin/reports").get_data(as_text=True)
    assert 'value="fy2569-q2"' in html and "ไตรมาสที่ 2 ปีงบประมาณ 2569" in html
    assert 'value="fy2569-q3"' not in html  # April has not come yet
    first = staff.get("/admin/reports?period=fy2569-q1").get_data(as_text=True)
    assert "รายงาน ไตรมาสที่ 1 ปีงบประมาณ 2569" in first
    assert "ข้อมูล ณ วันที่ 31 ธันวาคม 2568" in first
    sheets = _sheets(staff.get("/admin/reports/download?period=fy2569-q2&kind=kpi").data)
    summary = dict(row[:2] for row in sheets["สรุป"])
    with runtime.uow() as uow:
        by_month = kpi_by_month(uow.session, date(2026, 1, 1), date(2026, 3, 2))
    assert summary["ช่วงเวลา"] == "ไตรมาสที่ 2 ปีงบประมาณ 2569"
    assert summary["ได้รับ"] == 6  # received 5 Jan to 2 Mar
    assert summary["นับ"] == sum(counted for counted, _ in by_month.values())
    assert staff.get("/admin/reports?period=fy2569-q5").status_code == 400


def test_hospital_report(app, accounts, runtime):
    with runtime.uow() as uow:
        hospital = uow.reference.hospitals()[0]
        hospital_id, name = hospital.id, hospital.name_th
    case_id = file_test_case(runtime, hospital_id=hospital_id, received_at=bkk(2026, 2, 10))
    with runtime.uow() as uow:
        number = uow.cases.get(case_id).tracking_no
    staff = as_user(app, "ic1")
    html = staff.get("/admin/reports?period=2026-02").get_data(as_text=True)
    assert name in html and number in html
    sheets = _sheets(staff.get("/admin/reports/download?period=2026-02&kind=hospital").data)
    assert sheets["สรุปตามสถานพยาบาล"][1][:3] == (hospital_id, name, 1)
    assert sheets["เรื่องร้องเรียนสถานพยาบาล"][1][1] == number
    assert sheets["เรื่องร้องเรียนสถานพยาบาล"][1][2:4] == ("2569-02-10", "รับเรื่องใหม่")
    assert "10 ก.พ. 2569" in html and "2026-02-10" not in html
    kpi = _sheets(staff.get("/admin/reports/download?period=2026-02&kind=kpi").data)
    assert kpi["เรื่องร้องเรียนสถานพยาบาล"][1][2:4] == ("2569-02-10", "รับเรื่องใหม่")
    assert dict(row[:2] for row in kpi["สรุป"])["เดือน"] == "กุมภาพันธ์ 2569"
    csv = staff.get("/admin/reports/download?period=2026-02&kind=hospital&format=csv")
    assert number in csv.data.decode("utf-8-sig")


def test_downloads_are_audited(app, accounts, runtime):
    as_user(app, "ic1").get("/admin/reports/download?period=2026-02&kind=kpi&format=csv")
    as_user(app, "ic1").get("/admin/cases/export?format=csv")
    with runtime.uow() as uow:
        actions = {a.action for a in uow.session.scalars(select(AuditEntry))}
    assert {"report_download", "case_export"} <= actions


def test_trend_has_twelve_months_ending_now(runtime):
    with runtime.uow() as uow:
        data = dashboard(uow, Viewer("a", "admin", None), NOW + timedelta(days=40))
    months = [m for m, _ in data["trend"]]
    assert len(months) == 12 and months[-1] == (2026, 4) and months[0] == (2025, 5)


def test_dashboard_aggregates_are_cached_for_a_while(runtime, scenario):
    ticks = [0.0]
    cache = TtlCache(clock=lambda: ticks[0])
    viewer = Viewer("ic1", "officer", "IC")
    with runtime.uow() as uow:
        before = dashboard(uow, viewer, NOW, cache)["open_counts"]["total"]["all"]
    file_test_case(runtime)
    with runtime.uow() as uow:
        cached = dashboard(uow, viewer, NOW, cache)
    assert cached["open_counts"]["total"]["all"] == before
    assert cached["lists"]["awaiting_contact"]["count"] == 4  # the lists are always live
    ticks[0] += COUNTS_TTL + 1
    with runtime.uow() as uow:
        assert dashboard(uow, viewer, NOW, cache)["open_counts"]["total"]["all"] == before + 1


def test_the_hospital_case_list_shows_a_unit_only_its_own_cases(app, accounts, runtime):
    with runtime.uow() as uow:
        hospital_id = uow.reference.hospitals()[0].id
    ours, theirs = (file_test_case(runtime, hospital_id=hospital_id, unit_code=unit,
                                   received_at=bkk(2026, 2, 10)) for unit in ("BKK01", "BKK02"))
    with runtime.uow() as uow:
        ours, theirs = uow.cases.get(ours).tracking_no, uow.cases.get(theirs).tracking_no
    unit_staff, centre = as_user(app, "bkk1"), as_user(app, "ic1")
    for period in ("2026-02", "fy2569-q2", "fy2569"):
        html = unit_staff.get(f"/admin/reports?period={period}").get_data(as_text=True)
        assert ours in html and theirs not in html and "แสดงเฉพาะเรื่องของ" in html
        everything = centre.get(f"/admin/reports?period={period}").get_data(as_text=True)
        assert ours in everything and theirs in everything
        assert "แสดงเฉพาะเรื่องของ" not in everything
        for kind, fmt in (("hospital", "xlsx"), ("hospital", "csv"), ("kpi", "xlsx")):
            url = f"/admin/reports/download?period={period}&kind={kind}&format={fmt}"
            mine, all_ = unit_staff.get(url).data, centre.get(url).data
            if fmt == "xlsx":
                mine, all_ = repr(_sheets(mine)).encode(), repr(_sheets(all_)).encode()
            assert ours.encode() in mine and theirs.encode() not in mine
            assert ours.encode() in all_ and theirs.encode() in all_
