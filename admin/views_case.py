"""The case page: details, attachments, timeline, and every action with a stale-form check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import login_required

from admin import attachments
from admin.context import now, officer_required, uow, viewer
from admin.forms import (
    CategoryForm,
    CloseForm,
    ComplexityForm,
    ContactForm,
    NoteForm,
    ReopenForm,
    TransferForm,
    VersionedForm,
    options,
)
from admin.present import CATEGORIES
from core.domain.errors import DomainError, NotFound, StaleChange
from core.persistence.admin_queries import audit_for_case
from core.persistence.models import Case
from core.persistence.uow import UnitOfWork
from core.services.admin_case_list import add_badges
from core.services.admin_cases import act, may_see, view_case, visible_attachment, visible_case
from core.services.dead_letters import undelivered_to_complainant
from core.services.notify import line_status

FORMS: dict[str, type[VersionedForm]] = {
    "contact": ContactForm, "complexity": ComplexityForm, "note": NoteForm,
    "category": CategoryForm, "transfer": TransferForm, "close": CloseForm, "reopen": ReopenForm,
}
DONE = {
    "contact": "บันทึกการติดต่อผู้ร้องแล้ว", "complexity": "บันทึกความซับซ้อนแล้ว",
    "note": "บันทึกความคืบหน้าแล้ว", "category": "เปลี่ยนหมวดหมู่แล้ว",
    "transfer": "โอนเรื่องแล้ว", "close": "ยุติเรื่องแล้ว", "reopen": "เปิดเรื่องใหม่แล้ว",
}


def add_routes(bp: Blueprint) -> None:
    """The case page, its actions and its attachments."""
    bp.add_url_rule("/cases/<int:case_id>", view_func=case_page)
    bp.add_url_rule("/cases/<int:case_id>/<action>", view_func=case_action, methods=["POST"])
    bp.add_url_rule("/cases/<int:case_id>/attachments/<int:attachment_id>",
                    view_func=attachment)


@login_required
def case_page(case_id: int):  # noqa: ANN201
    """One case as staff work it (the view is recorded)."""
    with uow() as work:
        try:
            case = view_case(work, viewer(), case_id, now())
        except NotFound:
            abort(404)
        return _render(work, case, {})


@officer_required
def case_action(case_id: int, action: str):  # noqa: ANN201
    """Apply one action; a form loaded before someone else's change is refused."""
    if action not in FORMS:
        abort(404)
    with uow() as work:
        try:
            visible_case(work, viewer(), case_id)
        except NotFound:
            abort(404)
        form = FORMS[action](prefix=action)
        _choices(form, work)
        status, stale = 422, None
        if form.validate():
            try:
                case = act(work, viewer(), case_id, form.version.data or 0, action, now(),
                           **_params(action, form))
            except StaleChange as exc:
                stale, status = str(exc), 409
            except NotFound:
                abort(404)
            except DomainError as exc:
                form.refusal_field().errors.append(str(exc))
            else:
                flash(DONE[action], "ok")
                if not may_see(viewer(), case.unit_code):
                    flash(f"เรื่อง {case.tracking_no} อยู่ในความรับผิดชอบของหน่วยงานอื่นแล้ว", "ok")
                    return redirect(url_for("admin.cases"))
                return redirect(url_for("admin.case_page", case_id=case_id))
        work.rollback()
        case = visible_case(work, viewer(), case_id)
        if stale:
            # They now see the other change; sending the form again is a deliberate choice.
            form.version.data, form.version.raw_data = case.version, [str(case.version)]
        return _render(work, case, {action: form}, stale=stale, status=status)


@login_required
def attachment(case_id: int, attachment_id: int):  # noqa: ANN201
    """A file the complainant sent, only to staff who may see the case."""
    with uow() as work:
        try:
            found = visible_attachment(work, viewer(), attachment_id, case_id, now())
        except NotFound:
            abort(404)
        content_type, key, name = found.content_type, found.storage_key, found.original_name
    data = attachments.read(key)
    if data is None:
        abort(404)
    inline = content_type.startswith("image/") and content_type != "image/svg+xml"
    disposition = "inline" if inline else "attachment"
    filename = (name or f"attachment-{attachment_id}").replace('"', "")
    return Response(data, mimetype=content_type if inline else "application/octet-stream",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


def _params(action: str, form: Any) -> dict[str, Any]:
    return {
        "contact": lambda: {"note": (form.note.data or "").strip()},
        "complexity": lambda: {"complexity": form.complexity.data},
        "note": lambda: {"text": form.text.data, "public": bool(form.public.data)},
        "category": lambda: {"category": form.category.data},
        "transfer": lambda: {"unit_code": form.unit_code.data, "reason": form.reason.data},
        "close": lambda: {"outcome": form.outcome.data, "explanation": form.explanation.data},
        "reopen": lambda: {"reason": form.reason.data},
    }[action]()


def _choices(form: Any, work: UnitOfWork) -> None:
    if isinstance(form, CategoryForm):
        form.category.choices = options(CATEGORIES.items())
    if isinstance(form, TransferForm):
        form.unit_code.choices = options([("", "— เลือกหน่วยงาน —")] + [
            (u.code, f"{u.code} {u.name_th}") for u in work.reference.units() if u.active])


def _render(work: UnitOfWork, case: Case, given: dict[str, VersionedForm], *,
            stale: str | None = None, status: int = 200):  # noqa: ANN202
    forms: dict[str, Any] = {}
    for name, cls in FORMS.items():
        form = given.get(name) or cls(formdata=None, prefix=name, version=case.version)
        if name not in given:
            if name == "category":
                form.category.data = case.category
            if name == "complexity":
                form.complexity.data = case.complexity
        _choices(form, work)
        if name == "note" and not case.is_formal:
            form.public.label.text = "บันทึกสาธารณะ (นับเป็นรายงานผล ไม่มีผู้ร้องให้แจ้ง)"
        forms[name] = form
    row = {"id": case.id, "status": case.status, "due_date": case.due_date}
    add_badges(work, [row], now())
    open_action = next(iter(given), None)
    audit = audit_for_case(work.session, case.id) if viewer().is_admin else []
    return render_template("admin/case.html", case=case, forms=forms, badges=row["badges"],
                           stale=stale, open_action=open_action, audit=audit,
                           line_status=line_status(work, case.line_user_id),
                           undelivered=undelivered_to_complainant(work, case.id)), status
