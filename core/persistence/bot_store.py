"""Queries of the LINE intake: events seen, conversations, followers, evidence, reply guards."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Engine,
    String,
    bindparam,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from core.persistence import rawpg
from core.persistence.models import (
    Attachment,
    Case,
    Conversation,
    InflightMarker,
    KeyValue,
    OutboxMessage,
    ProcessedEvent,
    User,
)
from core.persistence.types import UTCDateTime


def is_unavailable(exc: BaseException) -> bool:
    """True when an error means the database cannot be reached (or is locked) right now."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def is_conflict(exc: BaseException) -> bool:
    """True when a concurrent change won a race (retry the unit of work)."""
    return isinstance(exc, IntegrityError | StaleDataError)


@dataclass(frozen=True)
class StoredChat:
    """A conversation row as read for one event."""

    line_user_id: str
    state: str
    data: dict[str, Any]
    version: int  # 0: none stored yet (a first event on the quick path)


class BotStore:
    """The intake's queries on one session (the unit of work's)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def _insert(self, model: Any) -> Any:
        return (postgresql if self._dialect() == "postgresql" else sqlite).insert(model)

    # --- events -----------------------------------------------------------------------
    def claim_event(self, event_id: str, now: datetime, status: str = "done") -> bool:
        """Record a webhook event as handled; False when it was handled before."""
        # RETURNING, not rowcount: psycopg reports -1 for INSERT … ON CONFLICT DO NOTHING.
        return self.session.execute(_statements().claim, {
            "event_id": event_id, "received_at": now, "status": status}).first() is not None

    def claim_and_open(self, event_id: str, line_user_id: str, now: datetime
                       ) -> tuple[StoredChat, bool] | None:
        """Claim a person's event and lock their conversation (`open_conversation`); None
        when the event was handled before. On PostgreSQL the claim and the lock of an
        existing conversation are one statement (one round trip fewer on every event)."""
        if self._dialect() != "postgresql":
            if not self.claim_event(event_id, now):
                return None
            return self.open_conversation(line_user_id, now)
        claimed, state, data, version = rawpg.execute(
            self.session.connection(), _statements().claim_lock,
            {"event_id": event_id, "received_at": now, "id": line_user_id}).fetchone()
        if not claimed:
            return None
        if version is None:  # a first event: no conversation yet
            return self.open_conversation(line_user_id, now)
        return StoredChat(line_user_id, state, dict(data or {}), version), False

    def event_status(self, event_id: str) -> str | None:
        """done | failed for an event already seen, else None."""
        return self.session.scalar(
            select(ProcessedEvent.status).where(ProcessedEvent.event_id == event_id))

    def relax_durability(self) -> None:
        """This transaction may be lost in a crash (a hint, not a record): skip the fsync."""
        if self._dialect() == "postgresql":
            self.session.execute(text("SET LOCAL synchronous_commit TO OFF"))

    # --- conversations ----------------------------------------------------------------
    def open_conversation(self, line_user_id: str, now: datetime) -> tuple[StoredChat, bool]:
        """The person's conversation, locked for this transaction; True when it is new."""
        sql = _statements()
        lock = sql.read_locked if self._dialect() == "postgresql" else sql.read
        row = self.session.execute(lock, {"id": line_user_id}).first()
        created = False
        if row is None:  # a first event: insert (unless a concurrent event just did), lock
            created = self.session.execute(sql.open, {
                "id": line_user_id, "data": {}, "now": now}).first() is not None
            row = self.session.execute(lock, {"id": line_user_id}).one()
        return StoredChat(line_user_id, row.state, dict(row.data or {}), row.version), created

    def save_conversation(self, chat: StoredChat, state: str, data: dict[str, Any],
                          now: datetime, guard: dict[str, Any] | None = None) -> None:
        """Write the new state and memory, and queue a reply's guard push (`add_guard`) if
        given; StaleDataError if someone else changed the conversation. On PostgreSQL the
        two are one statement."""
        values = {"id": chat.line_user_id, "state": state, "data": data, "now": now,
                  "version": chat.version, "next": chat.version + 1}
        if guard is not None and self._dialect() == "postgresql":
            done = rawpg.execute(self.session.connection(), _statements().save_guard,
                                 {**values, **guard}, _JSON_PARAMS).fetchone()[0]
        else:
            done = self.session.execute(_statements().save, values).rowcount  # type: ignore[attr-defined]
            if done == 1 and guard is not None:
                self.add_guard(guard)
        if done != 1:
            raise StaleDataError(f"conversation changed since version {chat.version}")

    def peek_conversation(self, line_user_id: str) -> tuple[str, dict[str, Any]] | None:
        """(state, data) without locking, to decide whether to download content first."""
        row = self.session.execute(
            select(Conversation.state, Conversation.data)
            .where(Conversation.line_user_id == line_user_id)).first()
        return (row[0], dict(row[1] or {})) if row else None

    def idle_drafts(self, before: datetime, limit: int) -> list[StoredChat]:
        """Conversations in the middle of something, untouched since `before`."""
        rows = self.session.execute(
            select(Conversation.line_user_id, Conversation.state, Conversation.data,
                   Conversation.version)
            .where(Conversation.updated_at < before, Conversation.state != "idle")
            .order_by(Conversation.updated_at).limit(limit))
        return [StoredChat(r.line_user_id, r.state, dict(r.data or {}), r.version) for r in rows]

    def drop_event_ids(self, before: datetime) -> int:
        """Forget webhook event ids seen before a time; how many."""
        return self.session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.received_at < before)
        ).rowcount  # type: ignore[attr-defined]

    def drop_markers(self, before: datetime) -> int:
        """Forget in-flight markers set before a time (their events are long settled: a
        marker older than ordering.STALL frees its person anyway); how many."""
        return self.session.execute(delete(InflightMarker).where(
            InflightMarker.at_ms < int(before.timestamp() * 1000))
        ).rowcount  # type: ignore[attr-defined]

    # --- followers --------------------------------------------------------------------
    def set_following(self, line_user_id: str, following: bool, now: datetime) -> None:
        """Follow (again): following since now; or unfollow/block: blocked since now, the
        time of following kept. One upsert (a follower row is written by every new person)."""
        self.session.execute(_statements().follow, {
            "id": line_user_id, **FollowerWrite.following(following, now).params})

    def record_consent(self, line_user_id: str, version: str, at: datetime) -> None:
        """Keep the notice version and time of consent on the follower (one upsert; a person
        not yet known as a follower is one from now)."""
        self.session.execute(_statements().consent, {
            "id": line_user_id, **FollowerWrite.consent(version, at).params})

    def kv_put(self, key: str, value: dict[str, Any], now: datetime) -> None:
        """Set a small value in `kv`."""
        stmt = self._insert(KeyValue).values(key=key, value=value, updated_at=now)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["key"], set_={"value": value, "updated_at": now}))

    # --- evidence ---------------------------------------------------------------------
    def add_attachment(self, **values: Any) -> None:
        """Keep a downloaded photo or file (once per LINE message)."""
        stmt = self._insert(Attachment).values(**values)
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["line_message_id"]))

    def attach_to_case(self, owner: str, message_ids: Sequence[str], case_id: int) -> int:
        """Give a draft's attachments to the filed case; returns how many."""
        if not message_ids:
            return 0
        return self.session.execute(
            update(Attachment).where(Attachment.owner_line_user_id == owner,
                                     Attachment.case_id.is_(None),
                                     Attachment.line_message_id.in_(list(message_ids)))
            .values(case_id=case_id)).rowcount  # type: ignore[attr-defined]

    def drop_attachment(self, owner: str, message_id: str) -> str | None:
        """Forget a draft attachment; returns its storage key when no other row uses it."""
        row = self.session.scalars(select(Attachment).where(
            Attachment.owner_line_user_id == owner, Attachment.case_id.is_(None),
            Attachment.line_message_id == message_id)).first()
        if row is None:
            return None
        key = row.storage_key
        self.session.execute(delete(Attachment).where(Attachment.id == row.id))
        others = self.session.scalar(select(func.count()).where(Attachment.storage_key == key))
        return None if others else key

    def drop_unfiled_attachments(self, before: datetime) -> list[str]:
        """Delete draft evidence never filed, kept since before a time; the storage keys
        no remaining row uses (their files can go)."""
        rows = self.session.execute(select(Attachment.id, Attachment.storage_key).where(
            Attachment.case_id.is_(None), Attachment.created_at < before)).all()
        if not rows:
            return []
        self.session.execute(delete(Attachment).where(Attachment.id.in_([r.id for r in rows])))
        keys = {r.storage_key for r in rows}
        used = set(self.session.scalars(select(Attachment.storage_key).where(
            Attachment.storage_key.in_(list(keys)))))
        return sorted(keys - used)

    # --- cases ------------------------------------------------------------------------
    def case_list(self, line_user_id: str) -> list[CaseLineRow]:
        """A LINE user's cases, newest first, each with its newest public timeline entry:
        one statement and plain rows (the "track" menu shows only these columns)."""
        rows = self.session.execute(_statements().case_list, {"user": line_user_id,
                                                              "public": True})
        return [CaseLineRow(*row) for row in rows]

    def staff_with_code(self, code: str) -> User | None:
        """The active staff account holding this one-time LINE link code."""
        return self.session.scalars(select(User).where(
            User.line_link_code == code, User.active.is_(True))).first()

    def case_by_tracking_no(self, tracking_no: str) -> Case | None:
        """The case with this tracking number, or None."""
        return self.session.scalars(select(Case).where(Case.tracking_no == tracking_no)).first()

    # --- reply guards in the outbox ----------------------------------------------------
    def add_guard(self, row: dict[str, Any]) -> None:
        """Queue a reply's messages as a push (a row made by `notify.outbox_row`), once."""
        self.session.execute(_statements().guard, row)

    def replies_delivered(self, keys: Sequence[str]) -> None:
        """The replies got through: their guard pushes are deleted, not kept as sent. A guard
        is only a copy of the reply (the summary card names the person, their address and
        phone) for a push that is no longer needed; deleting it also writes less than an
        update that moves the row in every index of the outbox."""
        self.session.execute(
            delete(OutboxMessage).where(OutboxMessage.dedupe_key.in_(list(keys)),
                                        OutboxMessage.status == "pending")
            .execution_options(synchronize_session=False))

    def drop_reply_copies(self, before: datetime) -> int:
        """Forget the guards that were pushed instead of replied (sent, refused, cancelled),
        queued before a time: copies of replies, kept no longer than the event ids; how many."""
        return self.session.execute(
            delete(OutboxMessage).where(OutboxMessage.kind == "reply",
                                        OutboxMessage.status.not_in(("pending", "sending")),
                                        OutboxMessage.created_at < before)
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]

    def push_now(self, key: str, now: datetime, reason: str) -> None:
        """The reply failed: let the dispatcher push the same messages at once."""
        self.session.execute(
            update(OutboxMessage).where(OutboxMessage.dedupe_key == key,
                                        OutboxMessage.status == "pending")
            .values(next_attempt_at=now, last_error=reason[:300]))


