"""The monthly KPI report as an Excel workbook (seed 000's form, plus seed 003's hospitals)."""

from __future__ import annotations

from typing import Any

from core.domain.kpi import Month
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
        ("เดือน", report["month"]), ("วันที่รายงาน", report["report_date"]),
        *((h, report[k]) for h, k in zip(KPI_HEADERS, KPI_KEYS, strict=True)),
        ("วิธีนับ", report["method_th"]),
    ]
    cases = [
        (h["hospital_name"], c["tracking_no"], c["received_date"], c["status"], c["outcome"],
         c["closed_date"], c["unit_code"])
        for h in hospital_report(uow, month.first, month.last, unit) for c in h["cases"]
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
        ("เรื่องร้องเรียนสถานพยาบาล",
         ("สถานพยาบาล", "เลขที่เรื่อง", "วันที่รับ", "สถานะ", "ผล", "วันที่ยุติ", "หน่วยงาน"),
         cases),
    ])
