"""Queries of the staff pages, written to stay fast on 1,000,000 cases.

The case list pages with a keyset (the sort value and the id of the last row shown), so a
deep page costs what the first one does; counts stop at a cap. Dashboard figures are
SQL aggregates over open cases or over a date range that an index bounds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.domain.errors import StaleChange
from core.persistence.models import Case, Milestone, User
from core.persistence.uow import UnitOfWork

OPEN_STATUSES = ("new", "contacted", "in_progress")
LIST_COLUMNS = (
    Case.id, Case.tracking_no, Case.received_at, Case.channel, Case.status, Case.complexity,
    Case.category, Case.unit_code, Case.hospital_id, Case.hospital_text, Case.title,
    Case.first_name, Case.last_name, Case.phone, Case.due_date, Case.contact_due_at,
    Case.contacted_at, Case.closed_at, Case.outcome, Case.is_formal,
)
SORTS: dict[str, tuple[Any, bool]] = {  # key -> (column, descending)
    "received_desc": (Case.received_at, True),
    "received_asc": (Case.received_at, False),
    "due_asc": (Case.due_date, False),
    "due_desc": (Case.due_date, True),
}


@dataclass(frozen=True)
class CaseFilter:
    """What the case list shows; every field None means "any"."""

    scope_unit: str | None = None  # forced by the viewer's unit (None: sees every unit)
    status: str | None = None  # a status key, or "open"
    unit: str | None = None
    category: str | None = None
    channel: str | None = None
    hospital_id: str | None = None
    due_from: date | None = None  # open cases with due_from <= due_date <= due_to
    due_to: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    tracking_nos: tuple[str, ...] = ()
    phone: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    any_name: str | None = None  # first name or last name


def _where(f: CaseFilter) -> list[Any]:
    clauses: list[Any] = []
    for column, value in ((Case.unit_code, f.scope_unit), (Case.unit_code, f.unit),
                          (Case.category, f.category), (Case.channel, f.channel),
                          (Case.hospital_id, f.hospital_id), (Case.phone, f.phone),
                          (Case.first_name, f.first_name), (Case.last_name, f.last_name)):
        if value:
            clauses.append(column == value)
    if f.status == "open" or f.due_from or f.due_to:
        clauses.append(Case.status.in_(OPEN_STATUSES))
    if f.status and f.status != "open":
        clauses.append(Case.status == f.status)
    if f.due_from:
        clauses.append(Case.due_date >= f.due_from)
    if f.due_to:
        clauses.append(Case.due_date <= f.due_to)
    if f.received_from:
        clauses.append(Case.received_date >= f.received_from)
    if f.received_to:
        clauses.append(Case.received_date <= f.received_to)
    if f.tracking_nos:
        clauses.append(Case.tracking_no.in_(f.tracking_nos))
    if f.any_name:
        clauses.append(or_(Case.first_name == f.any_name, Case.last_name == f.any_name))
    return clauses


def _keyset(sort: str, cursor: tuple[Any, int] | None, backwards: bool) -> tuple[list[Any], Any]:
    column, descending = SORTS[sort]
    if backwards:
        descending = not descending
    order = [column.desc(), Case.id.desc()] if descending else [column.asc(), Case.id.asc()]
    if cursor is None:
        return [], order
    value, last_id = cursor
    if descending:
        after = or_(column < value, and_(column == value, Case.id < last_id))
    else:
        after = or_(column > value, and_(column == value, Case.id > last_id))
    return [after], order


def list_cases(session: Session, f: CaseFilter, *, sort: str = "received_desc",
               cursor: tuple[Any, int] | None = None, backwards: bool = False,
               limit: int = 50) -> list[dict[str, Any]]:
    """One page of the list after (or, backwards, before) the cursor, in display order."""
    extra, order = _keyset(sort, cursor, backwards)
    query = select(*LIST_COLUMNS).where(*_where(f), *extra).order_by(*order).limit(limit)
    rows = [row._asdict() for row in session.execute(query)]
    return rows[::-1] if backwards else rows


def count_cases(session: Session, f: CaseFilter, cap: int = 10_000) -> tuple[int, bool]:
    """(number of matching cases up to `cap`, whether there are more than `cap`)."""
    inner = select(Case.id).where(*_where(f)).limit(cap + 1).subquery()
    found = int(session.scalar(select(func.count()).select_from(inner)) or 0)
    return min(found, cap), found > cap


def iter_cases(session: Session, f: CaseFilter, sort: str = "received_desc",
               limit: int = 100_000, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every matching case (up to `limit`) in list order, for exports, in batches."""
    cursor: tuple[Any, int] | None = None
    column_name = SORTS[sort][0].key
    sent = 0
    while sent < limit:
        rows = list_cases(session, f, sort=sort, cursor=cursor, limit=min(batch, limit - sent))
        if not rows:
            return
        yield from rows
        sent += len(rows)
        cursor = (rows[-1][column_name], rows[-1]["id"])


