"""Reports for a chosen month, fiscal quarter or fiscal year (seed 002: monthly, quarterly and
yearly reports to management): the KPI (seed 000) and per hospital (seed 003)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.domain.calendar import CalendarRangeError
from core.domain.kpi import Month
from core.domain.thaidate import thai_date
from core.persistence.uow import UnitOfWork
from core.services.admin_dashboard import fiscal_year_be
from core.services.report_workbook import (
    HOSPITAL_CASE_HEADERS,
    KPI_HEADERS,
    KPI_KEYS,
    hospital_case_rows,
    hospital_case_sheet,
    monthly_workbook,
)
from core.services.reports import (
    FIRST_REPORTABLE,
    check_reportable,
    hospital_report,
    monthly_report,
)
from core.services.spreadsheets import csv_bytes, xlsx_bytes

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
_FY = re.compile(r"^fy(\d{4})(?:-q(\d))?$")


@dataclass(frozen=True)
class Period:
    """A month, a quarter of a Thai fiscal year, or a fiscal year (1 October - 30 September)."""

    key: str  # "2026-03", "fy2569-q2" or "fy2569"
    first: date
    last: date
    month: Month | None
    quarter: int | None = None  # 1 = October to December

    @property
    def label_th(self) -> str:
        """`มีนาคม 2569`, `ไตรมาสที่ 2 ปีงบประมาณ 2569` or `ปีงบประมาณ 2569`."""
        if self.month:
            return f"{THAI_MONTHS[self.month.month - 1]} {self.month.year + 543}"
        year = f"ปีงบประมาณ {fiscal_year_be(self.last)}"
        return f"ไตรมาสที่ {self.quarter} {year}" if self.quarter else year

    def __str__(self) -> str:  # monthly_report() names its period with str()
        return self.key


def parse_period(text: str) -> Period:
    """`YYYY-MM` (Gregorian), `fyNNNN` (Buddhist-Era fiscal year) or `fyNNNN-qN` (its
    quarter 1-4, the first from October to December); ValueError otherwise, and
    CalendarRangeError (a ValueError) for a period before the first that can be reported."""
    period = _parse_period(text)
    if period.first < FIRST_REPORTABLE.first:
        try:
            check_reportable(period.first)
        except CalendarRangeError as exc:
            raise CalendarRangeError(f"{exc} ({earliest_periods()})") from None
    return period


def earliest_periods() -> str:
    """The first month, quarter and fiscal year that can be reported, in Thai."""
    first = FIRST_REPORTABLE.first
    year = fiscal_year_be(first)
    quarter = next(p for p in (_parse_period(f"fy{y}-q{q}") for y in (year, year + 1)
                               for q in range(1, 5)) if p.first >= first)
    whole = next(p for p in (_parse_period(f"fy{y}") for y in (year, year + 1))
                 if p.first >= first)
    return f"เดือนแรก {FIRST_REPORTABLE}, ไตรมาสแรก {quarter.key}, ปีงบประมาณแรก {whole.key}"


def _parse_period(text: str) -> Period:
    text = text.strip().lower()
    match = _FY.match(text)
    if match:
        year_be = int(match.group(1))
        if not 2500 < year_be < 2700:
            raise ValueError("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น fy2569")
        year = year_be - 543
        if match.group(2) is None:
            return Period(text, date(year - 1, 10, 1), date(year, 9, 30), None)
        quarter = int(match.group(2))
        if not 1 <= quarter <= 4:
            raise ValueError("ไตรมาสต้องเป็น 1 ถึง 4 เช่น fy2569-q1")
        start = Month(year - 1, 10) if quarter == 1 else Month(year, 3 * quarter - 5)
        end = Month(start.year, start.month + 2)
        return Period(text, start.first, end.last, None, quarter)
    month = Month.parse(text)
    return Period(str(month), month.first, month.last, month)


def report_date(period: Period, today: date) -> date:
    """A past period is reported at its end; the current one as of today."""
    return today if period.first <= today < period.last else period.last


def kpi_report(uow: UnitOfWork, period: Period, today: date) -> dict[str, Any]:
    """The KPI report with the carry-over rule, for a month or a whole fiscal year."""
    as_of = report_date(period, today)
    # A Period has the `first` and str() that monthly_report uses of a Month.
    report = monthly_report(uow, period.month or period, as_of)  # type: ignore[arg-type]
    report["period_label"] = period.label_th
    return report


def kpi_workbook(uow: UnitOfWork, period: Period, report: dict[str, Any],
                 unit: str | None = None) -> bytes:
    """A month: the very workbook of `rongrian report monthly`; a quarter or a fiscal year:
    the same sheets."""
    if period.month:
        return monthly_workbook(uow, report, unit)
    summary = [("ช่วงเวลา", period.label_th), ("วันที่รายงาน", report["report_date"]),
               *((h, report[k]) for h, k in zip(KPI_HEADERS, KPI_KEYS, strict=True)),
               ("วิธีนับ", report["method_th"])]
    return xlsx_bytes([("สรุป", ("รายการ", "ค่า"), summary), *_kpi_tables(report),
                       hospital_case_sheet(hospitals(uow, period, unit))])


def kpi_csv(report: dict[str, Any]) -> bytes:
    """The KPI as one table: the total, then by unit, category and hospital."""
    rows: list[tuple[Any, ...]] = [("รวม", "", report["period_label"],
                                    *(report[k] for k in KPI_KEYS))]
    for title, _headers, table in _kpi_tables(report):
        rows += [(title, *row) for row in table]
    return csv_bytes(("กลุ่ม", "รหัส", "ชื่อ", *KPI_HEADERS), rows)


def _kpi_tables(report: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
    groups = (("ตามหน่วยงาน", "by_unit", "unit_code", "unit_name"),
              ("ตามหมวดหมู่", "by_category", "category", "label"),
              ("ตามสถานพยาบาล", "by_hospital", "hospital_id", "hospital_name"))
    return [(title, ("รหัส", "ชื่อ", *KPI_HEADERS),
             [(r[code], r[name], *(r[k] for k in KPI_KEYS)) for r in report[key]])
            for title, key, code, name in groups]


def hospitals(uow: UnitOfWork, period: Period, unit: str | None = None
              ) -> list[dict[str, Any]]:
    """Seed 003: each hospital's complaints received in the period and their results; the
    cases are listed one by one, so staff who see one unit get that unit's only."""
    return hospital_report(uow, period.first, period.last, unit)


