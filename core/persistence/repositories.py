"""Repositories: the queries the services need, by aggregate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from core.domain.clock import start_of_day
from core.persistence.models import (
    Case,
    DistrictRoute,
    HolidayOverride,
    Hospital,
    Milestone,
    OutboxMessage,
    RoutingRule,
    TrackingCounter,
    Unit,
    User,
)


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: Case) -> None:
        """Stage a new case."""
        self.session.add(case)

    def get(self, case_id: int) -> Case | None:
        """The case with this id, or None."""
        return self.session.get(Case, case_id)

    def by_tracking_no(self, tracking_no: str) -> Case | None:
        """The case with this tracking number, or None."""
        return self.session.scalar(select(Case).where(Case.tracking_no == tracking_no))

    def all(self, batch: int = 1000) -> Iterable[Case]:
        """Every case, in id order, streamed in batches."""
        last = 0
        while True:
            rows = self.session.scalars(
                select(Case).where(Case.id > last).order_by(Case.id).limit(batch)
            ).unique().all()
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    def open_with_due_date_from(self, first: date) -> Sequence[Case]:
        """Open cases whose deadline, or any unmet milestone (a progress report after the
        deadline), is on or after a date (to recompute after holidays)."""
        pending = select(Milestone.case_id).where(
            Milestone.met_at.is_(None), Milestone.due_at >= start_of_day(first))
        query = select(Case).where(Case.status != "closed",
                                   or_(Case.due_date >= first, Case.id.in_(pending)))
        return self.session.scalars(query).unique().all()

    def tracking_no_exists(self, tracking_no: str) -> bool:
        """True when the tracking number is taken."""
        return self.by_tracking_no(tracking_no) is not None

    def next_tracking_seq(self, year_be: int) -> int:
        """The next sequence number for a Buddhist-Era year, safe under concurrency."""
        bumped = self.session.execute(_BUMP_TRACKING_SEQ, {"year": year_be}).scalar()
        if bumped is not None:
            return int(bumped)
        self.session.add(TrackingCounter(year_be=year_be, last_seq=1))
        self.session.flush()
        return 1

    def raise_tracking_seq(self, year_be: int, seq: int) -> None:
        """Make sure future numbers of a year come after an imported one."""
        # fresh from the database: next_tracking_seq bumps the row without the ORM, so a
        # counter object already in this session may hold an older number
        counter = self.session.get(TrackingCounter, year_be, populate_existing=True)
        if counter is None:
            self.session.add(TrackingCounter(year_be=year_be, last_seq=seq))
        elif counter.last_seq < seq:
            counter.last_seq = seq

    def count(self) -> int:
        """How many cases there are."""
        return int(self.session.scalar(select(func.count(Case.id))) or 0)


class ReferenceRepository:
    """Units, hospitals and routing data (editable by staff)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def units(self) -> Sequence[Unit]:
        """Every unit, by code."""
        return self.session.scalars(select(Unit).order_by(Unit.code)).all()

    def unit(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        return self.session.get(Unit, code)

    def hospitals(self) -> Sequence[Hospital]:
        """Every hospital, by id."""
        return self.session.scalars(select(Hospital).order_by(Hospital.id)).all()

    def hospital(self, hospital_id: str) -> Hospital | None:
        """The hospital with this id, or None."""
        return self.session.get(Hospital, hospital_id)

    def routing_tables(self, category: str, places: Sequence[tuple[str | None, str | None]]
                       ) -> tuple[list[Any], list[Any], list[Any]]:
        """What routing one case reads, as plain tuples in one statement (no ORM objects:
        it runs at every filing): given its category and its (province, district) places
        (at most two), the rows its routing can use: units (code, kind, province) that the
        category's rule or those districts' routes name, or that are the provincial offices
        of those provinces; the districts' routes (district, unit); the category's rules
        (category, unit, note)."""
        if len(places) > 2:
            raise ValueError("routing reads the rows of at most two places")
        districts = [d for _, d in places if d] + [None, None]
        provinces = [p or (d[:2] if d else None) for p, d in places] + [None, None]
        units, routes, rules = [], [], []
        for row in self.session.execute(_ROUTING_ROWS, {
                "category": category, "yes": True, "d1": districts[0], "d2": districts[1],
                "p1": provinces[0], "p2": provinces[1]}):
            kind, a, b, c = row
            if kind == "u":
                units.append((a, b, c))
            elif kind == "d":
                routes.append((a, b))
            else:
                rules.append(_RuleRow(a, b, c or ""))
        return units, routes, rules

    def district_routes(self) -> Sequence[DistrictRoute]:
        """The district-to-unit map."""
        return self.session.scalars(select(DistrictRoute)).all()

    def routing_rules(self) -> Sequence[RoutingRule]:
        """Category-to-unit rules."""
        return self.session.scalars(select(RoutingRule).order_by(RoutingRule.id)).all()

    def merge(self, obj: object) -> None:
        """Insert or update a reference row by primary key."""
        self.session.merge(obj)


class HolidayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def overrides(self) -> Sequence[HolidayOverride]:
        """Every staff override, by date."""
        return self.session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)).all()

    def get(self, day: date) -> HolidayOverride | None:
        """The override for a date, or None."""
        return self.session.get(HolidayOverride, day)

    def add(self, override: HolidayOverride) -> None:
        """Stage an override."""
        self.session.add(override)

    def delete(self, override: HolidayOverride) -> None:
        """Remove an override."""
        self.session.delete(override)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_username(self, username: str) -> User | None:
        """The account with this username, or None."""
        return self.session.scalar(select(User).where(User.username == username))

    def get(self, user_id: int) -> User | None:
        """The account with this id, or None."""
        return self.session.get(User, user_id)

    def add(self, user: User) -> None:
        """Stage a new account."""
        self.session.add(user)

    def other_active_admins(self, user_id: int) -> int:
        """How many active administrators there are besides this account."""
        return self.session.scalar(
            select(func.count()).select_from(User)
            .where(User.role == "admin", User.active.is_(True), User.id != user_id)) or 0


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_key(self, dedupe_key: str) -> bool:
        """True when a message with this key was ever queued."""
        query = select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        return self.session.scalar(query) is not None

    def add(self, message: OutboxMessage) -> None:
        """Stage a message."""
        self.session.add(message)


class _RuleRow(NamedTuple):
    category: str
    unit_code: str
    note: str


# One case's routing rows in one round trip; text, so SQLAlchemy does not rebuild and hash
# a select() with IN lists at every filing (that cost more than reading all 140 units).
_ROUTING_ROWS = text(
    "SELECT 'r' AS kind, category AS a, unit_code AS b, note AS c FROM routing_rules "
    "WHERE category = :category "
    "UNION ALL SELECT 'd', district_code, unit_code, NULL FROM district_routes "
    "WHERE district_code IN (:d1, :d2) "
    "UNION ALL SELECT 'u', code, kind, province_code FROM units WHERE active = :yes AND ("
    "code IN (SELECT unit_code FROM routing_rules WHERE category = :category) "
    "OR code IN (SELECT unit_code FROM district_routes WHERE district_code IN (:d1, :d2)) "
    "OR (kind = 'provincial' AND province_code IN (:p1, :p2)))")

# The row lock of the UPDATE makes concurrent filings of a year take turns; as text, it
# skips the ORM's bulk-update path (session synchronisation) at every filing.
_BUMP_TRACKING_SEQ = text("UPDATE tracking_counters SET last_seq = last_seq + 1 "
                          "WHERE year_be = :year RETURNING last_seq")