_JSON_PARAMS = frozenset({"data", "messages"})  # JSON columns' values, by name


@dataclass(frozen=True)
class CaseLineRow:
    """What the complainant's case list shows of one case (`BotStore.case_list`)."""

    tracking_no: str
    status: str
    category: str
    received_at: datetime
    due_date: date
    unit_name: str
    event_kind: str | None
    event_data: dict[str, Any] | None


@dataclass(frozen=True)
class _Sql:
    claim: TextClause
    claim_lock: TextClause
    save_guard: TextClause
    open: TextClause
    read: TextClause
    read_locked: TextClause
    save: TextClause
    guard: TextClause
    marker: TextClause
    case_list: TextualSelect
    follow: TextClause
    consent: TextClause
    quick_read: TextualSelect
    quick_take_read: TextualSelect


_SAVE = ("UPDATE conversations SET state = :state, data = :data, updated_at = :now, "
         "version = :next WHERE line_user_id = :id AND version = :version")
_GUARD_INSERT = ('INSERT INTO outbox (dedupe_key, "to", audience, kind, case_id, messages, '
                 "retry_key, status, attempts, next_attempt_at, created_at) ")
_GUARD_ROW = (":dedupe_key, :to, :audience, :kind, :case_id, :messages, :retry_key, :status, "
              ":attempts, :next_attempt_at, :created_at")
