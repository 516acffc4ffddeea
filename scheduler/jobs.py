"""The clock's jobs: each opens a unit of work and calls a core service with an explicit `now`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from core.domain.clock import iso_bangkok
from core.persistence.uow import UnitOfWork
from core.services.alerts import CLOCK_SKEW, behind_by, scan_milestones
from core.services.digests import daily_digests, digest_due
from core.services.monthly import monthly_tasks
from core.services.outbox import Pusher, dispatch_pending
from core.services.privacy import daily_retention

UowFactory = Callable[[], UnitOfWork]
JOB_NAMES = ("scan", "digest", "monthly", "retention", "dispatch")


class ClockBehind(Exception):
    """`now` is before the instant the clock already ran as of: nothing may run."""

    def __init__(self, now: datetime, last: datetime) -> None:
        super().__init__(
            f"{iso_bangkok(now)} is before {iso_bangkok(last)}, the last instant the clock "
            f"ran as of (more than {int(CLOCK_SKEW.total_seconds() // 60)} minutes): "
            "the jobs would tell stale news; nothing was run or sent")
        self.now, self.last = now, last


def check_not_behind(uow_factory: UowFactory, now: datetime) -> None:
    """Raise ClockBehind when `now` is too far before the clock's last scan."""
    with uow_factory() as uow:
        last = behind_by(uow, now)
    if last is not None:
        raise ClockBehind(now, last)


def scan(uow_factory: UowFactory, now: datetime) -> str:
    """Queue the milestone alerts and complainant updates due since the last scan."""
    with uow_factory() as uow:
        result = scan_milestones(uow, now)
        uow.commit()
    return (f"{result.found} due alert(s) in {iso_bangkok(result.since)} .. "
            f"{iso_bangkok(result.now)}; {result.staff} staff message(s) and "
            f"{result.complainant} complainant update(s) queued")


def digest(uow_factory: UowFactory, now: datetime) -> str:
    """Queue today's unit digests (working days from 08:30)."""
    with uow_factory() as uow:
        if not digest_due(uow, now):
            return "not due (working days from 08:30)"
        queued = daily_digests(uow, now)
        uow.commit()
    return f"{queued} digest message(s) queued"


def monthly(uow_factory: UowFactory, now: datetime) -> str:
    """Build last month's report on the first working day; tell the Information Center."""
    with uow_factory() as uow:
        result = monthly_tasks(uow, now)
        uow.commit()
    return result.summary()


def retention(uow_factory: UowFactory, now: datetime, files_root: Path | None = None) -> str:
    """Once a day: anonymise closed cases past retention, forget idle drafts (PDPA)."""
    with uow_factory() as uow:
        summary = daily_retention(uow, now, files_root)
        uow.commit()
    return summary


def dispatch(uow_factory: UowFactory, pusher: Pusher, now: datetime,
             max_messages: int | None = None) -> str:
    """Send what the outbox holds that is due."""
    return dispatch_pending(uow_factory, pusher, now, max_messages=max_messages).summary()


def tick(uow_factory: UowFactory, pusher: Pusher | None, now: datetime,
         files_root: Path | None = None) -> list[tuple[str, str]]:
    """Every job once as of `now`, in order; (name, one-line summary) for each. ClockBehind,
    with nothing run, when `now` is before the clock's last scan."""
    check_not_behind(uow_factory, now)
    out = [("scan", scan(uow_factory, now)), ("digest", digest(uow_factory, now)),
           ("monthly", monthly(uow_factory, now)),
           ("retention", retention(uow_factory, now, files_root))]
    if pusher is None:
        out.append(("dispatch", "skipped (--no-dispatch)"))
    else:
        out.append(("dispatch", dispatch(uow_factory, pusher, now)))
    return out
