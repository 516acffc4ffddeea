"""Reports: the KPI (seed 000) and per hospital (seed 003) for a month or a fiscal year."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import login_required

from admin.context import now, uow, viewer
from core.domain.calendar import CalendarRangeError
from core.domain.clock import local_date
from core.services import admin_reports as reports
from core.services.admin_audit import record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_routes(bp: Blueprint) -> None:
    """The report page and its downloads."""
    bp.add_url_rule("/reports", view_func=report_page)
    bp.add_url_rule("/reports/download", view_func=download)


def _period(today) -> tuple[reports.Period, str | None]:  # noqa: ANN001
    text = request.args.get("period") or f"{today:%Y-%m}"
    try:
        return reports.parse_period(text), None
    except CalendarRangeError as exc:  # before the calendar: say from when reports exist
        problem = f"ช่วงเวลาที่เลือกเร็วเกินไป {exc}"
    except ValueError:
        problem = "ช่วงเวลาที่เลือกไม่ถูกต้อง"
    return reports.parse_period(f"{today:%Y-%m}"), problem


@login_required
def report_page():  # noqa: ANN201
    """The chosen period's KPI and hospital report on screen."""
    today = local_date(now())
    period, problem = _period(today)
    with uow() as work:
        report = reports.kpi_report(work, period, today)
        hospitals = reports.hospitals(work, period, viewer().scope_unit)
    if problem:
        problem += " แสดงเดือนปัจจุบันแทน"
    return render_template("admin/reports.html", period=period, report=report,
                           hospitals=hospitals, problem=problem,
                           scope_unit=viewer().scope_unit,
                           choices=reports.period_choices(today),
                           as_of=reports.thai_period_note(report)), 400 if problem else 200


@login_required
def download():  # noqa: ANN201
    """?period=…&kind=kpi|hospital&format=xlsx|csv."""
    today = local_date(now())
    period, problem = _period(today)
    if problem:
        return render_template("admin/error.html", message=problem, code=400), 400
    kind = "hospital" if request.args.get("kind") == "hospital" else "kpi"
    fmt = "csv" if request.args.get("format") == "csv" else "xlsx"
    with uow() as work:
        if kind == "kpi":
            report = reports.kpi_report(work, period, today)
            body = reports.kpi_workbook(work, period, report, viewer().scope_unit) \
                if fmt == "xlsx" else reports.kpi_csv(report)
        else:
            entries = reports.hospitals(work, period, viewer().scope_unit)
            body = reports.hospital_workbook(entries) if fmt == "xlsx" \
                else reports.hospital_csv(entries)
        record(work, actor=viewer().username, action="report_download", now=now(),
               kind=kind, period=period.key, format=fmt)
        work.commit()
    mime = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    name = f"{'kpi' if kind == 'kpi' else 'hospitals'}-{period.key}.{fmt}"
    return Response(body, mimetype=mime,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
