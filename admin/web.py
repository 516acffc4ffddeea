"""The staff pages' HTTP routes: one blueprint under /admin."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask, Response, abort, render_template, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from admin import (
    auth,
    present,
    views_account,
    views_calendar,
    views_case,
    views_cases,
    views_dashboard,
    views_new,
    views_outbox,
    views_reports,
    views_units,
)
from rongrian.runtime import Runtime

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
ERRORS = {
    400: "คำขอไม่ถูกต้อง",
    403: "บัญชีของท่านไม่มีสิทธิ์ใช้หน้านี้",
    404: "ไม่พบหน้าหรือเรื่องที่ต้องการ",
    405: "คำขอไม่ถูกต้อง",
}


def register(app: Flask, runtime: Runtime) -> None:
    """Attach the admin blueprint, sign-in and their settings to the app."""
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=10))
    app.config["WTF_CSRF_TIME_LIMIT"] = 10 * 3600  # a case page stays open all morning
    auth.init_login(app)
    app.register_blueprint(make_blueprint())


def make_blueprint() -> Blueprint:
    """The /admin blueprint with every staff page."""
    bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
                   static_folder="static", static_url_path="/static")
    bp.before_request(_check_csrf)
    bp.before_request(present.preload)
    bp.after_request(_headers)
    bp.context_processor(present.helpers)
    for code in ERRORS:
        bp.register_error_handler(code, _error_page)
    bp.register_error_handler(CSRFError, _error_page)
    for module in (auth, views_dashboard, views_cases, views_case, views_new, views_calendar,
                   views_units, views_reports, views_account, views_outbox):
        module.add_routes(bp)
    return bp


def _check_csrf() -> None:
    """Every POST to the staff pages carries the session's CSRF token, and no NUL character
    (no keyboard types one, and PostgreSQL cannot store it)."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from None
        if any("\x00" in value for values in request.form.listvalues() for value in values):
            abort(400)


def _headers(response: Response) -> Response:
    """No inline script or style, no framing; pages with personal data are not cached."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not request.path.startswith("/admin/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(error: Exception):  # noqa: ANN202
    """A Thai error page with the right status."""
    if isinstance(error, CSRFError):
        message = "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"
        return render_template("admin/error.html", message=message, code=400), 400
    code = getattr(error, "code", 500) or 500
    return render_template("admin/error.html", message=ERRORS.get(code, "เกิดข้อผิดพลาด"),
                           code=code), code
