"""What templates use to show things in Thai: Buddhist-Era dates, labels, names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import g
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from pythainlp.util import thai_strftime

from admin.context import now, uow
from core.domain.cases import CHANNELS, COMPLEXITIES, OUTCOMES, STATUSES
from core.domain.categories import load_categories
from core.domain.clock import BANGKOK
from core.domain.geo import district_name, province_name
from core.domain.sla import milestone_labels
from core.services.outbox import active_pause
from core.services.users import ROLES

CATEGORIES = {c.key: c.name_th for c in load_categories()}
AUDIT_LABELS = {
    "case_view": "เปิดดูเรื่อง (ข้อมูลส่วนบุคคล)", "attachment_view": "เปิดไฟล์แนบ",
    "case_create": "บันทึกเรื่องใหม่", "case_contact": "บันทึกการติดต่อ",
    "case_complexity": "กำหนดความซับซ้อน", "case_note": "บันทึกความคืบหน้า",
    "case_category": "เปลี่ยนหมวดหมู่", "case_transfer": "โอนเรื่อง", "case_close": "ยุติเรื่อง",
    "case_reopen": "เปิดเรื่องใหม่", "anonymise": "ลบข้อมูลส่วนบุคคล (ครบระยะเวลาเก็บรักษา)",
    "deletion_request": "บันทึกคำขอลบข้อมูลของเจ้าของข้อมูล",
    "person_export": "ส่งออกข้อมูลทั้งหมดของบุคคล (คำขอตาม PDPA)",
    "report_download": "ดาวน์โหลดรายงาน",
}
STOPS = {"quota": "โควตาข้อความ LINE ของเดือนนี้หมดแล้ว",
         "auth": "LINE ไม่รับโทเคนของบัญชีนี้ (LINE_CHANNEL_ACCESS_TOKEN)"}
EVENT_LABELS = {
    "created": "รับเรื่อง", "routed": "ส่งเรื่องให้หน่วยงาน", "contacted": "ติดต่อผู้ร้องแล้ว",
    "note": "บันทึกความคืบหน้า", "complexity": "กำหนดความซับซ้อน", "category": "เปลี่ยนหมวดหมู่",
    "transferred": "โอนเรื่อง", "closed": "ยุติเรื่อง", "reopened": "เปิดเรื่องใหม่",
    "deadline_moved": "กำหนดเสร็จเปลี่ยนตามวันหยุด", "imported": "นำเข้าจากระบบเดิม",
    "line_linked": "ผู้ร้องเชื่อมเรื่องกับบัญชีไลน์", "line_blocked": "ผู้ร้องบล็อกบัญชีไลน์",
    "satisfaction": "ผู้ร้องประเมินความพึงพอใจ", "reopen_requested": "ผู้ร้องขอให้เปิดเรื่องใหม่",
}


def day(value: date | str | None) -> str:
    """`2 มี.ค. 2569` (of a date or an ISO date as stored in JSON)."""
    if not value:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return thai_strftime(datetime(value.year, value.month, value.day), "%-d %b %Y")


def long_day(value: date | None) -> str:
    """`2 มีนาคม 2569`."""
    if value is None:
        return "-"
    return thai_strftime(datetime(value.year, value.month, value.day), "%-d %B %Y")


def moment(value: datetime | None) -> str:
    """`2 มี.ค. 2569 09:00 น.` in Bangkok time."""
    if value is None:
        return "-"
    return thai_strftime(value.astimezone(BANGKOK), "%-d %b %Y %H:%M น.")


def input_day(value: date | None) -> str:
    """`2/3/2569`: how the date fields expect a date."""
    return f"{value.day}/{value.month}/{value.year + 543}" if value else ""


def month_label(year: int, month: int) -> str:
    """`มี.ค. 69`: a short month for the trend chart."""
    return thai_strftime(datetime(year, month, 1), "%b %y")


def number(value: int | float) -> str:
    """Thousands separated."""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def preload() -> None:
    """Before a view opens its unit of work: load the signed-in account and reference names.

    On SQLite every transaction takes the write lock, so nothing may open a second unit of
    work while a view holds one; templates read these names from `g` instead.
    """
    signed_in = current_user.is_authenticated  # runs the user loader now, not in a view's work
    with uow() as work:
        g.admin_units = {u.code: u.short_th or u.name_th for u in work.reference.units()}
        g.admin_hospitals = {h.id: h.name_th for h in work.reference.hospitals()}
        if signed_in and current_user.viewer.is_admin:
            pause = active_pause(work, now())
            g.sending_stopped = pause if pause and pause["reason"] in STOPS else None


def sending_stopped() -> dict[str, Any] | None:
    """The quota or token pause in force, for the administrators' banner on every page."""
    return g.get("sending_stopped")


def unit_names() -> dict[str, str]:
    """Every unit's Thai name by code (loaded before the view)."""
    return g.get("admin_units", {})


def hospital_names() -> dict[str, str]:
    """Every hospital's Thai name by id (loaded before the view)."""
    return g.get("admin_hospitals", {})


def person(row: Any) -> str:
    """The complainant's name as staff read it, or a note that there is none."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    parts = [get("title") or "", get("first_name") or "", get("last_name") or ""]
    name = f"{parts[0]}{parts[1]} {parts[2]}".strip()
    return name or "ไม่ระบุตัวผู้ร้อง"


def helpers() -> dict[str, Any]:
    """The names every admin template can use."""
    staff = current_user if getattr(current_user, "is_authenticated", False) else None
    return {
        "STATUSES": STATUSES, "CHANNELS": CHANNELS, "COMPLEXITIES": COMPLEXITIES,
        "OUTCOMES": OUTCOMES, "CATEGORIES": CATEGORIES, "ROLES": ROLES,
        "EVENT_LABELS": EVENT_LABELS, "MILESTONES": milestone_labels(),
        "AUDIT_LABELS": AUDIT_LABELS,
        "staff": staff,
        "viewer": staff.viewer if staff else None,
        "day": day, "long_day": long_day, "moment": moment, "number": number,
        "input_day": input_day, "month_label": month_label, "person": person,
        "unit_names": unit_names, "hospital_names": hospital_names,
        "province_name": province_name, "district_name": district_name,
        "csrf_token": generate_csrf, "sending_stopped": sending_stopped, "STOPS": STOPS,
    }
