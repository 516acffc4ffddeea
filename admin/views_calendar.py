"""The civil-service calendar: the year's holidays, and staff additions and removals."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from admin.context import admin_required, now, uow, viewer
from admin.forms_ref import HolidayAddForm, HolidayRemoveForm
from core.domain.clock import local_date
from core.domain.errors import DomainError
from core.services import admin_reference
from core.services.calendar import holidays_of_year


def add_routes(bp: Blueprint) -> None:
    """The calendar page and its two forms."""
    bp.add_url_rule("/calendar", view_func=calendar)
    bp.add_url_rule("/calendar/add", view_func=add, methods=["POST"])
    bp.add_url_rule("/calendar/remove", view_func=remove, methods=["POST"])


def _year() -> int:
    text = request.args.get("year", "")
    this_year = local_date(now()).year
    if text.isdigit():
        year = int(text) - 543 if int(text) > 2400 else int(text)
        if 2010 <= year <= this_year + 5:
            return year
    return this_year


@login_required
def calendar(add_form: HolidayAddForm | None = None,
             remove_form: HolidayRemoveForm | None = None, status: int = 200):  # noqa: ANN201
    """The year's holidays with their Thai names and the staff overrides."""
    year = _year()
    with uow() as work:
        holidays = holidays_of_year(work, year)
        overrides = {o.day: o for o in work.holidays.overrides()}
        return render_template(
            "admin/calendar.html", year=year, holidays=holidays, overrides=overrides,
            this_year=local_date(now()).year,
            add_form=add_form or HolidayAddForm(formdata=None),
            remove_form=remove_form or HolidayRemoveForm(formdata=None)), status


def _in_range(form: HolidayAddForm | HolidayRemoveForm) -> bool:
    if form.day.date and not 2010 <= form.day.date.year <= local_date(now()).year + 5:
        form.day.errors.append("ปฏิทินวันหยุดมีตั้งแต่ พ.ศ. 2553 ถึงห้าปีข้างหน้า")
        return False
    return form.day.date is not None


@admin_required
def add():  # noqa: ANN201
    """Declare a holiday; open cases' deadlines follow."""
    form = HolidayAddForm()
    if form.validate() and _in_range(form):
        try:
            with uow() as work:
                moved = admin_reference.add_holiday(
                    work, form.day.date, form.name.data or "", form.note.data or "",
                    actor=viewer().username, now=now())
        except DomainError as exc:
            form.day.errors.append(str(exc))
        else:
            flash(f"เพิ่มวันหยุดแล้ว {admin_reference.moved_text(moved)}", "ok")
            return redirect(url_for("admin.calendar", year=form.day.date.year + 543))
    return calendar(add_form=form, status=422)


@admin_required
def remove():  # noqa: ANN201
    """Make a holiday a working day again; open cases' deadlines follow."""
    form = HolidayRemoveForm()
    if form.validate() and _in_range(form):
        try:
            with uow() as work:
                moved = admin_reference.remove_holiday(
                    work, form.day.date, form.note.data or "", actor=viewer().username,
                    now=now())
        except DomainError as exc:
            form.day.errors.append(str(exc))
        else:
            flash(f"ยกเลิกวันหยุดแล้ว {admin_reference.moved_text(moved)}", "ok")
            return redirect(url_for("admin.calendar", year=form.day.date.year + 543))
    return calendar(remove_form=form, status=422)
