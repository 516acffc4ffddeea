"""Sending the outbox to LINE: claim, re-check, push with a stable retry key, record the outcome.

Outcomes (from the `Pusher`): 200 sent; 409 already delivered (an earlier try with the same
`X-Line-Retry-Key` got through); 5xx and timeouts retried with exponential backoff while the
retry key is younger than `KEY_LIFETIME`; 429 rate limit pauses every dispatcher briefly; 429
monthly quota and 401 pause sending and show on the admin pages; other 4xx, and retries that
would outlive the key, become dead letters that staff can see and retry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from core.persistence.models import Follower, OutboxMessage
from core.persistence.scheduling import SchedulingStore, store
from core.persistence.uow import UnitOfWork
from core.services.alerts import still_due
from core.services.dead_letters import (  # noqa: F401 - the admin pages import them from here
    list_dead_letters,
    outbox_health,
    retry_dead_letter,
)
from core.services.notify_policy import NotifyPolicy, load_notify_policy
from core.services.outbox_pause import (  # noqa: F401 - the admin pages import them from here
    PAUSE_KEY,
    active_pause,
    end_pause,
    last_pause,
    resume_sending,
    start_pause,
)
from core.services.recipients import Recipient
from core.services.retry_keys import key_usable_at

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=2)
SEND_WORKERS = 8
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 30  # and never past the retry key's lifetime (retry_keys.KEY_LIFETIME)
RATE_LIMIT_PAUSE = timedelta(seconds=30)
QUOTA_PAUSE = timedelta(hours=1)
AUTH_PAUSE = timedelta(minutes=10)
STALE_WHEN_CLOSED = frozenset({"staff_new", "staff_transfer"})
KEY_EXPIRED = ("หยุดลองส่งเพราะรหัสกันส่งซ้ำใกล้ครบ 24 ชั่วโมงที่ LINE จำไว้ "
               "(ส่งใหม่ได้ แต่หาก LINE รับไปแล้วผู้รับจะได้ข้อความซ้ำ)")


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"
    RETRY = "retry"
    RATE_LIMITED = "rate_limited"
    QUOTA = "quota"
    UNAUTHORIZED = "unauthorized"
    REJECTED = "rejected"


PAUSING = {Outcome.RATE_LIMITED: ("rate", RATE_LIMIT_PAUSE), Outcome.QUOTA: ("quota", QUOTA_PAUSE),
           Outcome.UNAUTHORIZED: ("auth", AUTH_PAUSE)}


@dataclass(frozen=True)
class PushResult:
    """What LINE answered (or that it did not)."""

    outcome: Outcome
    status: int | None = None
    detail: str = ""
    retry_after: float | None = None


class Pusher(Protocol):
    """Sends one push request; never raises for an HTTP or network failure; thread-safe."""

    def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> PushResult: ...


@dataclass
class DispatchResult:
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    cancelled: int = 0
    skipped: int = 0
    paused: str | None = None
    outcomes: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs and `rongrian tick`."""
        line = (f"{self.sent} sent, {self.retrying} to retry, {self.dead} dead, "
                f"{self.cancelled} cancelled (stale), {self.skipped} skipped (blocked)")
        return line + (f"; paused: {self.paused}" if self.paused else "")


@dataclass(frozen=True)
class _Ready:
    id: int
    to: str
    messages: list[dict[str, Any]]
    retry_key: str


def dispatch_pending(uow_factory: Callable[[], UnitOfWork], pusher: Pusher, now: datetime, *,
                     batch: int = 100, max_messages: int | None = None,
                     workers: int = SEND_WORKERS) -> DispatchResult:
    """Send every due message (up to `max_messages`); safe to run in several processes.

    Up to `workers` requests are in flight at once (LINE is a round trip away).
    """
    result = DispatchResult()
    handled = 0
    while max_messages is None or handled < max_messages:
        size = batch if max_messages is None else min(batch, max_messages - handled)
        with uow_factory() as uow:
            pause = store(uow.session).kv_get(PAUSE_KEY)
            if pause and datetime.fromisoformat(pause["until"]) > now:
                result.paused = pause["reason"]
                return result
            probing = bool(pause) and not pause.get("over")  # one message tests the water
            size = 1 if probing else size
            quiet = load_notify_policy(uow).in_quiet_hours(now)
            claimed = store(uow.session).claim(now, now + CLAIM_LEASE, size, not quiet)
            ready = _screen(uow, claimed, now, result)
            uow.commit()
        if not claimed:
            return result
        handled += len(claimed)
        answers = _send(pusher, ready, workers)
        with uow_factory() as uow:
            stop = _record(uow, [r.id for r in ready], answers, now, result)
            if probing and answers and not stop:
                end_pause(store(uow.session), now)
            uow.commit()
        if stop or len(claimed) < size:
            return result
    return result


def _send(pusher: Pusher, ready: list[_Ready], workers: int) -> dict[int, PushResult]:
    """Push each message; once LINE asks to pause, start no more (in-flight ones finish).
    Different recipients are pushed in parallel, one recipient's messages one after the
    other in the order they were queued (a progress note before the closing after it)."""
    stop = threading.Event()
    answers: dict[int, PushResult] = {}

    def one_recipient(items: list[_Ready]) -> None:
        for item in items:
            if stop.is_set():
                return
            answer = pusher.push(item.to, item.messages, item.retry_key)
            answers[item.id] = answer
            if answer.outcome in PAUSING:
                stop.set()

    by_recipient: dict[str, list[_Ready]] = {}
    for item in sorted(ready, key=lambda r: r.id):
        by_recipient.setdefault(item.to, []).append(item)
    groups = list(by_recipient.values())
    if workers <= 1 or len(groups) <= 1:
        for items in groups:
            one_recipient(items)
    else:
        with ThreadPoolExecutor(max_workers=min(workers, len(groups))) as pool:
            list(pool.map(one_recipient, groups))
    return answers


