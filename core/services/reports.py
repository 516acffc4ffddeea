"""The monthly KPI report (DOMAIN.md, with the carry-over rule) as a plain dict."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from core.domain import kpi
from core.domain.calendar import CalendarRangeError, WorkCalendar
from core.domain.categories import load_categories
from core.domain.sla import load_policy
from core.domain.thaidate import thai_date
from core.persistence.reports import COUNTS, hospital_cases, kpi_groups
from core.persistence.uow import UnitOfWork
from core.services.calendar import FIRST_YEAR, calendar_for

# Deadlines stored under an older calendar (before a holiday was added or removed) may sit
# a few days off today's arithmetic; this margin keeps such cases in the receipt window.
STALE_CALENDAR_MARGIN = timedelta(days=31)
# No case can be received before the calendar starts (its deadlines could not be computed),
# and a month's report counts the cases carried in from the month before: the first month
# that can be reported is the calendar's second.
FIRST_REPORTABLE = kpi.Month(FIRST_YEAR, 2)


def check_reportable(first: date) -> None:
    """CalendarRangeError, with a one-line Thai reason, for a period that starts before
    FIRST_REPORTABLE."""
    if first < FIRST_REPORTABLE.first:
        raise CalendarRangeError(
            f"รายงานได้ตั้งแต่ {thai_date(FIRST_REPORTABLE.first)} ({FIRST_REPORTABLE}) เป็นต้นไป: "
            f"ปฏิทินวันหยุดเริ่ม {thai_date(date(FIRST_YEAR, 1, 1))} "
            "และรายงานแต่ละเดือนนับเรื่องที่ยกมาจากเดือนก่อนหน้า")


def earliest_receipt(calendar: WorkCalendar, first: date, days: int) -> date:
    """The first receipt date whose `days`-working-day deadline falls on or after `first`
    (not before the calendar starts: no case is received earlier)."""
    low, high = first - timedelta(days=days * 3 + 60), first  # deadline is non-decreasing
    if calendar.covers:
        low = max(low, calendar.covers[0])
    while low < high:
        middle = low + (high - low) // 2
        if calendar.deadline(middle, days) >= first:
            high = middle
        else:
            low = middle + timedelta(days=1)
    return low


def monthly_report(
    uow: UnitOfWork, month: kpi.Month, report_date: date | None = None
) -> dict[str, Any]:
    """Received, carried in, counted, resolved within 25, carried out, percent and level."""
    report_date = report_date or month.last
    if report_date < month.first:
        raise ValueError("the report date must not be before the month starts")
    check_reportable(month.first)
    days = next(r.working_days for r in load_policy().rules if r.kind == "final")
    calendar = calendar_for(uow, month.first)
    received_from = earliest_receipt(calendar, month.first, days or 25) - STALE_CALENDAR_MARGIN
    groups = kpi_groups(uow.session, month.first, month.last, report_date, received_from)
    units = {u.code: u.name_th for u in uow.reference.units()}
    hospitals = {h.id: h.name_th for h in uow.reference.hospitals()}
    labels = {c.key: c.name_th for c in load_categories()}
    total = _with_kpi(_sum(groups, lambda g: None).get(None, dict.fromkeys(COUNTS, 0)))
    return {
        "month": str(month),
        "report_date": report_date.isoformat(),
        **{key: total[key] for key in COUNTS if key != "anonymous_counted"},
        "percent": total["percent"],
        "level": total["level"],
        "anonymous_counted": total["anonymous_counted"],
        "method_th": kpi.METHOD_TH + (kpi.LATE_REPORT_TH if report_date > month.last else ""),
        "by_unit": [
            {"unit_code": code, "unit_name": units.get(code, code), **_with_kpi(row)}
            for code, row in sorted(_sum(groups, lambda g: g["unit_code"]).items())
        ],
        "by_category": [
            {"category": key, "label": labels.get(key, key), **_with_kpi(row)}
            for key, row in sorted(_sum(groups, lambda g: g["category"]).items())
        ],
        "by_hospital": [
            {"hospital_id": key, "hospital_name": hospitals.get(key, key), **_with_kpi(row)}
            for key, row in sorted(
                (k, r) for k, r in _sum(groups, lambda g: g["hospital_id"]).items() if k
            )
        ],
    }


def _sum(groups: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any]
         ) -> dict[Any, dict[str, int]]:
    sums: dict[Any, dict[str, int]] = {}
    for group in groups:
        row = sums.setdefault(key(group), dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            row[name] += int(group[name] or 0)
    return sums


def _with_kpi(row: dict[str, int]) -> dict[str, Any]:
    resolved, counted = row["resolved_within_25"], row["counted"]
    return {**row, "percent": kpi.percent(resolved, counted), "level": kpi.level(resolved, counted)}


def hospital_report(uow: UnitOfWork, first: date, last: date, unit: str | None = None
                    ) -> list[dict[str, Any]]:
    """Seed 003: for each hospital, how many complaints, which ones, and their results
    (only the cases of one unit when `unit` is given)."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in hospital_cases(uow.session, first, last, unit):
        entry = grouped.setdefault(row["hospital_id"], {
            "hospital_id": row["hospital_id"], "hospital_name": row["name_th"],
            "complaints": 0, "closed": 0, "cases": []})
        entry["complaints"] += 1
        entry["closed"] += row["status"] == "closed"
        entry["cases"].append({k: (v.isoformat() if isinstance(v, date) else v)
                               for k, v in row.items() if k not in ("hospital_id", "name_th")})
    return sorted(grouped.values(), key=lambda e: (-e["complaints"], e["hospital_name"]))
