"""A staff member works a case to closed in a real browser and downloads the month's report."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from core.domain.clock import BANGKOK
from core.services.cases import NewCase, file_case
from core.services.users import create_user
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "e2e-password-123"


@pytest.fixture
def seeded(live_runtime):
    """An administrator and one complaint received an hour ago (BKK01)."""
    now = datetime.now(UTC)
    with live_runtime.uow() as uow:
        create_user(uow, username="somchai", role="admin", unit_code=None, password=PASSWORD,
                    now=now)
        case = file_case(uow, NewCase(
            channel="phone", category="medical", received_at=now - timedelta(hours=1),
            description="โรงพยาบาลเรียกเก็บค่ายาเพิ่มทั้งที่ใช้สิทธิประกันสังคม",
            title="นางสาว", first_name="สมใจ", last_name="ทดลองดี",
            address="99/9 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพมหานคร",
            province_code="10", phone="0812345678", unit_code="BKK01",
            line_user_id="U" + "b" * 32), now=now - timedelta(hours=1), actor="e2e")
        uow.commit()
        return case.tracking_no


def login(page, base: str, username: str = "somchai") -> None:
    """Sign in through the form."""
    page.goto(f"{base}/admin/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_work_a_case_to_closed_and_download_the_report(page, live_server, seeded):
    login(page, live_server)
    assert page.locator("h1").first.inner_text().startswith("ภาพรวม")
    screenshot(page, "admin-dashboard")

    page.click("nav a[href='/admin/cases']")
    page.fill("#q", "081-234-5678")
    page.click("button:has-text('ค้นหา')")
    page.click(f"a:has-text('{seeded}')")
    assert "สมใจ ทดลองดี" in page.content()
    screenshot(page, "admin-case")

    page.click("#act-contact summary")
    page.click("#act-contact button[type=submit]")
    page.wait_for_selector("text=บันทึกการติดต่อผู้ร้องแล้ว")

    page.click("#act-note summary")
    page.fill("#note-text", "ได้ประสานโรงพยาบาลแล้ว จะคืนเงินให้ภายในสัปดาห์นี้")
    page.check("#note-public")
    page.click("#act-note button[type=submit]")
    page.wait_for_selector("text=บันทึกความคืบหน้าแล้ว")

    page.click("#act-close summary")
    page.check("#close-outcome-0")
    page.fill("#close-explanation", "โรงพยาบาลคืนเงินค่ายาให้ท่านครบถ้วนแล้ว")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#act-close button[type=submit]")
    page.wait_for_selector("text=ยุติเรื่องแล้ว")
    assert "โรงพยาบาลคืนเงินค่ายาให้ท่านครบถ้วนแล้ว" in page.content()
    screenshot(page, "admin-case-closed")

    page.click("nav a[href='/admin/reports']")
    assert re.search(r"นับในรายงานนี้\s*1\b", page.inner_text("table.kpi-table"))
    screenshot(page, "admin-reports")
    with page.expect_download() as download_info:
        page.click("a:has-text('Excel (.xlsx)') >> nth=0")
    book = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    summary = {row[0]: row[1] for row in book["สรุป"].iter_rows(values_only=True)}
    assert summary["นับ"] == 1 and summary["แก้ไขภายใน 25 วันทำการ"] == 1


def test_phone_sized_case_list(browser, live_server, seeded):
    context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, live_server)
    page.goto(f"{live_server}/admin/cases")
    assert seeded in page.content()
    screenshot(page, "admin-cases-phone")
    context.close()


def test_a_letter_received_last_week_entered_by_hand(page, live_server, seeded):
    login(page, live_server)
    page.click("nav a[href='/admin/cases/new']")
    page.select_option("#channel", "letter")
    page.fill("#received_date", "")
    page.fill("#received_time", "25:00")
    page.fill("#full_name", "นายสมชาย")
    page.fill("#phone", "0812")
    page.fill("#description", "นายจ้างหักเงินสมทบจากค่าจ้างทุกเดือนแต่ไม่นำส่งสำนักงานประกันสังคม")
    page.click("button[name=suggest]")
    assert page.input_value("#category") == "employer"  # the suggester's first choice
    page.click("button:has-text('บันทึกเรื่อง')")
    assert page.locator("p.err").count() >= 4
    assert page.input_value("#full_name") == "นายสมชาย"  # what was typed stays
    screenshot(page, "admin-new-case-errors")
    received = datetime.now(BANGKOK).date() - timedelta(days=7)
    page.fill("#received_date", f"{received.day}/{received.month}/{received.year + 543}")
    page.fill("#received_time", "10:15")
    page.fill("#full_name", "นายสมชาย ใจกว้าง")
    page.fill("#phone", "089-123-4567")
    page.fill("#address", "12 หมู่ 4 ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000")
    page.click("button:has-text('บันทึกเรื่อง')")
    page.wait_for_selector("text=บันทึกเรื่องใหม่แล้ว")
    body = page.content()
    assert "นายสมชาย ใจกว้าง" in body and "หนังสือ/จดหมาย" in body and "10:15 น." in body
    screenshot(page, "admin-new-case-filed")
