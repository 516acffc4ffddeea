"""Every staff page renders, in Thai, for an administrator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from core.persistence.bot_store import BotStore
from core.persistence.models import Case, OutboxMessage
from core.persistence.scheduling import store
from core.services.cases import close_case
from core.services.feedback import record_satisfaction, request_reopen
from core.services.notify import enqueue
from core.services.outbox_pause import start_pause
from tests.admin.conftest import NOW, as_user, file_test_case


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/cases", "/admin/cases/new", "/admin/calendar", "/admin/calendar?year=2569",
    "/admin/units", "/admin/units/BKK01", "/admin/routing", "/admin/routing?province=50",
    "/admin/outbox", "/admin/outbox?status=skipped",
    "/admin/reports", "/admin/reports?period=fy2569", "/admin/account", "/admin/users",
])
def test_page_renders(app, runtime, accounts, url):
    file_test_case(runtime)
    staff = as_user(app, "admin1")
    response = staff.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    html = response.get_data(as_text=True)
    assert 'lang="th"' in html
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither


def test_case_page_renders(app, runtime, accounts):
    case_id = file_test_case(runtime)
    staff = as_user(app, "admin1")
    response = staff.get(f"/admin/cases/{case_id}")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    html = response.get_data(as_text=True)
    assert "สมใจ ทดลองดี" in html and "0812345678" in html


def test_case_page_shows_what_the_complainant_did_on_line(app, runtime, accounts):
    """A block, a satisfaction score and a reopen request are shown in Thai, not as keys."""
    case_id = file_test_case(runtime)
    user = "U" + "a" * 32  # file_test_case's LINE user
    with runtime.uow() as uow:
        case = uow.session.get(Case, case_id)
        close_case(uow, case, 1, "คืนเงินค่ายาให้ท่านแล้ว", now=NOW, actor="test")
        uow.commit()
    with runtime.uow() as uow:
        tracking_no = uow.session.get(Case, case_id).tracking_no
        record_satisfaction(uow, user, tracking_no, 4, NOW)
        request_reopen(uow, user, tracking_no, NOW, "ยังไม่ได้รับเงินคืน")
        BotStore(uow.session).set_following(user, False, NOW)
        uow.commit()
    html = as_user(app, "admin1").get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "ผู้ร้องประเมินความพึงพอใจ" in html and "ความพึงพอใจ 4 จาก 5" in html
    assert "ผู้ร้องขอให้เปิดเรื่องใหม่" in html and "ยังไม่ได้รับเงินคืน" in html
    assert "ผู้ร้องบล็อกบัญชีไลน์" in html
    assert "reopen_requested" not in html and ">satisfaction<" not in html


@pytest.mark.parametrize(("reason", "shown"), [("quota", True), ("auth", True), ("rate", False)])
def test_administrators_see_a_banner_while_line_sending_is_stopped(app, runtime, accounts,
                                                                   reason, shown):
    """A monthly-quota or token pause is announced on every page to administrators only (a
    30-second rate-limit pause is routine and is not)."""
    with runtime.uow() as uow:
        start_pause(store(uow.session), reason, NOW + timedelta(hours=1), "from LINE", NOW)
        uow.commit()
    admin_page = as_user(app, "admin1").get("/admin/cases").get_data(as_text=True)
    officer_page = as_user(app, "bkk1").get("/admin/cases").get_data(as_text=True)
    assert ("ระบบหยุดส่งข้อความ LINE ชั่วคราว" in admin_page) is shown
    assert "ระบบหยุดส่งข้อความ LINE ชั่วคราว" not in officer_page


def test_case_page_says_when_a_message_never_reached_the_complainant(app, runtime, accounts):
    """A push LINE refused for good (a dead letter) is shown on the case to its unit's staff,
    who can then phone the complainant; administrators also get the way to resend it."""
    case_id = file_test_case(runtime)
    with runtime.uow() as uow:
        enqueue(uow, key="test:dead", to="U" + "a" * 32, audience="complainant",
                kind="case_note", messages=[{"type": "text", "text": "ความคืบหน้า: ประสานแล้ว"}],
                now=NOW, case_id=case_id)
        uow.session.execute(update(OutboxMessage).where(OutboxMessage.case_id == case_id)
                            .values(status="dead", last_error="400: invalid"))
        uow.commit()
    officer = as_user(app, "bkk1").get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "ข้อความทางไลน์ 1 ข้อความส่งไม่สำเร็จ" in officer and "ประสานแล้ว" in officer
    assert "สั่งส่งใหม่" not in officer
    assert "สั่งส่งใหม่" in as_user(app, "admin1").get(f"/admin/cases/{case_id}").get_data(
        as_text=True)


def test_a_nul_character_in_a_form_is_refused_not_stored(app, runtime, accounts):
    """No keyboard types U+0000 and PostgreSQL cannot store it: 400, nothing written."""
    case_id = file_test_case(runtime)
    staff = as_user(app, "bkk1")
    staff.get(f"/admin/cases/{case_id}")
    with runtime.uow() as uow:
        version = uow.session.get(Case, case_id).version
    response = staff.post(f"/admin/cases/{case_id}/note",
                          {"note-version": str(version), "note-text": "ประสาน\x00แล้ว"})
    assert response.status_code == 400 and "คำขอไม่ถูกต้อง" in response.get_data(as_text=True)
    with runtime.uow() as uow:
        assert uow.session.get(Case, case_id).version == version


@pytest.mark.parametrize("url", ["/admin/cases/abc", "/admin/nonexistent", "/admin/cases/999999"])
def test_a_missing_page_is_the_thai_error_page(app, accounts, url):
    response = as_user(app, "bkk1").client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and 'lang="th"' in html
    assert "ไม่พบหน้าหรือเรื่องที่ต้องการ" in html and "เลขที่เรื่อง" in html
    assert "Not Found" not in html and response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


def test_a_case_action_opened_as_a_link_explains_the_button_and_links_back(app, runtime,
                                                                         accounts):
    case_id = file_test_case(runtime)
    response = as_user(app, "bkk1").client.get(f"/admin/cases/{case_id}/close")
    html = response.get_data(as_text=True)
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert "Method Not Allowed" not in html and "กดปุ่มในหน้าเรื่องร้องเรียน" in html
    assert f'href="/admin/cases/{case_id}"' in html


@pytest.mark.parametrize("who", ["bkk1", None])
def test_sign_out_opened_as_a_link_names_the_button(app, accounts, who):
    client = as_user(app, who).client if who else app.test_client()
    response = client.get("/admin/logout")
    html = response.get_data(as_text=True)
    assert response.status_code == 405 and 'lang="th"' in html
    assert "ออกจากระบบโดยกดปุ่ม" in html and "Method Not Allowed" not in html


def test_other_missing_urls_keep_the_plain_404(app):
    assert app.test_client().get("/nonexistent").status_code == 404


def test_the_search_box_is_limited_so_a_pasted_text_cannot_make_the_url_too_long(app,
                                                                                  accounts):
    html = as_user(app, "bkk1").get("/admin/cases").get_data(as_text=True)
    assert re.search(r'<input id="q" name="q" type="search" maxlength="100"', html)
