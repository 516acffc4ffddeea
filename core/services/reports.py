"""The monthly KPI report (DOMAIN.md, with the carry-over rule) as a plain dict."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.domain import kpi
from core.domain.categories import load_categories
from core.persistence.reports import hospital_cases, kpi_rows
from core.persistence.uow import UnitOfWork


def monthly_report(
    uow: UnitOfWork, month: kpi.Month, report_date: date | None = None
) -> dict[str, Any]:
    """Received, carried in, counted, resolved within 25, carried out, percent and level."""
    report_date = report_date or month.last
    if not month.first <= report_date:
        raise ValueError("the report date must not be before the month starts")
    overall = kpi_rows(uow.session, month.first, report_date, None)[0]
    labels = {c.key: c.name_th for c in load_categories()}

    def with_kpi(row: dict[str, Any]) -> dict[str, Any]:
        row = {k: (int(v) if isinstance(v, int | float) and k in _COUNT_KEYS else v)
               for k, v in row.items()}
        row["percent"] = kpi.percent(row["resolved_within_25"], row["counted"])
        row["level"] = kpi.level(row["percent"])
        return row

    by_unit = [with_kpi(r) | {"unit_name": r.pop("name_th")}
               for r in kpi_rows(uow.session, month.first, report_date, "unit")]
    by_category = [with_kpi(r) | {"label": labels.get(r["category"], r["category"])}
                   for r in kpi_rows(uow.session, month.first, report_date, "category")]
    by_hospital = [with_kpi(r) | {"hospital_name": r.pop("name_th")}
                   for r in kpi_rows(uow.session, month.first, report_date, "hospital")]
    total = with_kpi(overall)
    return {
        "month": str(month),
        "report_date": report_date.isoformat(),
        "received": total["received"],
        "carried_in": total["carried_in"],
        "counted": total["counted"],
        "resolved_within_25": total["resolved_within_25"],
        "carried_out": total["carried_out"],
        "percent": total["percent"],
        "level": total["level"],
        "anonymous_counted": total["anonymous_counted"],
        "method_th": kpi.METHOD_TH,
        "by_unit": by_unit,
        "by_category": by_category,
        "by_hospital": by_hospital,
    }


def hospital_report(uow: UnitOfWork, first: date, last: date) -> list[dict[str, Any]]:
    """Seed 003: for each hospital, how many complaints, which ones, and their results."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in hospital_cases(uow.session, first, last):
        entry = grouped.setdefault(row["hospital_id"], {
            "hospital_id": row["hospital_id"], "hospital_name": row["name_th"],
            "complaints": 0, "closed": 0, "cases": []})
        entry["complaints"] += 1
        entry["closed"] += row["status"] == "closed"
        entry["cases"].append({k: (v.isoformat() if isinstance(v, date) else v)
                               for k, v in row.items() if k not in ("hospital_id", "name_th")})
    return sorted(grouped.values(), key=lambda e: (-e["complaints"], e["hospital_name"]))


_COUNT_KEYS = {"items", "received", "carried_in", "counted", "resolved_within_25",
               "carried_out", "anonymous_counted"}
