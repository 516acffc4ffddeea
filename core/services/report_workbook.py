"""The monthly KPI report as an Excel workbook (seed 000's form, plus seed 003's hospitals)."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.domain.cases import OUTCOMES, STATUSES
from core.domain.kpi import Month
from core.domain.thaidate import thai_month
from core.persistence.uow import UnitOfWork
from core.services.reports import hospital_report
from core.services.spreadsheets import xlsx_bytes

KPI_HEADERS = ("ได้รับ", "ยกมา", "นับ", "แก้ไขภายใน 25 วันทำการ", "ยกไป", "ร้อยละ", "ระดับ",
               "ในจำนวนที่นับ: ไม่ระบุตัวผู้ร้อง")
KPI_KEYS = ("received", "carried_in", "counted", "resolved_within_25", "carried_out",
            "percent", "level", "anonymous_counted")


def monthly_workbook(uow: UnitOfWork, report: dict[str, Any], unit: str | None = None) -> bytes:
    """Summary, by unit, by category, by hospital and the hospital case list (only one
    unit's cases when `unit` is given)."""
    month = Month.parse(report["month"])
    summary = [
        ("เดือน", thai_month(month.first)), ("วันที่รายงาน", be_date(report["report_date"])),
        *((h, report[k]) for h, k in zip(KPI_HEADERS, KPI_KEYS, strict=True)),
        ("วิธีนับ", report["method_th"]),
    ]
    return xlsx_bytes([
        ("สรุป", ("รายการ", "ค่า"), summary),
        ("ตามหน่วยงาน", ("รหัส", "หน่วยงาน", *KPI_HEADERS),
         [(r["unit_code"], r["unit_name"], *(r[k] for k in KPI_KEYS)) for r in report["by_unit"]]),
        ("ตามหมวดหมู่", ("หมวดหมู่", "ชื่อ", *KPI_HEADERS),
         [(r["category"], r["label"], *(r[k] for k in KPI_KEYS)) for r in report["by_category"]]),
        ("ตามสถานพยาบาล", ("รหัส", "สถานพยาบาล", *KPI_HEADERS),
         [(r["hospital_id"], r["hospital_name"], *(r[k] for k in KPI_KEYS))
          for r in report["by_hospital"]]),
        hospital_case_sheet(hospital_report(uow, month.first, month.last, unit)),
    ])


HOSPITAL_CASE_HEADERS = ("สถานพยาบาล", "เลขที่เรื่อง", "วันที่รับ", "สถานะ", "ผลการดำเนินการ",
                         "วันที่ยุติ", "หน่วยงาน")


def hospital_case_rows(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Seed 003's case list as staff read it: Thai status and outcome, Buddhist-Era dates."""
    return [(h["hospital_name"], c["tracking_no"], be_date(c["received_date"]),
             STATUSES.get(c["status"], c["status"]),
             f"{c['outcome']}. {OUTCOMES[c['outcome']]}" if c["outcome"] else "",
             be_date(c["closed_date"]), c["unit_code"])
            for h in entries for c in h["cases"]]


def hospital_case_sheet(entries: list[dict[str, Any]]) -> tuple[str, tuple[str, ...], list]:
    """The workbook sheet of seed 003's case list."""
    return ("เรื่องร้องเรียนสถานพยาบาล", HOSPITAL_CASE_HEADERS, hospital_case_rows(entries))


def be_date(value: str | None) -> str:
    """An ISO date as the Buddhist-Era `2569-03-02` (sorts like the ISO form)."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.year + 543}-{day.month:02d}-{day.day:02d}"
