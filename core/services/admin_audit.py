"""The audit trail of the staff pages: who viewed or changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.persistence.models import AuditEntry
from core.persistence.uow import UnitOfWork


def record(uow: UnitOfWork, *, actor: str, action: str, now: datetime,
           case_id: int | None = None, **detail: Any) -> None:
    """Stage one audit row in the caller's unit of work (committed with the change).

    `detail` must not hold personal data itself (names, phones, search terms): say what
    kind of thing was seen or changed, not its content.
    """
    uow.add(AuditEntry(at=now, actor=actor, action=action, case_id=case_id, detail=detail))
