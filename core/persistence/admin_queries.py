"""Queries of the staff pages, written to stay fast on 1,000,000 cases.

The case list pages with a keyset (the sort value and the id of the last row shown), so a
deep page costs what the first one does; counts stop at a cap. Dashboard figures are
SQL aggregates over open cases or over a date range that an index bounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Select, and_, case, delete, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from core.domain.errors import StaleChange
from core.persistence.models import (
    AuditEntry,
    Case,
    KeyValue,
    Milestone,
    SigninFailure,
    User,
)
from core.persistence.models_admin import NEW, OPEN
from core.persistence.scheduling import UNMET_CONTACT
from core.persistence.uow import UnitOfWork

LIST_COLUMNS = (
    Case.id, Case.tracking_no, Case.received_at, Case.channel, Case.status, Case.complexity,
    Case.category, Case.unit_code, Case.hospital_id, Case.hospital_text, Case.title,
    Case.first_name, Case.last_name, Case.phone, Case.due_date, Case.contact_due_at,
    Case.contacted_at, Case.closed_at, Case.outcome, Case.is_formal,
)
AWAITING_CONTACT = "awaiting_contact"  # the list filter of open cases not yet contacted
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
    status: str | None = None  # a status key, "open", or "awaiting_contact"
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
    first_name: str | None = None  # names: the start of the name (สมศ finds สมศรี)
    last_name: str | None = None
    any_name: str | None = None  # the start of the first name or of the last name
    names_by_sort: bool = False  # many name matches: read in the list's order (for_listing)

    @property
    def by_name(self) -> bool:
        """Whether the filter searches names."""
        return bool(self.first_name or self.last_name or self.any_name)


class StartsWith(ColumnElement[bool]):
    """`column` begins with `text` (taken literally), in a form the column's index serves:
    `LIKE 'text%'` on PostgreSQL (the name indexes use varchar_pattern_ops, which serve a
    prefix whatever the database's collation), `GLOB 'text*'` on SQLite (its LIKE ignores
    case, so it cannot use a plain index). Both compare case-sensitively. `indexed=False`
    keeps SQLite off the name index (`+column`), so that it reads the rows in the list's
    order and checks each; PostgreSQL's planner chooses by its statistics either way."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it stands (SQLite: no "= 1" after it)
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("like", InternalTraversal.dp_clauseelement),
                           ("glob", InternalTraversal.dp_clauseelement),
                           ("indexed", InternalTraversal.dp_boolean)]

    def __init__(self, column: ColumnElement[Any], text: str, *, indexed: bool = True) -> None:
        self.column = column
        self.indexed = indexed
        self.like = literal(re.sub(r"([/%_])", r"/\1", text) + "%")
        self.glob = literal(re.sub(r"([\[*?])", r"[\1]", text) + "*")