def open_milestones(session: Session, case_ids: Sequence[int]) -> dict[int, list[Milestone]]:
    """Unmet milestones of some cases, by case id, earliest first."""
    if not case_ids:
        return {}
    query = (select(Milestone).where(Milestone.case_id.in_(case_ids), Milestone.met_at.is_(None))
             .order_by(Milestone.due_at))
    result: dict[int, list[Milestone]] = {}
    for milestone in session.scalars(query):
        result.setdefault(milestone.case_id, []).append(milestone)
    return result


def group_counts(session: Session, f: CaseFilter) -> list[dict[str, Any]]:
    """Matching cases counted by (status, unit, category, channel) in one pass."""
    keys = (Case.status, Case.unit_code, Case.category, Case.channel)
    query = select(*keys, func.count().label("n")).where(*_where(f)).group_by(*keys)
    return [row._asdict() for row in session.execute(query)]


def action_list(session: Session, f: CaseFilter, order: str, limit: int = 10
                ) -> list[dict[str, Any]]:
    """The first open cases of a dashboard list, by contact due time or by deadline."""
    column = Case.contact_due_at if order == "contact" else Case.due_date
    query = (select(*LIST_COLUMNS).where(*_where(f)).order_by(column, Case.id).limit(limit))
    return [row._asdict() for row in session.execute(query)]


def kpi_by_month(session: Session, first: date, report_date: date,
                 scope_unit: str | None = None) -> dict[tuple[int, int], tuple[int, int]]:
    """(counted, resolved within 25 working days) by (year, month) in which each was counted.

    Same rule as core.persistence.reports.kpi_rows with each month reported at its end:
    a case counts in the month of its closing date when closed before its deadline,
    otherwise in the month of its deadline; resolved means closed on or before the deadline.
    """
    kpi_date = case(
        (and_(Case.closed_date.is_not(None), Case.closed_date < Case.due_date), Case.closed_date),
        else_=Case.due_date,
    )
    resolved = and_(Case.closed_date.is_not(None), Case.closed_date <= Case.due_date)
    year, month = extract("year", kpi_date), extract("month", kpi_date)
    query = (
        select(year.label("y"), month.label("m"), func.count().label("counted"),
               func.coalesce(func.sum(case((resolved, 1), else_=0)), 0).label("resolved"))
        .where(Case.due_date >= first, Case.received_date <= report_date,
               kpi_date >= first, kpi_date <= report_date)
        .group_by(year, month)
    )
    if scope_unit:
        query = query.where(Case.unit_code == scope_unit)
    return {(int(r.y), int(r.m)): (int(r.counted), int(r.resolved))
            for r in session.execute(query)}


def select_cases(f: CaseFilter) -> Select[Any]:
    """The list's filter as a query of case ids (for tests and benchmarks)."""
    return select(Case.id).where(*_where(f))


def commit(uow: UnitOfWork) -> None:
    """Commit; a row changed by someone else since it was loaded raises StaleChange."""
    try:
        uow.commit()
    except StaleDataError:
        uow.rollback()
        raise StaleChange("เรื่องนี้มีผู้แก้ไขไปแล้วระหว่างที่ท่านเปิดหน้าอยู่ "
                          "กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง") from None


def staff_accounts(session: Session, unit_code: str | None = None,
                   active_only: bool = False) -> list[User]:
    """Staff accounts by username, of one unit or all."""
    query = select(User).order_by(User.username)
    if unit_code is not None:
        query = query.where(User.unit_code == unit_code)
    if active_only:
        query = query.where(User.active.is_(True))
    return list(session.scalars(query))
