"""Sign-in and sign-out: Flask-Login sessions, per-account lock-out and a per-address limit."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user

from admin.context import now, uow
from admin.forms import LoginForm
from core.domain.errors import DomainError
from core.persistence.models import User
from core.services import admin_accounts
from core.services.admin_audit import record
from core.services.admin_cases import Viewer
from core.services.users import USERNAME_RE

logger = logging.getLogger(__name__)
TOO_MANY = "มีการเข้าสู่ระบบผิดพลาดจากเครื่องนี้หลายครั้ง กรุณารอ 15 นาทีแล้วลองใหม่"


@dataclass
class StaffUser(UserMixin):
    """The signed-in account as the session knows it."""

    id: str  # the session token: user id + digest of the password hash
    user_id: int
    username: str
    role: str
    unit_code: str | None

    @property
    def viewer(self) -> Viewer:
        """The account as the case rules see it."""
        return Viewer(self.username, self.role, self.unit_code)

    @classmethod
    def of(cls, user: User) -> StaffUser:
        """From the database row."""
        return cls(admin_accounts.session_token(user), user.id, user.username, user.role,
                   user.unit_code)


def address_key(address: str) -> str:
    """The client address as the sign-in limit stores it: a digest keyed with the app's
    secret, so the database never holds staff members' addresses."""
    secret = current_app.secret_key or ""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def init_login(app: Flask) -> None:
    """Attach the login manager to the app."""
    manager = LoginManager()
    manager.login_view = "admin.login"
    manager.login_message = "กรุณาเข้าสู่ระบบก่อน"
    manager.login_message_category = "error"
    manager.session_protection = "basic"
    manager.user_loader(_load_user)
    manager.init_app(app)


def _load_user(token: str) -> StaffUser | None:
    with uow() as work:
        user = admin_accounts.user_for_token(work, token)
        return StaffUser.of(user) if user else None


def add_routes(bp: Blueprint) -> None:
    """Sign-in and sign-out."""
    bp.add_url_rule("/login", view_func=login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", view_func=logout, methods=["POST"])


def login():  # noqa: ANN201
    """The sign-in form; a lock after five failures, and a limit per address."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address, moment = address_key(request.remote_addr or "-"), now()
        with uow() as work:
            if admin_accounts.address_blocked(work, address, moment):
                form.password.errors.append(TOO_MANY)
                return render_template("admin/login.html", form=form), 429
            try:
                user = admin_accounts.authenticate(work, form.username.data or "",
                                                   form.password.data or "", moment)
            except DomainError as exc:
                admin_accounts.address_failed(work, address, moment)
                typed = (form.username.data or "").strip().lower()
                actor = typed if USERNAME_RE.match(typed) else "-"
                record(work, actor=actor, action="login_failed", now=moment)
                work.commit()
                form.password.errors.append(str(exc))
                status = 401
            else:
                record(work, actor=user.username, action="login", now=moment)
                work.commit()
                session.clear()
                session.permanent = True
                login_user(StaffUser.of(user))
                return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", form=form), status


@login_required
def logout():  # noqa: ANN201
    """Sign out (a POST with the CSRF token)."""
    logout_user()
    session.clear()
    flash("ออกจากระบบแล้ว", "ok")
    return redirect(url_for("admin.login"))


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the dashboard."""
    if target and target.startswith("/admin") and not urlsplit(target).netloc:
        return target
    return url_for("admin.dashboard")