@compiles(StartsWith)
def _starts_like(element: StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    return (f"({compiler.process(element.column, **kw)} LIKE "
            f"{compiler.process(element.like, **kw)} ESCAPE '/')")


@compiles(StartsWith, "sqlite")
def _starts_glob(element: StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    plus = "" if element.indexed else "+"
    return (f"({plus}{compiler.process(element.column, **kw)} GLOB "
            f"{compiler.process(element.glob, **kw)})")


def _where(f: CaseFilter) -> list[Any]:
    clauses: list[Any] = []
    for column, value in ((Case.unit_code, f.scope_unit), (Case.unit_code, f.unit),
                          (Case.category, f.category), (Case.channel, f.channel),
                          (Case.hospital_id, f.hospital_id), (Case.phone, f.phone)):
        if value:
            clauses.append(column == value)
    indexed = not f.names_by_sort
    if f.first_name:
        clauses.append(StartsWith(Case.first_name, f.first_name, indexed=indexed))
    if f.last_name:  # with a first name, SQLite reads the first name's index and checks the
        # last name in it (it cannot tell which start is rarer; a first name typed in full is)
        clauses.append(StartsWith(Case.last_name, f.last_name,
                                  indexed=indexed and not f.first_name))
    if f.status in ("open", AWAITING_CONTACT) or f.due_from or f.due_to:
        clauses.append(OPEN)  # as the partial indexes say it
    if f.status == "new":
        clauses.append(NEW)
    elif f.status == AWAITING_CONTACT:  # the contact milestone, whatever the status says
        clauses.append(select(Milestone.id).where(
            Milestone.case_id == Case.id, *UNMET_CONTACT).exists())
    elif f.status and f.status != "open":
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
        clauses.append(or_(StartsWith(Case.first_name, f.any_name, indexed=indexed),
                           StartsWith(Case.last_name, f.any_name, indexed=indexed)))
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


def for_listing(f: CaseFilter, more_than_cap: bool) -> CaseFilter:
    """The filter to list the matches with, once they are counted. A name search matching
    more than the count's cap (a common start such as สม) is read in the list's order and
    each row's names checked: a few hundred rows to fill a page. SQLite would otherwise
    read every match through the name index and sort them all (0.4-1.6 s on 1,000,000
    cases with a ninth of them matching)."""
    if more_than_cap and f.by_name:
        return replace(f, names_by_sort=True)
    return f


def iter_cases(session: Session, f: CaseFilter, sort: str = "received_desc",
               limit: int = 100_000, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every matching case (up to `limit`) in list order, for exports, in batches."""
    cursor: tuple[Any, int] | None = None
    column_name = SORTS[sort][0].key
    sent = 0
    if f.by_name:
        f = for_listing(f, count_cases(session, f)[1])
    while sent < limit:
        rows = list_cases(session, f, sort=sort, cursor=cursor, limit=min(batch, limit - sent))
        if not rows:
            return
        yield from rows
        sent += len(rows)
        cursor = (rows[-1][column_name], rows[-1]["id"])


def open_milestones(session: Session, case_ids: Sequence[int]) -> dict[int, list[Milestone]]:
    """Unmet milestones of some cases, by case id, earliest first.

    Looked up by case id alone (the unique index), then filtered here: asked for "met_at IS
    NULL" as well, SQLite prefers the index on (met_at, due_at) and reads every open one.
    """
    if not case_ids:
        return {}
    query = select(Milestone).where(Milestone.case_id.in_(case_ids)).order_by(Milestone.due_at)
    result: dict[int, list[Milestone]] = {}
    for milestone in session.scalars(query):
        if milestone.met_at is None:
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
    if f.status == AWAITING_CONTACT:  # read in order from the unmet contact milestones
        query = (select(*LIST_COLUMNS).join_from(Milestone, Case, Case.id == Milestone.case_id)
                 .where(*UNMET_CONTACT, *_where(replace(f, status="open")))
                 .order_by(Milestone.due_at, Milestone.case_id).limit(limit))
        return [row._asdict() for row in session.execute(query)]
    column = Case.contact_due_at if order == "contact" else Case.due_date
    query = (select(*LIST_COLUMNS).where(*_where(f)).order_by(column, Case.id).limit(limit))
    return [row._asdict() for row in session.execute(query)]


def kpi_by_month(session: Session, first: date, report_date: date,
                 scope_unit: str | None = None) -> dict[tuple[int, int], tuple[int, int]]:
    """(counted, resolved within 25 working days) by (year, month) in which each was counted.

    The rule of core.persistence.reports.kpi_rows with each month reported at its end: a
    case counts on its closing date when closed before its deadline (and is resolved),
    otherwise on its deadline (resolved only when closed that very day). Two passes, one
    per kind, each over a covering index in date order, summed here by month.
    """
    unit = [Case.unit_code == scope_unit] if scope_unit else []
    closed = Case.kpi_closed_date
    at_deadline = (
        select(Case.due_date, func.count(),
               func.coalesce(func.sum(case((closed == Case.due_date, 1), else_=0)), 0))
        .where(Case.due_date >= first, Case.due_date <= report_date, *unit,
               or_(closed.is_(None), closed >= Case.due_date))
        .group_by(Case.due_date)
    )
    early = (
        select(closed, func.count(), func.count())
        .where(closed >= first, closed <= report_date, *unit, closed < Case.due_date)
        .group_by(closed)
    )
    months: dict[tuple[int, int], tuple[int, int]] = {}
    for query in (at_deadline, early):
        for day, counted, resolved in session.execute(query):
            key = (day.year, day.month)
            before = months.get(key, (0, 0))
            months[key] = (before[0] + int(counted), before[1] + int(resolved or 0))
    return months


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


def audit_for_case(session: Session, case_id: int, limit: int = 100) -> list[AuditEntry]:
    """Who viewed or changed a case, newest first."""
    query = (select(AuditEntry).where(AuditEntry.case_id == case_id)
             .order_by(AuditEntry.id.desc()).limit(limit))
    return list(session.scalars(query))


def user_with_link_code(session: Session, code: str) -> User | None:
    """The account holding a LINE link code, if any."""
    return session.scalars(select(User).where(User.line_link_code == code)).first()


FORM_KEPT = timedelta(days=7)  # how long a sent new-case form is remembered


def count_signin_failures(session: Session, address_key: str, since: datetime,
                          cap: int) -> int:
    """Failed sign-ins from one address (its keyed digest) after `since`, counted up to
    `cap`."""
    recent = (select(SigninFailure.id)
              .where(SigninFailure.address_key == address_key, SigninFailure.at > since)
              .limit(cap).subquery())
    return int(session.scalar(select(func.count()).select_from(recent)) or 0)


def record_signin_failure(session: Session, address_key: str, at: datetime, *,
                          forget_before: datetime) -> None:
    """Add one failed sign-in, deleting every one at or before `forget_before`."""
    session.execute(delete(SigninFailure).where(SigninFailure.at <= forget_before))
    session.add(SigninFailure(address_key=address_key, at=at))


def case_filed_by_form(session: Session, submission: str) -> Case | None:
    """The case a new-case form (its one-time id) filed, if it was sent before."""
    row = session.get(KeyValue, f"newcase:{submission}")
    return session.get(Case, row.value.get("case_id")) if row is not None else None


def commit_unless_taken(uow: UnitOfWork) -> bool:
    """Commit; False (rolled back) when a unique key was taken meanwhile by someone else."""
    try:
        commit(uow)
    except IntegrityError:
        uow.rollback()
        return False
    return True


def remember_form(session: Session, submission: str, case_id: int, now: datetime) -> None:
    """Remember which case a new-case form filed (forgetting those older than a week)."""
    session.execute(delete(KeyValue).where(KeyValue.key.like("newcase:%"),
                                           KeyValue.updated_at < now - FORM_KEPT))
    session.add(KeyValue(key=f"newcase:{submission}", value={"case_id": case_id},
                         updated_at=now))