_IF_SAVED = " WHERE EXISTS (SELECT 1 FROM saved)"  # a CTE's rows only if `saved` wrote one
# a reply's guard queued in the statement that saves the conversation (`saved`)
_QUEUED = (f"queued AS ({_GUARD_INSERT}SELECT {_GUARD_ROW}{_IF_SAVED} "
           "ON CONFLICT (dedupe_key) DO NOTHING)")
# the follower upserts of SetFollowing and RecordConsent ({values}: VALUES or a SELECT of
# their row)
_FOLLOW = ("INSERT INTO line_followers (line_user_id, following, followed_at, blocked_at) "
           "{values} ON CONFLICT (line_user_id) DO UPDATE SET following = excluded.following, "
           "followed_at = COALESCE(excluded.followed_at, line_followers.followed_at), "
           "blocked_at = excluded.blocked_at")
_CONSENT = ("INSERT INTO line_followers (line_user_id, following, followed_at, consent_version, "
            "consented_at) {values} ON CONFLICT (line_user_id) DO UPDATE SET "
            "consent_version = excluded.consent_version, consented_at = excluded.consented_at")
_FOLLOW_ROW = ":id, :following, :followed_at, :blocked_at"
_CONSENT_ROW = ":id, true, :consented_at, :consent_version, :consented_at"