def _screen(uow: UnitOfWork, claimed: list[OutboxMessage], now: datetime,
            result: DispatchResult) -> list[_Ready]:
    """Drop stale staff alerts and pushes to people who blocked the bot, dead-letter those
    whose retry key is too old to send again; keep the rest (their key's clock started)."""
    st = store(uow.session)
    blocked = st.blocked_among([r.to for r in claimed if r.audience == "complainant"])
    ready = []
    targets: dict[tuple[str, bool], list[Recipient]] = {}  # each unit's recipients, once
    for row in claimed:
        if not _relevant(uow, st, row, now, targets):
            row.status, row.last_error = "cancelled", "เรื่องยุติหรือพ้นกำหนดแล้ว ไม่ต้องแจ้ง"
            result.cancelled += 1
        elif row.audience == "complainant" and row.to in blocked:
            row.status, row.last_error = "skipped", "ผู้ร้องบล็อกบัญชี LINE จึงส่งข้อความไม่ได้"
            _show_blocked(st, row, blocked[row.to], now)
            result.skipped += 1
        elif not key_usable_at(row.first_tried_at, now):  # a pause or a stopped clock
            row.status, row.last_error = "dead", KEY_EXPIRED
            result.dead += 1
            logger.warning("outbox %s dead: retry key too old to try again", row.id)
        else:
            row.first_tried_at = row.first_tried_at or now
            ready.append(_Ready(row.id, row.to, list(row.messages), row.retry_key))
    return ready


def _relevant(uow: UnitOfWork, st: SchedulingStore, row: OutboxMessage, now: datetime,
              targets: dict[tuple[str, bool], list[Recipient]]) -> bool:
    if row.dedupe_key.startswith("alert:"):
        return still_due(uow, row.dedupe_key, now, row.to, targets)
    if row.kind in STALE_WHEN_CLOSED and row.case_id is not None:
        state = st.case_state(row.case_id)
        return state is not None and state[0] != "closed"
    return True


def _show_blocked(st: SchedulingStore, row: OutboxMessage, follower: Follower,
                  now: datetime) -> None:
    """One timeline entry per block, so the case page shows why updates stopped."""
    if row.case_id is not None and not st.has_event_since(row.case_id, "line_blocked",
                                                          follower.blocked_at):
        st.add_case_event(row.case_id, now, "line_blocked",
                          {"note": "ผู้ร้องบล็อกบัญชี LINE ระบบจึงแจ้งความคืบหน้าทาง LINE ไม่ได้ "
                                   "กรุณาติดต่อทางโทรศัพท์"})


def _record(uow: UnitOfWork, ids: list[int], answers: dict[int, PushResult], now: datetime,
            result: DispatchResult) -> bool:
    """Write each outcome; put back what was not tried. True when sending must pause."""
    st = store(uow.session)
    pause: tuple[str, datetime, str] | None = None
    policy = load_notify_policy(uow)
    for row in st.outbox_rows(ids):
        answer = answers.get(row.id)
        if answer is None:  # not tried: a pause stopped the batch
            row.status = "pending"
            row.next_attempt_at = pause[1] if pause else now
            continue
        result.outcomes[answer.outcome] = result.outcomes.get(answer.outcome, 0) + 1
        if answer.outcome in (Outcome.SENT, Outcome.DUPLICATE):
            row.status, row.sent_at, row.attempts = "sent", now, row.attempts + 1
            row.last_error = None if answer.outcome == Outcome.SENT else "409: ส่งไปแล้วก่อนหน้านี้"
            result.sent += 1
        elif answer.outcome in PAUSING:
            reason, length = PAUSING[answer.outcome]
            wait = timedelta(seconds=answer.retry_after) if answer.retry_after else length
            pause = (reason, now + wait, answer.detail)
            row.status, row.next_attempt_at = "pending", pause[1]
            row.last_error = _error(answer)
        elif answer.outcome == Outcome.RETRY and row.attempts + 1 < MAX_ATTEMPTS and (
                key_usable_at(row.first_tried_at, _next_try(row, now, policy))):
            row.attempts += 1
            row.status, row.last_error = "pending", _error(answer)
            row.next_attempt_at = now + backoff(row.attempts, row.retry_key)
            result.retrying += 1
        else:
            row.attempts += 1
            row.status, row.last_error = "dead", _error(answer)
            if answer.outcome == Outcome.RETRY and row.attempts < MAX_ATTEMPTS:
                row.last_error = f"{row.last_error[:300]} ({KEY_EXPIRED})"
            result.dead += 1
            logger.warning("outbox %s dead after %s attempts (%s)", row.id, row.attempts,
                           answer.status)
    if pause:
        start_pause(st, pause[0], pause[1], pause[2], now)
        result.paused = pause[0]
    return pause is not None


def _next_try(row: OutboxMessage, now: datetime, policy: NotifyPolicy) -> datetime:
    """The earliest the next try can happen: after the backoff, and for a complainant not in
    quiet hours."""
    due = now + backoff(row.attempts + 1, row.retry_key)
    if row.audience == "complainant":
        due = policy.release_at(due) or due
    return due


def _error(answer: PushResult) -> str:
    return f"{answer.status or '-'} {answer.outcome}: {answer.detail}"[:500]


def backoff(attempts: int, retry_key: str) -> timedelta:
    """30 s, 1 min, 2 min … capped at an hour, spread ±10 % by the message's own key."""
    base = min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)
    spread = (int(retry_key.replace("-", "")[:8] or "0", 16) % 21 - 10) / 100
    return base * (1 + spread)
