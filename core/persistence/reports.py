"""The KPI as SQL aggregates: one indexed pass over the month's items."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.persistence.models import Case, Hospital

COUNTS = ("received", "carried_in", "counted", "resolved_within_25", "carried_out",
          "anonymous_counted")


def kpi_groups(
    session: Session, first: date, last: date, report_date: date, received_from: date
) -> list[dict[str, Any]]:
    """KPI counts per (unit, category, hospital) for items of the month `first`..`last`.

    `received_from` bounds the receipt dates that can still be items (their deadline is on
    or after `first`); it turns a scan of every case into an index range. A case received
    after the month (or after the report date) is not an item, whatever the report date.
    """
    closed = Case.kpi_closed_date  # the closing the KPI counts (kept when reopened later)
    kpi_date = case((and_(closed.is_not(None), closed < Case.due_date), closed),
                    else_=Case.due_date)
    counted = kpi_date <= report_date
    resolved = and_(counted, closed.is_not(None), closed <= Case.due_date,
                    closed <= report_date)

    def total(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    keys = (Case.unit_code, Case.category, Case.hospital_id)
    query = (
        select(
            *keys,
            total(Case.received_date >= first).label("received"),
            total(Case.received_date < first).label("carried_in"),
            total(counted).label("counted"),
            total(resolved).label("resolved_within_25"),
            total(kpi_date > report_date).label("carried_out"),
            total(and_(counted, Case.is_formal.is_(False))).label("anonymous_counted"),
        )
        .where(Case.received_date >= received_from,
               Case.received_date <= min(last, report_date),
               kpi_date >= first)
        .group_by(*keys)
    )
    return [row._asdict() for row in session.execute(query)]


def hospital_cases(session: Session, first: date, last: date, unit: str | None = None
                   ) -> list[dict[str, Any]]:
    """Cases about network hospitals received in a period, for the per-hospital report
    (only one unit's when `unit` is given)."""
    query = (
        select(Case.hospital_id, Hospital.name_th, Case.tracking_no, Case.status, Case.outcome,
               Case.received_date, Case.closed_date, Case.due_date, Case.unit_code)
        .join(Hospital, Case.hospital_id == Hospital.id)
        .where(Case.received_date >= first, Case.received_date <= last)
        .order_by(Hospital.name_th, Case.received_date, Case.tracking_no)
    )
    if unit is not None:
        query = query.where(Case.unit_code == unit)
    return [row._asdict() for row in session.execute(query).all()]
