"""The KPI as SQL aggregates: one pass over the month's items per grouping."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.persistence.models import Case, Hospital, Unit

COUNTS = ("items", "received", "carried_in", "counted", "resolved_within_25", "carried_out",
          "anonymous_counted")


def kpi_rows(
    session: Session, first: date, report_date: date, group: str | None
) -> list[dict[str, Any]]:
    """The month's KPI counts, overall (group None) or by unit, category or hospital."""
    kpi_date = case(
        (and_(Case.closed_date.is_not(None), Case.closed_date < Case.due_date), Case.closed_date),
        else_=Case.due_date,
    )
    counted = kpi_date <= report_date
    resolved = and_(counted, Case.closed_date.is_not(None), Case.closed_date <= Case.due_date,
                    Case.closed_date <= report_date)

    def total(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    columns = [
        func.count().label("items"),
        total(Case.received_date >= first).label("received"),
        total(Case.received_date < first).label("carried_in"),
        total(counted).label("counted"),
        total(resolved).label("resolved_within_25"),
        total(kpi_date > report_date).label("carried_out"),
        total(and_(counted, Case.is_formal.is_(False))).label("anonymous_counted"),
    ]
    keys: list[Any] = []
    query = select()
    if group == "unit":
        keys = [Case.unit_code, Unit.name_th]
        query = query.join_from(Case, Unit, Case.unit_code == Unit.code)
    elif group == "category":
        keys = [Case.category]
    elif group == "hospital":
        keys = [Case.hospital_id, Hospital.name_th]
        query = query.join_from(Case, Hospital, Case.hospital_id == Hospital.id)
    query = query.add_columns(*keys, *columns).select_from(Case).where(
        Case.due_date >= first,  # kpi_date <= due_date, so this is implied; it uses the index
        Case.received_date <= report_date,
        kpi_date >= first,
    )
    if keys:
        query = query.group_by(*keys).order_by(*keys)
    rows = session.execute(query).all()
    return [row._asdict() for row in rows]


def hospital_cases(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """Cases about network hospitals received in a period, for the per-hospital report."""
    query = (
        select(Case.hospital_id, Hospital.name_th, Case.tracking_no, Case.status, Case.outcome,
               Case.received_date, Case.closed_date, Case.due_date, Case.unit_code)
        .join(Hospital, Case.hospital_id == Hospital.id)
        .where(Case.received_date >= first, Case.received_date <= last)
        .order_by(Hospital.name_th, Case.received_date, Case.tracking_no)
    )
    return [row._asdict() for row in session.execute(query).all()]
