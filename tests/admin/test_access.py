"""CSRF on every form, roles, and unit scoping (another unit's case is a 404, not the case)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core.persistence.models import Attachment, AuditEntry
from tests.admin.conftest import as_user, file_test_case

POST_URLS = [
    "/admin/logout", "/admin/cases/{id}/note", "/admin/cases/{id}/close", "/admin/cases/new",
    "/admin/calendar/add", "/admin/calendar/remove", "/admin/units/BKK01",
    "/admin/routing/districts", "/admin/routing/rules", "/admin/account", "/admin/account/line",
    "/admin/users", "/admin/users/1",
]


@pytest.mark.parametrize("url", POST_URLS)
def test_every_form_needs_the_csrf_token(app, runtime, accounts, url):
    case_id = file_test_case(runtime)
    staff = as_user(app, "admin1")
    target = url.format(id=case_id)
    missing = staff.client.post(target, data={"text": "x", "version": "1"})
    forged = staff.client.post(target, data={"csrf_token": "forged", "text": "x"})
    assert missing.status_code == 400 and forged.status_code == 400
    assert "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง" in missing.get_data(as_text=True)


def test_sign_in_form_needs_the_csrf_token(app, accounts):
    response = app.test_client().post("/admin/login",
                                      data={"username": "bkk1", "password": "x"})
    assert response.status_code == 400


def test_a_token_from_another_session_is_refused(app, runtime, accounts):
    case_id = file_test_case(runtime)
    mine, theirs = as_user(app, "bkk1"), as_user(app, "admin1")
    theirs.get("/admin/")
    response = mine.client.post(f"/admin/cases/{case_id}/note", data={
        "csrf_token": theirs.token, "note-version": "1", "note-text": "x"})
    assert response.status_code == 400


def _list(staff, **args):
    return staff.get("/admin/cases", query_string=args).get_data(as_text=True)


def test_officers_see_only_their_units_cases(app, runtime, accounts):
    mine = file_test_case(runtime, unit_code="BKK01", phone="0811111111")
    theirs = file_test_case(runtime, unit_code="BKK02", phone="0822222222")
    with runtime.uow() as uow:
        numbers = {i: uow.cases.get(i).tracking_no for i in (mine, theirs)}
    bkk1 = as_user(app, "bkk1")
    page = _list(bkk1)
    assert numbers[mine] in page and numbers[theirs] not in page
    assert numbers[theirs] not in _list(bkk1, q="0822222222")
    assert numbers[theirs] not in _list(bkk1, unit="BKK02")
    assert numbers[theirs] not in bkk1.get("/admin/").get_data(as_text=True)
    export = bkk1.get("/admin/cases/export?format=csv").get_data(as_text=True)
    assert numbers[mine] in export and numbers[theirs] not in export
    for everyone in ("ic1", "admin1"):
        page = _list(as_user(app, everyone))
        assert numbers[mine] in page and numbers[theirs] in page


def test_another_units_case_is_not_found(app, runtime, accounts):
    theirs = file_test_case(runtime, unit_code="BKK02")
    bkk1 = as_user(app, "bkk1")
    page = bkk1.get(f"/admin/cases/{theirs}")
    assert page.status_code == 404 and "สมใจ" not in page.get_data(as_text=True)
    assert bkk1.get("/admin/cases/999999").status_code == 404
    posted = bkk1.post(f"/admin/cases/{theirs}/close", {
        "close-version": "1", "close-outcome": "1", "close-explanation": "x"})
    assert posted.status_code == 404
    with runtime.uow() as uow:
        assert uow.cases.get(theirs).status == "new"


def _attach(runtime, case_id: int, tmp_key: str) -> int:
    with runtime.uow() as uow:
        attachment = Attachment(case_id=case_id, kind="image", content_type="image/jpeg",
                                size=4, sha256="0" * 64, storage_key=tmp_key,
                                created_at=datetime.now(UTC))
        uow.add(attachment)
        uow.commit()
        return attachment.id


def test_attachments_are_served_only_within_the_unit(app, runtime, accounts):
    mine = file_test_case(runtime, unit_code="BKK01")
    theirs = file_test_case(runtime, unit_code="BKK02")
    folder = runtime.settings.instance_path / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "b.jpg").write_bytes(b"\xff\xd8\xff\xe1")
    my_file, their_file = _attach(runtime, mine, "a.jpg"), _attach(runtime, theirs, "b.jpg")
    bkk1 = as_user(app, "bkk1")
    ok = bkk1.get(f"/admin/cases/{mine}/attachments/{my_file}")
    assert ok.status_code == 200 and ok.data == b"\xff\xd8\xff\xe0"
    assert bkk1.get(f"/admin/cases/{theirs}/attachments/{their_file}").status_code == 404
    # The guessed file id under one's own case is refused too.
    assert bkk1.get(f"/admin/cases/{mine}/attachments/{their_file}").status_code == 404
    assert as_user(app, "bkk2").get(
        f"/admin/cases/{theirs}/attachments/{their_file}").status_code == 200
    with runtime.uow() as uow:
        seen = {(a.actor, a.case_id) for a in uow.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "attachment_view"))}
    assert seen == {("bkk1", mine), ("bkk2", theirs)}


def test_viewers_read_but_do_not_change(app, runtime, accounts):
    case_id = file_test_case(runtime, unit_code="BKK01")
    viewer = as_user(app, "view1")
    assert viewer.get(f"/admin/cases/{case_id}").status_code == 200
    assert viewer.post(f"/admin/cases/{case_id}/note", {
        "note-version": "1", "note-text": "x"}).status_code == 403
    assert viewer.get("/admin/cases/new").status_code == 403
    assert "บันทึกความคืบหน้า</summary>" not in viewer.get(
        f"/admin/cases/{case_id}").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/users", "/admin/units/BKK01", "/admin/users/1"])
def test_officers_cannot_use_the_administrators_pages(app, accounts, url):
    assert as_user(app, "ic1").get(url).status_code == 403


def test_officers_cannot_change_the_calendar_or_routing(app, accounts):
    officer = as_user(app, "ic1")
    assert officer.post("/admin/calendar/add", {"day": "1/6/2569", "name": "x"}).status_code == 403
    assert officer.post("/admin/routing/rules", {"rule_other": "HQ"}).status_code == 403
    page = officer.get("/admin/routing").get_data(as_text=True)
    assert "ดูได้อย่างเดียว" in page and "<fieldset disabled>" in page
    assert "บันทึกกฎ" not in page and "บันทึกแผนที่เขต" not in page
    admin_page = as_user(app, "admin1").get("/admin/routing").get_data(as_text=True)
    assert "บันทึกกฎ" in admin_page and "disabled" not in admin_page


def test_every_case_page_view_is_audited(app, runtime, accounts):
    case_id = file_test_case(runtime)
    as_user(app, "bkk1").get(f"/admin/cases/{case_id}")
    with runtime.uow() as uow:
        rows = [(r.actor, r.case_id, r.detail) for r in uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case_view"))]
    assert [r[:2] for r in rows] == [("bkk1", case_id)]
    assert "สมใจ" not in repr(rows)


def test_security_headers(app, accounts):
    response = as_user(app, "bkk1").get("/admin/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
