"""Small helpers of the scheduler tests: run a job at an instant, read the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.persistence.models import OutboxMessage
from core.persistence.uow import UnitOfWork
from core.services import cases as svc
from core.services.alerts import ScanResult, scan_milestones
from tests.integration.helpers import bkk, file

UowFactory = Callable[[], UnitOfWork]
__all__ = ["bkk", "file", "scan", "outbox", "keys", "act", "texts"]


def scan(make_uow: UowFactory, when: datetime) -> ScanResult:
    """One milestone scan, committed."""
    with make_uow() as uow:
        result = scan_milestones(uow, when)
        uow.commit()
        return result


def outbox(make_uow: UowFactory, kind: str | None = None) -> list[OutboxMessage]:
    """Outbox rows (of one kind), in queue order."""
    with make_uow() as uow:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        rows = list(uow.session.scalars(query))
        uow.session.expunge_all()
        return rows


def keys(make_uow: UowFactory, kind: str = "staff_alert") -> list[str]:
    """Dedupe keys of the queued rows of a kind, without the case id."""
    return [":".join(r.dedupe_key.split(":")[2:]) for r in outbox(make_uow, kind)]


def texts(make_uow: UowFactory, kind: str) -> list[str]:
    """The first text of each queued row of a kind."""
    return [r.messages[0]["text"] for r in outbox(make_uow, kind)]


def act(make_uow: UowFactory, case_id: int, action: str, when: datetime, *args: Any,
        **kwargs: Any) -> None:
    """Run a case action (`close_case`, `mark_contacted`, …) and commit."""
    with make_uow() as uow:
        case = svc.get_case(uow, case_id)
        getattr(svc, action)(uow, case, *args, now=when, actor="officer", **kwargs)
        uow.commit()
