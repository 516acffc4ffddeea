"""The intake service: one webhook event in, the conversation advanced in one unit of work.

Per event: record its id (duplicates stop here), lock and load the person's conversation,
`advance`, carry out the effects (feeding their outcomes back), save, and queue the replies
as a guard push in the outbox, all in one transaction. The LINE edge then replies with the
reply token and marks the guard delivered, or lets the dispatcher push it.

On PostgreSQL a person's event whose step has no effects, or only a follower row to write
(following, consent), skips the transaction (`_quick`, `QuickChats`): the conversation is
read without a lock, and one statement saves it only if it is still at the version read
(creates it, for a person's first event), claiming the event, queueing the guard and
writing the follower with it; if it changed meanwhile, nothing is written and the event
goes through the transaction above.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.conversation import inputs
from core.conversation.context import MAX_EVIDENCE, Context
from core.conversation.effects import Executor, evidence_ids
from core.conversation.evidence import MAX_BYTES, EvidenceStore
from core.conversation.group import advance_group
from core.conversation.machine import advance
from core.conversation.ordering import OrderGate
from core.conversation.ports import ContentTooLarge, ContentUnavailable, Ports
from core.conversation.replies import Effect, RecordConsent, Reply, SetFollowing, Step
from core.conversation.states import accepts_evidence
from core.persistence.bot_store import (
    BotStore,
    FollowerWrite,
    InflightMarkers,
    QuickChats,
    StoredChat,
    is_conflict,
)
from core.persistence.uow import UnitOfWork
from core.services import notify

logger = logging.getLogger(__name__)
REPLY_TOKEN_TTL = timedelta(seconds=50)  # LINE: use a reply token within about a minute
REPLY_GRACE = timedelta(seconds=60)  # the guard push waits this long for the reply
MAX_OUTCOME_ROUNDS = 3
ATTEMPTS = 3


@dataclass(frozen=True)
class Inbound:
    """One webhook event, as the intake needs it."""

    event_id: str
    source: str  # user | group | room
    source_id: str  # the user, group or room ID (where replies go)
    user_id: str | None
    reply_token: str | None
    event: inputs.Input
    sent_at: datetime
    standby: bool = False
    redelivery: bool = False
    mentioned: bool = False


@dataclass
class Handled:
    """What the edge must do after the transaction: reply, or nothing."""

    duplicate: bool = False
    reply_token: str | None = None
    messages: list[dict] = field(default_factory=list)
    guard_key: str | None = None
    reply_by: datetime | None = None  # after this the reply token is not trusted


class IntakeService:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], ports: Ports,
                 evidence: EvidenceStore) -> None:
        self.uow_factory = uow_factory
        self.ports = ports
        self.evidence = evidence
        self.gate = OrderGate(InflightMarkers.of(uow_factory))

    def handle(self, inbound: Inbound, now: datetime) -> Handled:
        """Process one event exactly once, after the person's earlier ones (retrying a unit of
        work that lost a race); raises EventDeferred when an earlier event is unfinished."""
        if not (inbound.source == "user" and inbound.user_id and not inbound.standby):
            return self._attempts(inbound, self._download(inbound), now, None)
        user_id = inbound.user_id
        # PostgreSQL: one connection for the person's marker and the quick path
        with self.gate.markers.autocommit() as connection:
            chats = QuickChats(connection) if connection is not None else None
            first = None
            if chats is not None and not isinstance(inbound.event, inputs.Media):
                # the marker and the read in one round trip; if another event holds the
                # marker, the gate waits for it as usual
                taken, seen, chat = chats.take_and_read(user_id, inbound.event_id, self.gate.marker(
                    user_id, inbound.event_id, inbound.sent_at, now))
                first = (seen, chat) if taken else None
            if first is None:
                self.gate.enter(user_id, inbound.event_id, inbound.sent_at, now, connection)
            return self._attempts(inbound, self._download(inbound), now, chats, first)

    def _attempts(self, inbound: Inbound, event: inputs.Input, now: datetime,
                  chats: QuickChats | None = None,
                  first: tuple[bool, StoredChat | None] | None = None) -> Handled:
        for attempt in range(ATTEMPTS):
            try:
                ready = None
                if chats is not None and attempt == 0:  # after a lost race: the lock
                    handled, ready = self._quick(chats, inbound, event, now, first)
                    if handled is not None:
                        return handled
                return self._once(inbound, event, now, ready)
            except Exception as exc:
                if not is_conflict(exc) or attempt == ATTEMPTS - 1:
                    raise
                logger.info("event %s lost a race; retrying", inbound.event_id)
        raise AssertionError("unreachable")

    def _quick(self, chats: QuickChats, inbound: Inbound, event: inputs.Input, now: datetime,
               first: tuple[bool, StoredChat | None] | None = None
               ) -> tuple[Handled | None, tuple[int, Step] | None]:
        """A person's event whose step writes nothing but the conversation, the claim, the
        guard and at most a follower row, without a transaction (QuickChats): (what the
        edge must do, None). Otherwise (None, the step and the conversation version it was
        computed from, or None for a new person) for `_once`. `first` is what
        `take_and_read` read, if it did."""
        seen, chat = first or chats.read(inbound.event_id, inbound.user_id or "")
        if seen:
            return Handled(duplicate=True), None
        created = chat is None
        if chat is None:  # a first event: the write creates the conversation
            chat = StoredChat(inbound.user_id or "", "idle", {}, 0)
        step = advance(chat.state, chat.data, event, self._context(now, created=created))
        ready = None if created else (chat.version, step)
        follower = _follower_write(step.effects, now)
        if step.effects and follower is None:
            return None, ready
        rows, handled = self._guards(inbound, list(step.replies), now)
        if len(rows) > 1:
            return None, ready  # more replies than one push holds
        chats.save(chat, inbound.event_id, step.state, step.data, now, rows[0] if rows else None,
                   follower)
        return handled, None

    def record_failure(self, event_id: str, now: datetime) -> None:
        """Remember an event that failed, so a redelivery does not fail the same way again."""
        with self.uow_factory() as uow:
            BotStore(uow.session).claim_event(event_id, now, status="failed")
            uow.commit()

    def _once(self, inbound: Inbound, event: inputs.Input, now: datetime,
              ready: tuple[int, Step] | None = None) -> Handled:
        dropped: list[str] = []
        with self.uow_factory() as uow:
            store = BotStore(uow.session)
            if inbound.source == "user" and inbound.user_id and not inbound.standby:
                opened = store.claim_and_open(inbound.event_id, inbound.user_id, now)
                if opened is None:
                    return Handled(duplicate=True)
                chat, created = opened
                replies, dropped, state, data = self._converse(uow, store, inbound, event, now,
                                                               chat, created, ready)
                rows, handled = self._guards(inbound, replies, now)
                # the conversation and its first guard push in one round trip on PostgreSQL
                store.save_conversation(chat, state, data, now, guard=rows[0] if rows else None)
                rows = rows[1:]
            else:
                if not store.claim_event(inbound.event_id, now):
                    return Handled(duplicate=True)
                if inbound.standby:
                    if isinstance(event, inputs.Follow | inputs.Unfollow) and inbound.user_id:
                        store.set_following(inbound.user_id, isinstance(event, inputs.Follow),
                                            now)
                    uow.commit()
                    return Handled()
                rows, handled = self._guards(inbound, self._group(uow, store, inbound, event,
                                                                  now), now)
            for row in rows:
                store.add_guard(row)
            uow.commit()
        for key in dropped:
            self.evidence.delete(key)
        return handled

    def _converse(self, uow: UnitOfWork, store: BotStore, inbound: Inbound,
                  event: inputs.Input, now: datetime, row: StoredChat, created: bool,
                  ready: tuple[int, Step] | None = None
                  ) -> tuple[list[Reply], list[str], str, dict[str, Any]]:
        """Advance the conversation and carry out its effects: (replies, files to delete
        after commit, the new state and memory to save). `ready` is a step computed from
        the conversation at a version (`_quick`): reused if the row is still at it."""
        assert inbound.user_id is not None
        ctx = self._context(now, created)
        executor = Executor(uow, store, self.ports, inbound.user_id, now)
        if ready is not None and ready[0] == row.version and not created:
            step = ready[1]
        else:
            step = advance(row.state, row.data, event, ctx)
        replies = list(step.replies)
        for _ in range(MAX_OUTCOME_ROUNDS):
            outcomes = [o for o in map(executor.run, step.effects) if o is not None]
            if not outcomes:
                break
            for outcome in outcomes:
                step = advance(step.state, step.data, outcome, ctx)
                replies.extend(step.replies)
        return replies, executor.dropped_files, step.state, step.data

    def _context(self, now: datetime, created: bool) -> Context:
        return Context(now=now, notice=self.ports.notice, suggest=self.ports.suggest,
                       hospitals=self.ports.hospitals, first_contact=created,
                       confident=self.ports.confident)

    def _group(self, uow: UnitOfWork, store: BotStore, inbound: Inbound,
               event: inputs.Input, now: datetime) -> list[Reply]:
        replies, effects = advance_group(event, group_id=inbound.source_id,
                                         kind=inbound.source, mentioned=inbound.mentioned)
        executor = Executor(uow, store, self.ports, inbound.user_id or "", now)
        for effect in effects:
            if not isinstance(effect, SetFollowing):
                executor.run(effect)
        return replies

    def _guards(self, inbound: Inbound, replies: list[Reply], now: datetime
                ) -> tuple[list[dict[str, Any]], Handled]:
        """The replies as guard pushes for the outbox (not stored yet), and what the edge
        must do after the commit."""
        batches = self.ports.render(replies) if replies else []
        if not batches:
            return [], Handled()
        usable = bool(inbound.reply_token) and not inbound.redelivery and (
            now - inbound.sent_at) < REPLY_TOKEN_TTL
        audience = "reply" if inbound.source == "user" else "staff"
        key = f"reply:{inbound.event_id}"
        rows = [notify.outbox_row(
            key=key if index == 0 else f"{key}:{index}", to=inbound.source_id,
            audience=audience, kind="reply", messages=batch, now=now,
            not_before=now + (REPLY_GRACE if usable and index == 0 else timedelta(seconds=index)))
            for index, batch in enumerate(batches)]
        if not usable:
            logger.info("event %s answered by push (reply token unusable)", inbound.event_id)
            return rows, Handled()
        return rows, Handled(reply_token=inbound.reply_token, messages=batches[0], guard_key=key,
                             reply_by=inbound.sent_at + REPLY_TOKEN_TTL)

    def _download(self, inbound: Inbound) -> inputs.Input:
        """Fetch a photo or file now (LINE deletes content) when the draft will keep it."""
        event = inbound.event
        if not isinstance(event, inputs.Media) or inbound.source != "user" or inbound.standby:
            return event
        if event.refusal or event.stored:
            return event
        if event.kind not in ("image", "file"):
            return _refused(event, "bad_type")
        with self.uow_factory() as uow:
            store = BotStore(uow.session)
            if store.event_status(inbound.event_id) is not None:
                return event  # a redelivery: the claim will stop it
            peeked = store.peek_conversation(inbound.user_id or "")
        if not peeked or not accepts_evidence(*peeked):
            return event
        if evidence_ids(peeked[1]) >= MAX_EVIDENCE:
            return _refused(event, "too_many")
        if self.ports.content is None:
            return _refused(event, "failed")
        try:
            data = self.ports.content.fetch(event.message_id, MAX_BYTES)
        except ContentTooLarge:
            return _refused(event, "too_big")
        except ContentUnavailable:
            logger.warning("content of event %s could not be downloaded", inbound.event_id)
            return _refused(event, "failed")
        stored = self.evidence.save(data)
        if stored is None:
            return _refused(event, "bad_type")
        return inputs.Media(event.kind, event.message_id, event.file_name, stored=stored)


def _follower_write(effects: Sequence[Effect], now: datetime) -> FollowerWrite | None:
    """The step's follower row, when writing it is the step's one effect (the quick path
    writes it with the conversation), as Executor would write it."""
    if len(effects) != 1:
        return None
    match effects[0]:
        case SetFollowing(following=following):
            return FollowerWrite.following(following, now)
        case RecordConsent(version=version, at=at):
            return FollowerWrite.consent(version, at)
    return None


def _refused(event: inputs.Media, reason: str) -> inputs.Media:
    return inputs.Media(event.kind, event.message_id, event.file_name, refusal=reason)
