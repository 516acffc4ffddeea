"""Builders for invented complainants and cases."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from core.domain.clock import BANGKOK
from core.persistence.models import Case
from core.persistence.uow import UnitOfWork
from core.services.cases import NewCase, file_case


def bkk(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware instant from a Bangkok wall-clock time."""
    return datetime.combine(datetime(year, month, day).date(), time(hour, minute), BANGKOK)


def new_case(**overrides: Any) -> NewCase:
    """A formal complaint from an invented person in Chon Buri."""
    fields: dict[str, Any] = dict(
        channel="phone", description="นายจ้างหักเงินสมทบแต่ไม่นำส่งสำนักงานประกันสังคม",
        category="employer", received_at=bkk(2026, 3, 2), title="นางสาว",
        first_name="สมใจ", last_name="ทดลองดี", address="99/9 หมู่ 3 ต.บ้านสวน อ.เมืองชลบุรี",
        province_code="20", phone="081-234-5678",
    )
    fields.update(overrides)
    return NewCase(**fields)


def file(make_uow: Any, now: datetime | None = None, **overrides: Any) -> int:
    """File a case in its own unit of work; returns its id."""
    with make_uow() as uow:
        case = file_case(uow, new_case(**overrides), now=now or datetime.now(UTC), actor="test")
        uow.commit()
        return case.id


def load(uow: UnitOfWork, case_id: int) -> Case:
    """A case that must exist."""
    case = uow.cases.get(case_id)
    assert case is not None
    return case
