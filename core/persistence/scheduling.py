"""Queries of the clock: due milestones, the outbox, leases and small state in `kv`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Date,
    TextClause,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.domain.clock import end_of_day
from core.persistence.models import (
    Case,
    CaseEvent,
    Follower,
    KeyValue,
    Lease,
    Milestone,
    OutboxMessage,
    Unit,
    User,
)
from core.persistence.types import UTCDateTime

STAFF_ROLES = ("admin", "officer")
OPEN_STATUSES = ("new", "contacted", "in_progress")
# A case awaits contact while its contact milestone is unmet, whatever its status says
# (ix_milestones_unmet_kind_due holds exactly these rows, by due time).
UNMET_CONTACT = (Milestone.kind == "contact", Milestone.met_at.is_(None))


class DueMilestone(NamedTuple):
    """An unmet milestone: what the index alone tells."""

    case_id: int
    kind: str
    seq: int
    due_at: datetime
    due_date: date | None


@dataclass(frozen=True)
class CaseBrief:
    """What an alert says about a case (never the complainant's name)."""

    id: int
    tracking_no: str
    unit_code: str
    category: str
    status: str
    line_user_id: str | None
    created_at: datetime  # when it was entered into the system (its receipt may be earlier)


class SchedulingStore:
    """The clock's queries on one session (the unit of work's)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _dialect_insert(self, model: Any) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (postgresql if dialect == "postgresql" else sqlite).insert(model)

    # --- milestones -------------------------------------------------------------------
    def unmet_due_between(self, kinds: Sequence[str], after: datetime, upto: datetime, *,
                          dated: bool = False) -> list[DueMilestone]:
        """Unmet milestones with after < due_at <= upto: a range of the partial index, read alone.

        Closing a case meets all its milestones, so unmet ones belong to open cases. `dated`
        kinds are due at the end of their due date, so only the date is read. Dates and times
        come back raw and are converted here, once per distinct value: at 100,000 rows a
        tick, the generic converters cost more than the query.
        """
        sqlite_only = self.session.get_bind().dialect.name == "sqlite"
        rows = self.session.connection().execute(_due_query(dated, sqlite_only), {
            "kinds": list(kinds), "after": after, "upto": upto})
        if dated:
            return [DueMilestone(case_id, kind, seq, _day_end(day), _day(day))
                    for case_id, kind, seq, day, _ in rows]
        return [DueMilestone(case_id, kind, seq, _instant(at), day and _day(day))
                for case_id, kind, seq, at, day in rows]

    def case_briefs(self, case_ids: Sequence[int], chunk: int = 5000) -> dict[int, CaseBrief]:
        """Open cases by id, with what alerts say about them."""
        ids = sorted(set(case_ids))
        out: dict[int, CaseBrief] = {}
        for offset in range(0, len(ids), chunk):
            query = (select(Case.id, Case.tracking_no, Case.unit_code, Case.category,
                            Case.status, Case.line_user_id, Case.created_at)
                     .where(Case.id.in_(ids[offset:offset + chunk]),
                            Case.status.in_(OPEN_STATUSES)))
            out.update((row[0], CaseBrief(*row)) for row in self.session.execute(query))
        return out

    def milestone(self, case_id: int, kind: str, seq: int) -> Milestone | None:
        """One milestone of a case."""
        query = select(Milestone).where(Milestone.case_id == case_id, Milestone.kind == kind,
                                        Milestone.seq == seq)
        return self.session.scalar(query)

    def last_seqs(self, case_ids: Sequence[int], kinds: Sequence[str]
                  ) -> dict[tuple[int, str], int]:
        """The highest stored seq of each (case, kind) among these (one grouped query)."""
        if not case_ids:
            return {}
        query = (select(Milestone.case_id, Milestone.kind, func.max(Milestone.seq))
                 .where(Milestone.case_id.in_(list(case_ids)),
                        Milestone.kind.in_(list(kinds)))
                 .group_by(Milestone.case_id, Milestone.kind))
        return {(row[0], row[1]): row[2] for row in self.session.execute(query)}

    def stale_chains(self, kinds: Sequence[str], now: datetime) -> list[tuple[int, str]]:
        """(case, kind) of the open cases whose milestones of a kind are all due by `now`:
        recurring chains that ran out (one grouped pass; the clock runs it once a day)."""
        if not kinds:
            return []
        query = (select(Milestone.case_id, Milestone.kind)
                 .join(Case, Case.id == Milestone.case_id)
                 .where(Case.status.in_(OPEN_STATUSES), Milestone.kind.in_(list(kinds)))
                 .group_by(Milestone.case_id, Milestone.kind)
                 .having(func.max(Milestone.due_at) <= now)
                 .order_by(Milestone.case_id))
        return [(row[0], row[1]) for row in self.session.execute(query)]

    def case_state(self, case_id: int) -> tuple[str, str] | None:
        """(status, unit_code) of a case, without loading it."""
        row = self.session.execute(
            select(Case.status, Case.unit_code).where(Case.id == case_id)).first()
        return (row[0], row[1]) if row else None

    # --- digests and monthly ----------------------------------------------------------
    def due_counts_by_unit(self, today: date) -> dict[str, tuple[int, int]]:
        """Per unit: (open cases due today, overdue) (covering index)."""
        hint = (" INDEXED BY ix_cases_status_unit_due"
                if self.session.get_bind().dialect.name == "sqlite" else "")
        due = text(
            "SELECT unit_code, SUM(CASE WHEN due_date = :today THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN due_date < :today THEN 1 ELSE 0 END) FROM cases{hint} "
            "WHERE status IN :open AND due_date <= :today GROUP BY unit_code"
        ).bindparams(bindparam("open", expanding=True), bindparam("today", type_=Date()))
        rows = self.session.execute(due, {"open": list(OPEN_STATUSES), "today": today})
        return {unit: (int(due_today or 0), int(overdue or 0))
                for unit, due_today, overdue in rows}

    def due_in_unit(self, unit_code: str, today: date, overdue: bool, limit: int) -> list[str]:
        """Tracking numbers of a unit's open cases due today (or overdue, oldest first)."""
        when = Case.due_date < today if overdue else Case.due_date == today
        query = (select(Case.tracking_no)
                 .where(Case.status.in_(OPEN_STATUSES), Case.unit_code == unit_code, when)
                 .order_by(Case.due_date, Case.id).limit(limit))
        return list(self.session.scalars(query))

    def awaiting_contact_by_unit(self, limit: int
                                 ) -> dict[str, tuple[int, list[tuple[str, datetime]]]]:
        """Per unit: how many open cases await contact, and (tracking no, contact deadline) of
        the `limit` (at least one) most urgent. Awaiting contact means the contact milestone
        is unmet, whatever the status says (a note may have moved the case on without
        contact); an anonymous case has no contact step. One pass over those milestones."""
        sqlite_only = self.session.get_bind().dialect.name == "sqlite"
        rows = self.session.execute(_awaiting_query(sqlite_only),
                                    {"open": list(OPEN_STATUSES), "limit": max(limit, 1)})
        out: dict[str, tuple[int, list[tuple[str, datetime]]]] = {}
        for unit, tracking_no, due_at, count in rows:
            out.setdefault(unit, (int(count), []))[1].append((tracking_no, _instant(due_at)))
        return out

    def first_received(self) -> date | None:
        """The receipt date of the earliest case, if any (the index on received_date)."""
        return self.session.scalar(select(func.min(Case.received_date)))

    def open_received_by_unit(self, last_day: date) -> dict[str, int]:
        """Open cases received on or before a date, counted by unit."""
        query = (select(Case.unit_code, func.count(Case.id))
                 .where(Case.status.in_(OPEN_STATUSES), Case.received_date <= last_day)
                 .group_by(Case.unit_code))
        return {unit: int(n) for unit, n in self.session.execute(query)}

    # --- recipients -------------------------------------------------------------------
    def unit(self, code: str) -> Unit | None:
        """A unit by code. The first two units a session asks for are read one row each
        (filing a case asks for its unit and perhaps the Information Center); from a third
        on, every unit is loaded once and kept for the session (a scan asks for many: the
        session alone holds loaded rows only weakly, so it would read them again)."""
        info = self.session.info
        loaded: dict[str, Unit] | None = info.get("scheduling_units")
        if loaded is not None:
            return loaded.get(code) or self.session.get(Unit, code)
        asked = info.setdefault("scheduling_units_asked", set())
        if code not in asked and len(asked) >= 2:
            loaded = info["scheduling_units"] = {
                unit.code: unit for unit in self.session.scalars(select(Unit))}
            return loaded.get(code)
        asked.add(code)
        return self.session.get(Unit, code)

    def units_by_kind(self, kind: str) -> Sequence[Unit]:
        """Active units of a kind (e.g. the information center)."""
        query = select(Unit).where(Unit.kind == kind, Unit.active.is_(True)).order_by(Unit.code)
        return self.session.scalars(query).all()

    def linked_staff(self, unit_code: str | None, roles: Sequence[str] = STAFF_ROLES
                     ) -> Sequence[User]:
        """Active staff who linked a LINE account, of one unit (or of every unit: None)."""
        query = select(User).where(User.active.is_(True), User.line_user_id.is_not(None),
                                   User.role.in_(roles))
        if unit_code is not None:
            query = query.where(User.unit_code == unit_code)
        return self.session.scalars(query.order_by(User.id)).all()

    def follower(self, line_user_id: str) -> Follower | None:
        """What the bot knows of a LINE user (following or blocked)."""
        return self.session.get(Follower, line_user_id)

    def blocked_among(self, line_user_ids: Sequence[str]) -> dict[str, Follower]:
        """The followers among these who blocked the bot (one query for a whole batch)."""
        if not line_user_ids:
            return {}
        query = select(Follower).where(Follower.line_user_id.in_(set(line_user_ids)),
                                       Follower.following.is_(False))
        return {f.line_user_id: f for f in self.session.scalars(query)}

    # --- outbox -----------------------------------------------------------------------
    def insert_outbox_once(self, values: dict[str, Any]) -> bool:
        """Insert an outbox row unless its dedupe key exists; True when inserted."""
        stmt = (self._dialect_insert(OutboxMessage).values(**values)
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(OutboxMessage.id))
        # RETURNING, not rowcount: an ORM-enabled INSERT reports a row count of 1 on PostgreSQL
        # even when ON CONFLICT skipped the row.
        return self.session.execute(stmt).first() is not None

    def insert_outbox_many(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert outbox rows whose dedupe keys are new, in few statements; how many went in."""
        if not rows:
            return 0
        self.session.flush()
        stmt = (self._dialect_insert(OutboxMessage)
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(OutboxMessage.id))
        inserted = 0
        connection = self.session.connection()
        for offset in range(0, len(rows), 1000):
            inserted += len(connection.execute(stmt, list(rows[offset:offset + 1000])).all())
        return inserted

    def claim(self, now: datetime, until: datetime, limit: int,
              complainants: bool) -> list[OutboxMessage]:
        """Take up to `limit` due messages for sending (status `sending` until `until`).

        PostgreSQL skips rows another dispatcher holds; SQLite serialises writers.
        """
        query = (select(OutboxMessage)
                 .where(OutboxMessage.status.in_(("pending", "sending")),
                        OutboxMessage.next_attempt_at <= now)
                 .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                 .limit(limit).with_for_update(skip_locked=True))
        if not complainants:
            query = query.where(OutboxMessage.audience != "complainant")
        rows = list(self.session.scalars(query))
        for row in rows:
            row.status, row.next_attempt_at = "sending", until
        self.session.flush()
        return rows

    def pull_forward(self, now: datetime, upto: datetime) -> int:
        """Make pending rows waiting until `upto` at the latest due now (a pause ended)."""
        return self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > now,
                   OutboxMessage.next_attempt_at <= upto)
            .values(next_attempt_at=now)
        ).rowcount  # type: ignore[attr-defined]

    def outbox_rows(self, ids: Sequence[int]) -> list[OutboxMessage]:
        """Outbox rows by id."""
        if not ids:
            return []
        query = select(OutboxMessage).where(OutboxMessage.id.in_(ids))
        return list(self.session.scalars(query))

    def outbox_row(self, message_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return self.session.get(OutboxMessage, message_id)

    def outbox_by_status(self, status: str, limit: int | None = None, *,
                         case_id: int | None = None,
                         audience: str | None = None) -> Sequence[OutboxMessage]:
        """Rows in a status (of one case, to one audience, when given), newest first."""
        query = select(OutboxMessage).where(OutboxMessage.status == status)
        if case_id is not None:
            query = query.where(OutboxMessage.case_id == case_id)
        if audience is not None:
            query = query.where(OutboxMessage.audience == audience)
        return self.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(limit)).all()

    def outbox_counts(self) -> dict[str, int]:
        """How many rows are in each status."""
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: int(n) for status, n in self.session.execute(query)}

    def oldest_pending(self) -> datetime | None:
        """When the oldest message still waiting was queued."""
        query = select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_(("pending", "sending")))
        return self.session.scalar(query)

    def outbox_for_case(self, case_id: int) -> Sequence[OutboxMessage]:
        """Every push about a case, oldest first."""
        query = select(OutboxMessage).where(OutboxMessage.case_id == case_id)
        return self.session.scalars(query.order_by(OutboxMessage.id)).all()

    def add_case_event(self, case_id: int, at: datetime, kind: str, data: dict[str, Any],
                       actor: str = "system") -> None:
        """A staff-only timeline entry, without touching the case's version."""
        self.session.execute(insert(CaseEvent).values(
            case_id=case_id, at=at, actor=actor, kind=kind, public=False, data=data))

    def has_event_since(self, case_id: int, kind: str, since: datetime | None) -> bool:
        """True when the case has an event of that kind at or after `since`."""
        query = select(CaseEvent.id).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
        if since is not None:
            query = query.where(CaseEvent.at >= since)
        return self.session.scalar(query.limit(1)) is not None

    def first_event_since(self, case_id: int, kind: str, since: datetime | None
                          ) -> CaseEvent | None:
        """The earliest event of that kind at or after `since` (at any time when None)."""
        query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
        if since is not None:
            query = query.where(CaseEvent.at >= since)
        return self.session.scalars(query.order_by(CaseEvent.at, CaseEvent.id).limit(1)).first()

    def last_event(self, case_id: int, kind: str) -> CaseEvent | None:
        """The latest event of that kind, or None."""
        query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
        return self.session.scalars(
            query.order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)).first()

    # --- kv ---------------------------------------------------------------------------
    def kv_get(self, key: str) -> dict[str, Any] | None:
        """A value in `kv`, or None."""
        value = self.session.scalar(select(KeyValue.value).where(KeyValue.key == key))
        return dict(value) if value is not None else None

    def kv_put(self, key: str, value: dict[str, Any], now: datetime) -> None:
        """Set a value in `kv` (an upsert: two clocks racing on a first write both succeed)."""
        stmt = self._dialect_insert(KeyValue).values(key=key, value=value, updated_at=now)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["key"], set_={"value": value, "updated_at": now}))

    def kv_delete(self, key: str) -> None:
        """Remove a value from `kv`."""
        self.session.execute(delete(KeyValue).where(KeyValue.key == key))

    # --- leases -----------------------------------------------------------------------
    def acquire_lease(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take or renew a named lease; False while someone else holds it unexpired."""
        renew = (update(Lease).where(Lease.name == name,
                                     or_(Lease.holder == holder, Lease.expires_at <= now))
                 .values(holder=holder, expires_at=until))
        if self.session.execute(renew).rowcount:  # type: ignore[attr-defined]
            return True
        try:
            with self.session.begin_nested():
                self.session.execute(insert(Lease).values(name=name, holder=holder,
                                                          expires_at=until))
        except IntegrityError:  # someone inserted it first: it may be ours, or expired
            return bool(self.session.execute(renew).rowcount)  # type: ignore[attr-defined]
        return True

    def release_lease(self, name: str, holder: str) -> None:
        """Give a lease up (a clean shutdown lets the next clock start at once)."""
        self.session.execute(delete(Lease).where(and_(Lease.name == name,
                                                      Lease.holder == holder)))


@functools.cache
def _awaiting_query(sqlite_db: bool) -> TextClause:
    """Unmet contact milestones of open cases, ranked per unit by due time, with the count."""
    hint = " INDEXED BY ix_milestones_unmet_kind_due" if sqlite_db else ""
    return text(
        "SELECT unit_code, tracking_no, due_at, n FROM ("
        " SELECT c.unit_code AS unit_code, c.tracking_no AS tracking_no, m.due_at AS due_at,"
        " ROW_NUMBER() OVER (PARTITION BY c.unit_code ORDER BY m.due_at, m.case_id) AS rank,"
        " COUNT(*) OVER (PARTITION BY c.unit_code) AS n"
        f" FROM milestones m{hint} JOIN cases c ON c.id = m.case_id"
        " WHERE m.kind = 'contact' AND m.met_at IS NULL AND c.status IN :open"
        ") ranked WHERE rank <= :limit ORDER BY unit_code, rank"
    ).bindparams(bindparam("open", expanding=True))


@functools.cache
def _due_query(dated: bool, sqlite_db: bool) -> TextClause:
    """The due-milestone range query. SQLite is told the index: its statistics count NULL as
    one value among millions of met_at times, so left alone it prefers (met_at, due_at) and
    reads every row of the range to check the kind."""
    hint = " INDEXED BY ix_milestones_unmet_kind_due" if sqlite_db else ""
    due = "due_date" if dated else "due_at"
    return text(
        f"SELECT case_id, kind, seq, {due}, due_date FROM milestones{hint} "
        "WHERE met_at IS NULL AND kind IN :kinds AND due_at > :after AND due_at <= :upto"
    ).bindparams(bindparam("kinds", expanding=True), bindparam("after", type_=UTCDateTime()),
                 bindparam("upto", type_=UTCDateTime()))


@functools.lru_cache(maxsize=4096)
def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@functools.lru_cache(maxsize=4096)
def _day_end(value: date | str) -> datetime:
    return end_of_day(_day(value))


def _instant(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite keeps UTC without a zone
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC)


def store(session: Session) -> SchedulingStore:
    """The scheduling queries bound to a session."""
    return SchedulingStore(session)