@cache
def _quick_write(new: bool, guard: bool, follower: str | None) -> TextClause:
    """PostgreSQL, an event of the quick path (QuickChats.save): one statement and so one
    transaction. The conversation is saved if nobody changed it since the read (`new`: it
    is inserted unless a concurrent event just created it); then, only if it was, the
    event is claimed (a duplicate key if a copy of the event got there first: a conflict,
    retried), the reply's guard queued (`guard`) and the follower written (`follower`:
    "follow" or "consent", the step's one effect). The answer is how many conversation
    rows were saved (1, or 0 when the conversation changed meanwhile)."""
    at, data = UTCDateTime(), JSON()
    saved = ("INSERT INTO conversations (line_user_id, state, data, updated_at, version) "
             "VALUES (:id, :state, :data, :now, 1) ON CONFLICT (line_user_id) DO NOTHING"
             if new else _SAVE)
    parts = [f"WITH saved AS ({saved} RETURNING 1)",
             "claim AS (INSERT INTO processed_events (event_id, received_at, status) "
             f"SELECT :event_id, :received_at, 'done'{_IF_SAVED})"]
    binds = [bindparam("data", type_=data), bindparam("now", type_=at),
             bindparam("received_at", type_=at)]
    if guard:
        parts.append(_QUEUED)
        binds += [bindparam("messages", type_=data), bindparam("next_attempt_at", type_=at),
                  bindparam("created_at", type_=at)]
    if follower == "follow":
        parts.append(f"follower AS ({_FOLLOW.format(values=f'SELECT {_FOLLOW_ROW}{_IF_SAVED}')})")
        binds += [bindparam("following", type_=Boolean()), bindparam("followed_at", type_=at),
                  bindparam("blocked_at", type_=at)]
    elif follower == "consent":
        parts.append(f"follower AS ({_CONSENT.format(values=f'SELECT {_CONSENT_ROW}{_IF_SAVED}')})")
        binds.append(bindparam("consented_at", type_=at))
    return text(", ".join(parts) + " SELECT count(*) FROM saved").bindparams(*binds)