def hospital_workbook(entries: list[dict[str, Any]]) -> bytes:
    """Per hospital: a summary sheet and the list of its complaints."""
    summary = [(h["hospital_id"], h["hospital_name"], h["complaints"], h["closed"],
                h["complaints"] - h["closed"]) for h in entries]
    return xlsx_bytes([
        ("สรุปตามสถานพยาบาล", ("รหัส", "สถานพยาบาล", "จำนวนเรื่อง", "ยุติแล้ว", "ยังไม่ยุติ"),
         summary),
        hospital_case_sheet(entries),
    ])


def hospital_csv(entries: list[dict[str, Any]]) -> bytes:
    """Per hospital, one row per complaint."""
    return csv_bytes(HOSPITAL_CASE_HEADERS, hospital_case_rows(entries))


def period_choices(today: date, months: int = 24) -> list[tuple[str, str]]:
    """(key, Thai label) of recent months and fiscal years, newest first."""
    choices = []
    year, month = today.year, today.month
    for _ in range(months):
        period = parse_period(f"{year:04d}-{month:02d}")
        choices.append((period.key, period.label_th))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    fy_now = fiscal_year_be(today)
    for year in (fy_now, fy_now - 1):  # the quarters begun this fiscal year and last
        for quarter in range(4, 0, -1):
            period = parse_period(f"fy{year}-q{quarter}")
            if period.first <= today:
                choices.append((period.key, period.label_th))
    choices += [(f"fy{y}", f"ปีงบประมาณ {y}") for y in range(fy_now, fy_now - 4, -1)]
    return choices


def thai_period_note(report: dict[str, Any]) -> str:
    """`ข้อมูล ณ วันที่ 2 มีนาคม 2569`."""
    return f"ข้อมูล ณ วันที่ {thai_date(date.fromisoformat(report['report_date']))}"
