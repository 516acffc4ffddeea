"""Closed cases of a LINE user, the buttons of their closing message, and their timeline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from core.persistence.models import CaseEvent, OutboxMessage
from core.services.cases import NewCase, close_case, file_case
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser


def closed_case(runtime: Runtime, user: LineUser, description: str,
                closed_ago: timedelta = timedelta(0)) -> str:
    """An invented complaint of `user`, filed and closed (now, unless told); its number."""
    closed_at = utcnow() - closed_ago
    with runtime.uow() as uow:
        case = file_case(uow, NewCase(
            channel="phone", description=description, category="employer",
            received_at=closed_at - timedelta(days=3), first_name="มานี", last_name="มีนา",
            address="1 ถนนสุขุมวิท กรุงเทพฯ", province_code="10", phone="0898765432",
            line_user_id=user.id), now=closed_at - timedelta(days=3), actor="officer")
        close_case(uow, case, 1, "นายจ้างนำส่งเงินสมทบแล้ว", now=closed_at, actor="officer")
        uow.commit()
        return case.tracking_no


def closing_buttons(runtime: Runtime, tracking_no: str) -> list[str]:
    """The postback data of the latest closing message queued for the case."""
    with runtime.uow() as uow:
        case = uow.cases.by_tracking_no(tracking_no)
        row = uow.session.scalars(select(OutboxMessage).where(
            OutboxMessage.case_id == case.id, OutboxMessage.kind == "case_closed")
            .order_by(OutboxMessage.id.desc())).first()
        return [item["action"]["data"] for item in row.messages[-1]["quickReply"]["items"]]


def rating_buttons(runtime: Runtime, tracking_no: str) -> dict[int, str]:
    """Score -> postback data of the latest closing message's rating buttons."""
    return {int(data.split(":")[2]): data for data in closing_buttons(runtime, tracking_no)
            if data.startswith("rate:")}


def timeline(runtime: Runtime, tracking_no: str, kind: str) -> list[dict[str, Any]]:
    """The data of the case's timeline entries of one kind, oldest first."""
    with runtime.uow() as uow:
        case_id = uow.cases.by_tracking_no(tracking_no).id
        events = uow.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.id)).all()
        return [dict(e.data) for e in events]