@cache
def _statements() -> _Sql:
    """The hot path's statements as text: SQLAlchemy caches them without rebuilding cache
    keys for every event (about a millisecond per event with insert().values())."""
    at, data = UTCDateTime(), JSON()
    read = ("SELECT state, data, version FROM conversations WHERE line_user_id = :id")
    columns = {"data": data}
    # Whether the marked event was processed is a scalar sub-select (true or NULL), not
    # EXISTS: inside an OR, PostgreSQL may run an EXISTS as a "hashed SubPlan" that reads
    # every processed event into a hash on every call, and it does so while the table has
    # no statistics yet (a new deployment, the load test's fresh database).
    marker_sql = (
        "INSERT INTO inflight (line_user_id, event_id, sent_ms, at_ms) "
        "VALUES (:user, :event_id, :sent_ms, :at_ms) ON CONFLICT (line_user_id) DO UPDATE "
        "SET event_id = excluded.event_id, sent_ms = excluded.sent_ms, "
        "at_ms = excluded.at_ms WHERE inflight.event_id = :event_id "
        "OR inflight.at_ms < :stale_ms OR "
        "(SELECT true FROM processed_events p WHERE p.event_id = inflight.event_id) "
        "RETURNING line_user_id")
    return _Sql(
        claim=text("INSERT INTO processed_events (event_id, received_at, status) "
                   "VALUES (:event_id, :received_at, :status) "
                   "ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
        .bindparams(bindparam("received_at", type_=at)),
        # PostgreSQL: the claim, and the person's conversation locked in a sub-select (a
        # first event gets claimed = 1 and no conversation columns)
        claim_lock=text(
            "WITH claim AS (INSERT INTO processed_events (event_id, received_at, status) "
            "VALUES (:event_id, :received_at, 'done') ON CONFLICT (event_id) DO NOTHING "
            "RETURNING 1) SELECT (SELECT count(*) FROM claim) AS claimed, c.state, c.data, "
            "c.version FROM (SELECT 1) AS one LEFT JOIN LATERAL (" + read + " FOR UPDATE) "
            "AS c ON true").bindparams(bindparam("received_at", type_=at)).columns(**columns),
        open=text("INSERT INTO conversations (line_user_id, state, data, updated_at, version) "
                  "VALUES (:id, 'idle', :data, :now, 1) "
                  "ON CONFLICT (line_user_id) DO NOTHING RETURNING line_user_id")
        .bindparams(bindparam("data", type_=data), bindparam("now", type_=at)),
        read=text(read).columns(**columns),
        read_locked=text(read + " FOR UPDATE").columns(**columns),
        save=text(_SAVE).bindparams(bindparam("data", type_=data), bindparam("now", type_=at)),
        # PostgreSQL: the conversation saved and, only if it was, the guard queued; the
        # answer is how many conversation rows were saved (1, or 0 when it changed meanwhile)
        save_guard=text(
            f"WITH saved AS ({_SAVE} RETURNING 1), {_QUEUED} SELECT count(*) FROM saved")
        .bindparams(bindparam("data", type_=data), bindparam("now", type_=at),
                    bindparam("messages", type_=data), bindparam("next_attempt_at", type_=at),
                    bindparam("created_at", type_=at)),
        # PostgreSQL, an event without effects (QuickChats): whether the event was seen, and
        # the conversation as it is (no lock: the write checks the version)
        quick_read=text(
            "SELECT EXISTS (SELECT 1 FROM processed_events WHERE event_id = :event_id) AS seen, "
            "c.state, c.data, c.version FROM (SELECT 1) AS one LEFT JOIN LATERAL (" + read +
            ") AS c ON true").columns(seen=Boolean(), **columns),
        # … the same with the person's in-flight marker taken first (`marker`), one round
        # trip for both (taken = 0: another event holds the marker, see OrderGate)
        quick_take_read=text(
            "WITH taken AS (" + marker_sql + ") SELECT (SELECT count(*) FROM taken) AS taken, "
            "EXISTS (SELECT 1 FROM processed_events WHERE event_id = :event_id) AS seen, "
            "c.state, c.data, c.version FROM (SELECT 1) AS one LEFT JOIN LATERAL (" + read +
            ") AS c ON true").columns(seen=Boolean(), **columns),
        marker=text(marker_sql),
        # a Follower object loaded earlier in the same session would not see these two:
        # the intake loads none
        follow=text(_FOLLOW.format(values=f"VALUES ({_FOLLOW_ROW})"))
        .bindparams(bindparam("following", type_=Boolean()),
                    bindparam("followed_at", type_=at), bindparam("blocked_at", type_=at)),
        consent=text(_CONSENT.format(values=f"VALUES ({_CONSENT_ROW})"))
        .bindparams(bindparam("consented_at", type_=at)),
        case_list=text(
            "SELECT c.tracking_no, c.status, c.category, c.received_at, c.due_date, "
            "COALESCE(u.short_th, u.name_th, c.unit_code) AS unit_name, e.kind, e.data "
            "FROM cases c LEFT JOIN units u ON u.code = c.unit_code "
            "LEFT JOIN case_events e ON e.id = (SELECT max(p.id) FROM case_events p "
            "WHERE p.case_id = c.id AND p.public = :public) "
            "WHERE c.line_user_id = :user ORDER BY c.id DESC")
        .bindparams(bindparam("public", type_=Boolean()))
        .columns(tracking_no=String(), status=String(), category=String(), received_at=at,
                 due_date=Date(), unit_name=String(), kind=String(), data=data),
        guard=text(f"{_GUARD_INSERT}VALUES ({_GUARD_ROW}) ON CONFLICT (dedupe_key) DO NOTHING")
        .bindparams(bindparam("messages", type_=data), bindparam("next_attempt_at", type_=at),
                    bindparam("created_at", type_=at)),
    )


class QuickChats:
    """PostgreSQL: a person's event whose step needs nothing but its own rows written, in two
    autocommit statements instead of a transaction (BEGIN, claim and lock, save, COMMIT):
    read the conversation unlocked, then write it only if its version is still the one
    read (or create it, for a first event), claiming the event, queueing the reply's guard
    and writing the follower (`FollowerWrite`) in the same statement. A step with other
    effects (filing a case, the case list, …) takes the transaction as before."""

    def __init__(self, connection: rawpg.Autocommit) -> None:
        self.connection = connection

    def read(self, event_id: str, line_user_id: str) -> tuple[bool, StoredChat | None]:
        """(the event was seen before, the person's conversation or None when they have none)."""
        seen, *chat = self.connection.execute(
            _statements().quick_read, {"event_id": event_id, "id": line_user_id}).fetchone()
        return bool(seen), _unseen_chat(line_user_id, seen, *chat)

    def take_and_read(self, line_user_id: str, event_id: str, marker: dict[str, Any]
                      ) -> tuple[bool, bool, StoredChat | None]:
        """`InflightMarkers.take` and `read` in one round trip: (the marker was taken, the
        event was seen before, the conversation or None)."""
        taken, seen, *chat = self.connection.execute(
            _statements().quick_take_read, {**marker, "id": line_user_id}).fetchone()
        return bool(taken), bool(seen), _unseen_chat(line_user_id, seen, *chat)

    def save(self, chat: StoredChat, event_id: str, state: str, data: dict[str, Any],
             now: datetime, guard: dict[str, Any] | None,
             follower: FollowerWrite | None = None) -> None:
        """Save the step (a conversation at version 0 is created), claim the event, queue
        the guard, write the follower: all or nothing. StaleDataError when the conversation
        changed since the read (or was created meanwhile); IntegrityError when a copy of the
        event was processed meanwhile (both conflicts: the caller starts over)."""
        values = {"id": chat.line_user_id, "state": state, "data": data, "now": now,
                  "version": chat.version, "next": chat.version + 1, "event_id": event_id,
                  "received_at": now, **(guard or {}), **(follower.params if follower else {})}
        sql = _quick_write(chat.version == 0, guard is not None,
                           follower.kind if follower else None)
        if self.connection.execute(sql, values, _JSON_PARAMS).fetchone()[0] != 1:
            raise StaleDataError(f"conversation changed since version {chat.version}")


@dataclass(frozen=True)
class FollowerWrite:
    """The follower row a quick write also makes: `following` (SetFollowing) or `consent`
    (RecordConsent), the same upserts as BotStore.set_following and record_consent."""

    kind: str  # follow | consent
    params: dict[str, Any]

    @classmethod
    def following(cls, following: bool, now: datetime) -> FollowerWrite:
        """Followed (again) now, or unfollowed/blocked now."""
        return cls("follow", {"following": following, "followed_at": now if following else None,
                              "blocked_at": None if following else now})

    @classmethod
    def consent(cls, version: str, at: datetime) -> FollowerWrite:
        """Consented to that version of the privacy notice at `at`."""
        return cls("consent", {"consent_version": version, "consented_at": at})


def _unseen_chat(line_user_id: str, seen: bool, state: str | None, data: Any,
                 version: int | None) -> StoredChat | None:
    """The conversation as read, unless the event was seen (a duplicate) or there is none."""
    if seen or version is None:
        return None
    return StoredChat(line_user_id, state or "", dict(data or {}), version)


class InflightMarkers:
    """A person's in-flight marker (core/conversation/ordering.py), in the `inflight` table,
    written outside any unit of work and without an ORM session: on PostgreSQL one
    autocommit statement on a pooled connection (no BEGIN and COMMIT round trips) into an
    UNLOGGED table (no WAL, no wait for the disk: a marker lost in a crash only lets a
    later event go first, as if there were no marker); on SQLite its own short
    transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pg = engine.dialect.name == "postgresql"

    @classmethod
    def of(cls, uow_factory: Callable[[], Any]) -> InflightMarkers:
        """The markers on the database a unit-of-work factory works on (no connection yet)."""
        with uow_factory() as uow:
            return cls(uow.session.get_bind())

    @contextmanager
    def autocommit(self) -> Iterator[rawpg.Autocommit | None]:
        """PostgreSQL: one pooled connection in autocommit mode for an event's marker and
        its quick path (QuickChats); None on SQLite."""
        if not self._pg:
            yield None
            return
        with rawpg.autocommit(self.engine) as connection:
            yield connection

    def take(self, line_user_id: str, event_id: str, sent_ms: int, now: datetime,
             stale_before: datetime, connection: rawpg.Autocommit | None = None) -> bool:
        """Mark an event of a person in flight unless the person's marker names another
        event still unfinished (not processed, not stale); True when taken. On PostgreSQL
        on the connection given (from `autocommit`), or on one of its own."""
        params = self.params(line_user_id, event_id, sent_ms, now, stale_before)
        if connection is not None:
            return connection.execute(_statements().marker, params).fetchone() is not None
        if self._pg:
            return rawpg.execute_autocommit(self.engine, _statements().marker,
                                            params) is not None
        with self.engine.begin() as connection:
            return connection.execute(_statements().marker, params).first() is not None

    @staticmethod
    def params(line_user_id: str, event_id: str, sent_ms: int, now: datetime,
               stale_before: datetime) -> dict[str, Any]:
        """The marker statement's parameters (`take`, `QuickChats.take_and_read`)."""
        return {"user": line_user_id, "event_id": event_id, "sent_ms": sent_ms,
                "at_ms": int(now.timestamp() * 1000),
                "stale_ms": int(stale_before.timestamp() * 1000)}

    def read(self, line_user_id: str) -> dict[str, Any]:
        """A person's in-flight marker: event_id, sent_ms, at_ms ({} when none)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(InflightMarker.event_id, InflightMarker.sent_ms, InflightMarker.at_ms)
                .where(InflightMarker.line_user_id == line_user_id)).first()
        return dict(row._mapping) if row else {}


def bot_store(session: Session) -> BotStore:
    """The intake queries bound to a session."""
    return BotStore(session)
