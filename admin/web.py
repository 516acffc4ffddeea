"""The staff pages' HTTP routes: one blueprint under /admin."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import HTTPException
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
from core.logsafe import trace
from core.persistence.bot_store import is_unavailable
from rongrian.runtime import Runtime

logger = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
ERRORS = {
    400: "คำขอไม่ถูกต้อง",
    403: "บัญชีของท่านไม่มีสิทธิ์ใช้หน้านี้",
    404: "ไม่พบหน้าหรือเรื่องที่ต้องการ",
    405: "เปิดหน้านี้โดยตรงไม่ได้",
}
DETAILS = {
    404: "ที่อยู่ของหน้าอาจพิมพ์ผิด หรือเรื่องนี้ไม่อยู่ในหน่วยงานที่ท่านดูได้ "
         "ค้นหาเรื่องได้ด้วยเลขที่เรื่องในหน้า \"เรื่องร้องเรียน\"",
    405: "หน้านี้ทำงานเมื่อกดปุ่มในหน้าที่เกี่ยวข้องเท่านั้น เปิดจากลิงก์หรือพิมพ์ที่อยู่เองไม่ได้",
}
FAILURE_DETAIL = ("ระบบบันทึกข้อผิดพลาดไว้ให้ผู้ดูแลระบบแล้ว กรุณาลองอีกครั้งในอีกสักครู่ "
                  "หากยังไม่สำเร็จ แจ้งผู้ดูแลระบบพร้อมเวลาที่เกิดเหตุ")
DATABASE_DOWN = "ระบบฐานข้อมูลขัดข้องชั่วคราว"
DATABASE_DOWN_DETAIL = ("กรุณาลองใหม่อีกครั้งในอีกสักครู่ ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย "
                        "หากยังใช้งานไม่ได้ แจ้งผู้ดูแลระบบ")
_CASE_ACTION = re.compile(r"^/admin/cases/(\d+)/[^/]+$")


def register(app: Flask, runtime: Runtime) -> None:
    """Attach the admin blueprint, sign-in and their settings to the app."""
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=10))
    app.config["WTF_CSRF_TIME_LIMIT"] = 10 * 3600  # a case page stays open all morning
    auth.init_login(app)
    app.register_blueprint(make_blueprint())
    for code in (404, 405):  # URLs under /admin/ that match no page reach the app, not the bp
        app.register_error_handler(code, _unrouted)


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
    bp.register_error_handler(Exception, _failure_page)
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
                           code=code, **_explain(code)), code


def _failure_page(error: Exception):  # noqa: ANN202
    """An unexpected error in a staff page: logged by class and frames only (a database
    error's message quotes the names, phones and addresses it failed on), and a Thai page."""
    if isinstance(error, HTTPException):  # no page of its own: werkzeug's answer, as before
        return error
    if is_unavailable(error):  # expected while it restarts: one line, no traceback
        logger.error("admin %s %s: database unavailable (%s)", request.method, request.path,
                     type(error).__name__)
        return _safe_error_page(DATABASE_DOWN, DATABASE_DOWN_DETAIL, 503)
    propagate = current_app.config["PROPAGATE_EXCEPTIONS"]
    if propagate or (propagate is None and (current_app.testing or current_app.debug)):
        raise error  # as Flask does with an unhandled error: tests see the traceback
    logger.error("admin %s %s failed: %s\n%s", request.method, request.path,
                 type(error).__name__, trace(error))
    return _safe_error_page("ระบบขัดข้อง ทำรายการไม่สำเร็จ", FAILURE_DETAIL, 500)


def _safe_error_page(message: str, detail: str, code: int):  # noqa: ANN202
    """The error page without the database (signed out if the account was not loaded)."""
    if "_login_user" not in g:
        g._login_user = current_app.login_manager.anonymous_user()
    return render_template("admin/error.html", message=message, detail=detail,
                           code=code), code


def _explain(code: int) -> dict[str, str]:
    """What to do instead; a case action opened as a link leads back to its case."""
    if code == 405 and request.path == "/admin/logout":
        return {"detail": "ออกจากระบบโดยกดปุ่ม \"ออกจากระบบ\" ที่แถบด้านบนของหน้า"}
    case = _CASE_ACTION.match(request.path) if code == 405 else None
    if case:
        return {"detail": "การดำเนินการกับเรื่อง (บันทึกการติดต่อ บันทึกความคืบหน้า โอน ยุติ "
                          "หรือเปิดเรื่องใหม่) ทำได้โดยกดปุ่มในหน้าเรื่องร้องเรียนเท่านั้น",
                "back": url_for("admin.case_page", case_id=int(case.group(1))),
                "back_label": "กลับไปหน้าเรื่องร้องเรียน"}
    return {"detail": DETAILS[code]} if code in DETAILS else {}


def _unrouted(error: HTTPException):  # noqa: ANN202
    """The Thai page for a URL under /admin/ that matches no page, or not with this method
    (`GET /admin/logout`). Routing fails before the blueprint is known, so its handlers,
    context and headers are applied here; other URLs keep werkzeug's answer."""
    if not request.path.startswith("/admin/"):
        return error
    present.preload()
    code = error.code or 404
    body = render_template("admin/error.html", message=ERRORS[code], code=code,
                           **present.helpers(), **_explain(code))
    response = _headers(Response(body, code, mimetype="text/html"))
    if code == 405:
        response.headers["Allow"] = ", ".join(getattr(error, "valid_methods", None) or [])
    return response
