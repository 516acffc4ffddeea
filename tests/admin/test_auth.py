"""Accounts: sign-in, lock-out, per-address limit, sign-out, password change, cookies."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.conversation.commands import staff_link_code
from core.persistence.models import AuditEntry, SigninFailure
from rongrian.runtime import Runtime
from rongrian.web import create_app
from tests.admin.conftest import PASSWORD, Staff, as_user


def test_sign_in_goes_to_the_dashboard(staff):
    response = staff.login("bkk1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    page = staff.get("/admin/")
    assert page.status_code == 200 and "bkk1" in page.get_data(as_text=True)


def test_pages_need_sign_in(app):
    response = app.test_client().get("/admin/cases")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_wrong_password_is_refused_in_thai_and_keeps_the_username(staff):
    response = staff.login("bkk1", "wrong-password-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in html
    assert 'value="bkk1"' in html and "wrong-password-1" not in html


def test_unknown_user_gets_the_same_message(staff):
    response = staff.login("nobody", PASSWORD)
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_five_failures_lock_the_account_for_fifteen_minutes(staff, clock):
    for _ in range(5):
        assert staff.login("bkk1", "wrong-password-1").status_code == 401
    locked = staff.login("bkk1")
    assert locked.status_code == 401 and "ระงับชั่วคราว" in locked.get_data(as_text=True)
    clock.advance(minutes=14)
    assert staff.login("bkk1").status_code == 401
    clock.advance(minutes=2)
    assert staff.login("bkk1").status_code == 302


def test_a_success_resets_the_failure_count(staff):
    for _ in range(4):
        staff.login("bkk1", "wrong-password-1")
    assert staff.login("bkk1").status_code == 302
    for _ in range(4):
        staff.login("bkk1", "wrong-password-1")
    assert staff.login("bkk1").status_code == 302


def test_one_address_is_limited_across_usernames(staff):
    for i in range(20):
        staff.login(f"guess{i}", "wrong-password-1")
    blocked = staff.login("bkk2")
    assert blocked.status_code == 429
    assert "หลายครั้ง" in blocked.get_data(as_text=True)
    other = Staff(staff.client.application.test_client())
    other.client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert other.login("bkk2").status_code == 302


def _second_worker(runtime, clock) -> Staff:
    """A browser on another app over the same database, as another gunicorn worker is."""
    app = create_app(Runtime(runtime.settings, runtime.engine, runtime.sessions,
                             runtime.closers))
    app.config.update(TESTING=True, RONGRIAN_CLOCK=clock)
    return Staff(app.test_client())


def test_the_address_limit_is_shared_by_every_worker_and_forgets_after_its_window(
        staff, runtime, clock, accounts):
    other = _second_worker(runtime, clock)
    for i in range(10):
        assert staff.login(f"guess{i}", "wrong-password-1").status_code == 401
        assert other.login(f"other{i}", "wrong-password-1").status_code == 401
    assert staff.login("bkk2").status_code == 429
    assert other.login("bkk2").status_code == 429
    with runtime.uow() as uow:  # the address is kept only as a keyed digest
        keys = set(uow.session.scalars(select(SigninFailure.address_key)))
    assert len(keys) == 1 and "127.0.0.1" not in next(iter(keys))
    clock.advance(minutes=16)
    assert other.login("bkk2", "wrong-password-1").status_code == 401  # counted again ...
    with runtime.uow() as uow:  # ... and the old failures are gone
        assert uow.session.scalar(select(func.count()).select_from(SigninFailure)) == 1
    assert staff.login("bkk2").status_code == 302


def _behind_a_proxy(runtime, clock, hops: int) -> list[Staff]:
    """Two browsers behind one proxy on 127.0.0.1, each named in X-Forwarded-For."""
    settings = replace(runtime.settings, trusted_proxies=hops)
    app = create_app(Runtime(settings, runtime.engine, runtime.sessions, runtime.closers))
    app.config.update(TESTING=True, RONGRIAN_CLOCK=clock)
    browsers = []
    for address in ("203.0.113.7", "198.51.100.23"):
        browser = Staff(app.test_client())
        browser.client.environ_base.update(REMOTE_ADDR="127.0.0.1",
                                           HTTP_X_FORWARDED_FOR=address)
        browsers.append(browser)
    return browsers


@pytest.mark.parametrize("hops,other_signs_in", [(1, True), (0, False)])
def test_the_address_limit_sees_clients_only_behind_trusted_proxies(
        runtime, clock, accounts, hops, other_signs_in):
    guesser, colleague = _behind_a_proxy(runtime, clock, hops)
    for i in range(20):
        guesser.login(f"guess{i}", "wrong-password-1")
    assert guesser.login("bkk2").status_code == 429
    assert (colleague.login("bkk2").status_code == 302) is other_signs_in


def test_inactive_accounts_cannot_sign_in(staff, runtime, accounts):
    with runtime.uow() as uow:
        uow.users.get(accounts["bkk1"]).active = False
        uow.commit()
    assert staff.login("bkk1").status_code == 401


def test_sign_in_does_not_redirect_off_site(staff):
    page = staff.client.get("/admin/login")
    staff.token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = staff.client.post("/admin/login?next=https://evil.example/",
                                 data={"csrf_token": staff.token, "username": "bkk1",
                                       "password": PASSWORD})
    assert response.headers["Location"].endswith("/admin/")


def test_session_cookie_is_http_only_and_same_site(staff):
    response = staff.login("bkk1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_out_needs_a_post(app, accounts):
    staff = as_user(app, "bkk1")
    assert staff.client.get("/admin/logout").status_code == 405
    assert staff.post("/admin/logout").status_code == 302
    assert staff.client.get("/admin/").status_code == 302


def test_password_change_checks_and_signs_out_other_sessions(app, accounts):
    first, second = as_user(app, "bkk1"), as_user(app, "bkk1")
    wrong = first.post("/admin/account", {"current": "nope-nope-nope", "new": "a-new-password-1",
                                           "confirm": "a-new-password-1"})
    assert wrong.status_code == 422 and "รหัสผ่านปัจจุบันไม่ถูกต้อง" in wrong.get_data(as_text=True)
    mismatch = first.post("/admin/account", {"current": PASSWORD, "new": "a-new-password-1",
                                              "confirm": "a-new-password-2"})
    assert "ไม่ตรงกัน" in mismatch.get_data(as_text=True)
    short = first.post("/admin/account", {"current": PASSWORD, "new": "short",
                                           "confirm": "short"})
    assert short.status_code == 422 and "10" in short.get_data(as_text=True)
    done = first.post("/admin/account", {"current": PASSWORD, "new": "a-new-password-1",
                                          "confirm": "a-new-password-1"})
    assert done.status_code == 302
    assert first.client.get("/admin/").status_code == 200  # this session continues
    assert second.client.get("/admin/").status_code == 302  # the other one is signed out
    fresh = Staff(app.test_client())
    assert fresh.login("bkk1", PASSWORD).status_code == 401
    assert fresh.login("bkk1", "a-new-password-1").status_code == 302


def test_sign_ins_are_audited(staff, runtime):
    staff.login("bkk1", "wrong-password-1")
    staff.login("bkk1")
    with runtime.uow() as uow:
        actions = [(a.actor, a.action) for a in uow.session.scalars(select(AuditEntry))]
    assert ("bkk1", "login_failed") in actions and ("bkk1", "login") in actions


def test_line_link_code_lasts_fifteen_minutes(app, accounts, clock, runtime):
    staff = as_user(app, "bkk1")
    assert staff.post("/admin/account/line", {"action": "link"}).status_code == 302
    page = staff.get("/admin/account").get_data(as_text=True)
    with runtime.uow() as uow:
        user = uow.users.get(accounts["bkk1"])
        code, expires = user.line_link_code, user.line_link_expires_at
    assert code and len(code) == 6 and code.isdigit() and f"LINK {code}" in page
    assert staff_link_code(f"LINK {code}") == code  # what the bot accepts
    assert (expires - clock.at).total_seconds() == 15 * 60
    clock.advance(minutes=16)
    assert f"LINK {code}" not in staff.get("/admin/account").get_data(as_text=True)
