"""The clock process: APScheduler runs the jobs; a database lease lets exactly one clock act.

Every few seconds each started clock tries to take or renew the lease `clock` (a row in
`leases` with an expiry), on a heartbeat of its own, so a long job (a dispatch while LINE
is slow) does not let the lease lapse under it. Only the holder runs jobs; if it dies,
another takes over when the lease expires, and a clean shutdown hands the lease back at
once. The jobs are safe to repeat anyway (dedupe keys, claimed outbox rows), so the lease
is about doing the work once, not about correctness.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from core.domain.clock import BANGKOK
from core.logsafe import trace
from core.persistence.bot_store import is_unavailable
from core.persistence.scheduling import store
from core.services.outbox import Pusher
from scheduler import jobs

logger = logging.getLogger(__name__)

LEASE_NAME = "clock"
LEASE_TTL = timedelta(seconds=60)
SCAN_EVERY = 60  # seconds: milestones, digests, monthly
DISPATCH_EVERY = 5  # seconds: the outbox safety net (the web process dispatches at once)
DISPATCH_BATCH = 2000
DOWN_NOTE_EVERY = timedelta(seconds=60)  # while the database is down: one line a minute


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Clock:
    """The jobs of one clock process, each run only while this clock holds the lease."""

    def __init__(self, uow_factory: jobs.UowFactory, pusher: Pusher, *,
                 holder: str | None = None, now: Callable[[], datetime] = _utcnow,
                 lease_ttl: timedelta = LEASE_TTL, files_root: Path | None = None) -> None:
        self.uow_factory = uow_factory
        self.files_root = files_root  # instance/attachments: retention deletes files there
        self.pusher = pusher
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.now = now
        self.lease_ttl = lease_ttl
        self.leading = False
        self.runs: list[str] = []  # names of the jobs this clock ran (tests and logs)
        self.down_since: datetime | None = None  # when the lease last became unreachable
        self._down_noted = datetime.min.replace(tzinfo=UTC)  # the last "still down" line
        self._lease_lock = threading.Lock()  # the heartbeat and the jobs renew from threads

    def lead(self) -> bool:
        """Take or renew the lease; True while this clock is the one that acts."""
        with self._lease_lock:
            return self._lead()

    def _lead(self) -> bool:
        now = self.now()
        try:
            with self.uow_factory() as uow:
                held = store(uow.session).acquire_lease(LEASE_NAME, self.holder, now,
                                                        now + self.lease_ttl)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - a database hiccup: stand down, try again later
            self._database_failed(exc, now)
            held = False
        else:
            self._database_answered(now)
        if held != self.leading:
            if held:
                logger.info("clock %s took the lease", self.holder)
            else:
                logger.warning("clock %s lost the lease", self.holder)
        self.leading = held
        return held

    def _database_failed(self, exc: Exception, now: datetime) -> None:
        """One ERROR when the lease cannot be reached, a short reminder each DOWN_NOTE_EVERY
        while it stays so (the heartbeat and the dispatch try every few seconds)."""
        if self.down_since is None:
            self.down_since = self._down_noted = now
            logger.error("clock %s cannot reach the database: %s; standing down until it "
                         "answers", self.holder, _failure(exc))
        elif now - self._down_noted >= DOWN_NOTE_EVERY:
            self._down_noted = now
            logger.warning("clock %s: the database is still unreachable (%d s, %s)",
                           self.holder, (now - self.down_since).total_seconds(),
                           type(exc).__name__)

    def _database_answered(self, now: datetime) -> None:
        if self.down_since is not None:
            logger.info("clock %s: the database answers again (after %d s)", self.holder,
                        (now - self.down_since).total_seconds())
            self.down_since = None

    def scan_tick(self) -> None:
        """Milestone alerts, digests and the monthly tasks, as of now."""
        if not self.lead():
            return
        now = self.now()
        try:
            jobs.check_not_behind(self.uow_factory, now)
        except jobs.ClockBehind as exc:  # the system clock stepped back: wait until it catches up
            logger.warning("clock %s skips the scan jobs: %s", self.holder, exc)
            return
        except Exception:  # noqa: BLE001 - a database hiccup: the jobs meet it and log it too
            logger.warning("clock %s could not read the last scan", self.holder, exc_info=True)
        for name, job in (("scan", jobs.scan), ("digest", jobs.digest),
                          ("monthly", jobs.monthly)):
            self._run(name, job, self.uow_factory, now)
        self._run("retention", jobs.retention, self.uow_factory, now, self.files_root)

    def dispatch_tick(self) -> None:
        """Send what is due in the outbox."""
        if self.lead():
            self._run("dispatch", jobs.dispatch, self.uow_factory, self.pusher, self.now(),
                      DISPATCH_BATCH)

    def release(self) -> None:
        """Hand the lease back (a clean stop lets the next clock start at once)."""
        try:
            with self.uow_factory() as uow:
                store(uow.session).release_lease(LEASE_NAME, self.holder)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - it expires by itself anyway
            logger.warning("clock %s could not release the lease: %s", self.holder,
                           _failure(exc))
        self.leading = False

    def _run(self, name: str, job: Callable[..., str], *args: Any) -> None:
        try:
            summary = job(*args)
        except Exception as exc:  # noqa: BLE001 - one failed run must not stop the clock
            logger.error("clock job %s failed: %s", name, _failure(exc))
            return
        self.runs.append(name)
        level = logging.INFO if _did_something(summary) else logging.DEBUG
        logger.log(level, "clock %s: %s", name, summary)


def _failure(exc: BaseException) -> str:
    """The error's class, and its frames unless the database is simply unreachable; never
    its message (a database error's message quotes the row it failed on)."""
    if is_unavailable(exc):
        return f"{type(exc).__name__} (database unavailable)"
    return f"{type(exc).__name__}\n{trace(exc)}".rstrip("\n")


_COUNT = re.compile(r"(?<![\w:.+-])(\d+) (?=[^\W\d])")  # "3 sent", not a date or a time


def _did_something(summary: str) -> bool:
    """True when a job's summary counts something (INFO); idle runs, every few seconds, are
    DEBUG."""
    return any(int(count) for count in _COUNT.findall(summary))


def schedule(clock: Clock, scheduler: BaseScheduler) -> BaseScheduler:
    """Add the clock's repeating jobs to an APScheduler scheduler (all start at once): the
    lease heartbeat (four times a lease), the scan and the outbox dispatch."""
    first = datetime.now(BANGKOK)
    options: dict[str, Any] = dict(max_instances=1, coalesce=True, misfire_grace_time=30,
                                   next_run_time=first)
    scheduler.add_job(clock.lead, "interval",
                      seconds=clock.lease_ttl.total_seconds() / 4, id="lease", **options)
    scheduler.add_job(clock.scan_tick, "interval", seconds=SCAN_EVERY, id="scan", **options)
    scheduler.add_job(clock.dispatch_tick, "interval", seconds=DISPATCH_EVERY, id="dispatch",
                      **options)
    return scheduler


def run(runtime: Any) -> None:
    """Run the clock until SIGTERM or SIGINT (`rongrian clock`)."""
    from bot.line_push import make_pusher  # the composition: the real LINE pusher

    pusher = make_pusher(runtime.settings)
    clock = Clock(runtime.uow, pusher,
                  files_root=runtime.settings.instance_path / "attachments")
    scheduler = schedule(clock, BlockingScheduler(timezone=BANGKOK))

    def stop(*_: object) -> None:
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("clock %s started", clock.holder)
    try:
        scheduler.start()
    finally:
        clock.release()
        close = getattr(pusher, "close", None)
        if close:
            close()
