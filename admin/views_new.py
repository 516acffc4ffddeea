"""A new case received through another channel: walk-in, phone, 1506, letter, …"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from admin.context import now, officer_required, uow, viewer
from admin.forms import options
from admin.forms_new import NewCaseForm
from admin.present import CATEGORIES, input_day
from core.domain.clock import BANGKOK, local_date
from core.domain.errors import DomainError
from core.domain.geo import province_name
from core.services.admin_cases import file_new, may_see

logger = logging.getLogger(__name__)


def add_routes(bp: Blueprint) -> None:
    """The new-case form."""
    bp.add_url_rule("/cases/new", view_func=new_case, methods=["GET", "POST"])


def suggest(text: str) -> list[tuple[str, str, float]]:
    """(category, Thai name, score) from the suggester, best first; empty if unavailable."""
    if not text.strip():
        return []
    try:
        from core.classify import load_suggester

        result: Any = load_suggester().suggest(text)
    except Exception:  # noqa: BLE001 - the form works without suggestions
        logger.warning("category suggester unavailable", exc_info=True)
        return []
    items = getattr(result, "suggestions", result)
    out = []
    for item in items:
        key = getattr(item, "category", None) or getattr(item, "key", None)
        if key in CATEGORIES:
            out.append((key, CATEGORIES[key], float(getattr(item, "score", 0.0))))
    return out[:3]


@officer_required
def new_case():  # noqa: ANN201
    """Record a complaint as it was really received (date and time), with suggestions."""
    moment = now()
    form = NewCaseForm()
    with uow() as work:
        _choices(form, work)
        if request.method == "GET":
            local = moment.astimezone(BANGKOK)
            form.received_date.data = input_day(local_date(moment))
            form.received_time.data = f"{local:%H:%M}"
            if not viewer().sees_all:
                form.unit.data = viewer().unit_code
            form.submission.data = secrets.token_hex(16)  # one filing per form sent
        suggestions = suggest(form.description.data or "")
        status, refusal = 200, None
        if request.method == "POST" and "suggest" in request.form:
            if suggestions and not form.category.data:
                form.category.data = suggestions[0][0]
        elif request.method == "POST":
            status = 422
            best = suggestions[0][0] if suggestions else None
            valid = form.validate()  # then the complainant checks too: every error at once
            new = form.to_new_case(moment, best)
            if valid and new is not None:
                try:
                    case, filed = file_new(work, viewer(), new, moment,
                                           form.submission.data or None)
                except DomainError as exc:
                    refusal = str(exc)
                else:
                    flash(f"บันทึกเรื่องใหม่แล้ว เลขที่ {case.tracking_no}" if filed else
                          f"แบบฟอร์มนี้บันทึกไปแล้วเป็นเรื่องเลขที่ {case.tracking_no} "
                          "จึงไม่ได้บันทึกซ้ำ", "ok")
                    if may_see(viewer(), case.unit_code):
                        return redirect(url_for("admin.case_page", case_id=case.id))
                    return redirect(url_for("admin.new_case"))
    return render_template("admin/new_case.html", form=form, suggestions=suggestions,
                           refusal=refusal), status


def _choices(form: NewCaseForm, work: Any) -> None:
    from config.datafiles import load_geo

    form.province.choices = options([("", "— หาจากที่อยู่ —")] + sorted(
        ((p["code"], province_name(p["code"]) or p["code"]) for p in load_geo()["provinces"]),
        key=lambda pair: pair[1]))
    form.hospital.choices = options([("", "— ไม่เกี่ยวกับสถานพยาบาล / ไม่ทราบ —")] + [
        (h.id, h.name_th) for h in work.reference.hospitals() if h.active])
    form.category.choices = options([("", "— เลือกหมวดหมู่ —"), *CATEGORIES.items()])
    form.unit.choices = options([("", "— ส่งอัตโนมัติตามกฎการส่งเรื่อง —")] + [
        (u.code, f"{u.code} {u.name_th}") for u in work.reference.units() if u.active])
