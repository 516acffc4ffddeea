"""The 08:30 digest on working days: each unit's cases due today, overdue, awaiting contact."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from core.domain.clock import BANGKOK, end_of_day, local_date, start_of_day
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.calendar import calendar_for
from core.services.notify import enqueue
from core.services.recipients import unit_staff

DIGEST_TIME = time(8, 30)


def digest_due(uow: UnitOfWork, now: datetime) -> bool:
    """True on a working day from 08:30 Bangkok."""
    today = local_date(now)
    if now.astimezone(BANGKOK).time() < DIGEST_TIME:
        return False
    return calendar_for(uow, today).is_working_day(today)


def daily_digests(uow: UnitOfWork, now: datetime) -> int:
    """Queue today's digest for every unit with something due; returns how many were queued."""
    if not digest_due(uow, now):
        return 0
    today = local_date(now)
    st = store(uow.session)
    due_today: dict[str, list[str]] = defaultdict(list)
    overdue: dict[str, list[str]] = defaultdict(list)
    awaiting: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    today_ends, today_starts = end_of_day(today), start_of_day(today)
    for unit, _case_id, tracking_no, due_at in st.final_due_by_unit(today_ends):
        (overdue if due_at <= today_starts else due_today)[unit].append(tracking_no)
    for unit, _case_id, tracking_no, contact_due in st.awaiting_contact():
        awaiting[unit].append((tracking_no, contact_due))
    queued = 0
    for unit in sorted(set(due_today) | set(overdue) | set(awaiting)):
        row = st.unit(unit)
        name = (row.short_th or row.name_th) if row else unit
        text = texts.digest(name, today, due_today[unit], overdue[unit], awaiting[unit], now)
        for recipient in unit_staff(st, unit):
            queued += enqueue(uow, key=f"digest:{unit}:{today.isoformat()}:{recipient.role}",
                              to=recipient.line_id, audience="staff", kind="staff_digest",
                              messages=[texts.text_message(text)], now=now)
    return queued
