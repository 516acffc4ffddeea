"""The 08:30 digest on working days: each unit's cases due today, overdue, awaiting contact."""

from __future__ import annotations

from datetime import datetime, time

from core.domain.clock import BANGKOK, local_date
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.calendar import calendar_for
from core.services.notify import enqueue_many, outbox_row
from core.services.recipients import INFORMATION_CENTER, information_center, unit_staff

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
    rows, unheard = [], []
    due = st.due_counts_by_unit(today)
    awaiting = st.awaiting_contact_by_unit(texts.LIST_MAX)
    for unit in sorted(set(due) | set(awaiting)):
        due_today, overdue = due.get(unit, (0, 0))
        if not (due_today or overdue or unit in awaiting):
            continue
        row = st.unit(unit)
        name = (row.short_th or row.name_th) if row else unit
        recipients = unit_staff(st, unit)
        if not recipients:  # nobody of this unit is on LINE: a line in the IC's summary
            if row is None or row.kind != INFORMATION_CENTER:
                unheard.append(texts.unheard_unit(name, due_today, overdue,
                                                  awaiting.get(unit, (0, []))[0]))
            continue
        text = texts.digest(
            name, today,
            texts.Listing(due_today, st.due_in_unit(unit, today, False, texts.LIST_MAX)),
            texts.Listing(overdue, st.due_in_unit(unit, today, True, texts.LIST_MAX)),
            texts.Listing(*awaiting.get(unit, (0, []))), now)
        rows += [outbox_row(key=f"digest:{unit}:{today.isoformat()}:{r.role}", to=r.line_id,
                            audience="staff", kind="staff_digest",
                            messages=[texts.text_message(text)], now=now) for r in recipients]
    if unheard:  # one push a day, not one per such unit (a new deployment has dozens)
        messages = [texts.text_message(t) for t in texts.unheard_digest(today, unheard)]
        rows += [outbox_row(key=f"digest:unheard:{today.isoformat()}:{r.role}", to=r.line_id,
                            audience="staff", kind="staff_digest", messages=messages, now=now)
                 for r in information_center(st)]
    return enqueue_many(uow, rows)
