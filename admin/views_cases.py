"""The case list with its filters, and its export with the same filters."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import login_required

from admin.context import now, uow, viewer
from admin.present import CATEGORIES, hospital_names, person, unit_names
from core.domain.cases import CHANNELS, COMPLEXITIES, OUTCOMES, STATUSES
from core.domain.clock import BANGKOK, local_date
from core.persistence import admin_queries as q
from core.services.admin_audit import record
from core.services.admin_case_list import (
    DUE_WINDOWS,
    SORT_LABELS,
    build_filter,
    list_page,
)
from core.services.spreadsheets import csv_bytes, xlsx_bytes

EXPORT_LIMITS = {"csv": 100_000, "xlsx": 20_000}  # an .xlsx is built in memory
EXPORT_HEADERS = ("เลขที่เรื่อง", "วันเวลาที่รับ (พ.ศ.)", "ช่องทาง", "สถานะ", "ความซับซ้อน",
                  "หมวดหมู่", "หน่วยงาน", "สถานพยาบาล", "ผู้ร้อง", "โทรศัพท์",
                  "วันเวลาที่ติดต่อผู้ร้อง (พ.ศ.)", "กำหนดแล้วเสร็จ (พ.ศ.)",
                  "วันเวลาที่ยุติ (พ.ศ.)", "ผลการดำเนินการ")


def add_routes(bp: Blueprint) -> None:
    """The list and its export."""
    bp.add_url_rule("/cases", view_func=cases)
    bp.add_url_rule("/cases/export", view_func=export)


@login_required
def cases():  # noqa: ANN201
    """Cases the viewer may see, filtered, searched, sorted, a page at a time."""
    moment = now()
    with uow() as work:
        f, req = build_filter(work, viewer(), request.args, local_date(moment))
        sort = req.params["sort"] or "received_desc"
        page = list_page(work, f, sort, request.args.get("after"), request.args.get("before"),
                         moment)
        record(work, actor=viewer().username, action="case_list", now=moment,
               search=req.search_kind, shown=len(page.rows))
        q.commit(work)
        filters = {k: v for k, v in req.params.items() if v}
        return render_template("admin/cases.html", page=page, req=req, filters=filters,
                               sort=sort, units=work.reference.units(),
                               hospitals=work.reference.hospitals(),
                               due_windows=DUE_WINDOWS, sort_labels=SORT_LABELS)


@login_required
def export():  # noqa: ANN201
    """The list with the current filters as CSV or Excel (recorded: it holds personal data)."""
    fmt = "xlsx" if request.args.get("format") == "xlsx" else "csv"
    moment = now()
    with uow() as work:
        f, req = build_filter(work, viewer(), request.args, local_date(moment))
        sort = req.params["sort"] or "received_desc"
        limit = EXPORT_LIMITS[fmt]
        rows = [_export_row(r) for r in q.iter_cases(work.session, f, sort, limit + 1)]
        if len(rows) > limit:
            rows[limit:] = [(f"ส่งออกได้สูงสุด {limit:,} เรื่อง กรุณากรองให้แคบลง",)]
        used = sorted(k for k, v in req.params.items() if v and k != "q")
        record(work, actor=viewer().username, action="case_export", now=moment,
               format=fmt, rows=min(len(rows), limit), filters=used, search=req.search_kind)
        q.commit(work)
    stamp = local_date(moment).isoformat()
    if fmt == "xlsx":
        body = xlsx_bytes([("เรื่องร้องเรียน", EXPORT_HEADERS, rows)])
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mime = csv_bytes(EXPORT_HEADERS, rows), "text/csv; charset=utf-8"
    return Response(body, mimetype=mime, headers={
        "Content-Disposition": f'attachment; filename="cases-{stamp}.{fmt}"'})


def _be(value) -> str:  # noqa: ANN001
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = value.astimezone(BANGKOK)
        return f"{value.year + 543}-{value:%m-%d %H:%M}"
    return f"{value.year + 543}-{value:%m-%d}"


def _export_row(row: dict) -> tuple:
    hospital = hospital_names().get(row["hospital_id"] or "", row["hospital_text"] or "")
    outcome = f"{row['outcome']}. {OUTCOMES[row['outcome']]}" if row["outcome"] else ""
    return (row["tracking_no"], _be(row["received_at"]), CHANNELS.get(row["channel"], ""),
            STATUSES.get(row["status"], ""), COMPLEXITIES.get(row["complexity"], ""),
            CATEGORIES.get(row["category"], row["category"]),
            unit_names().get(row["unit_code"], row["unit_code"]), hospital,
            person(row) if row["is_formal"] or row["first_name"] else "ไม่ระบุตัวผู้ร้อง",
            row["phone"] or "", _be(row["contacted_at"]), _be(row["due_date"]),
            _be(row["closed_at"]), outcome)

