"""The first working day of a month: last month's report built, the Information Center told,
units with open items reminded before the 5th."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from core.domain.clock import local_date
from core.domain.kpi import Month
from core.domain.thaidate import thai_date
from core.persistence.scheduling import SchedulingStore, store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.calendar import calendar_for
from core.services.notify import enqueue
from core.services.recipients import information_center, unit_staff
from core.services.reports import FIRST_REPORTABLE, monthly_report

REPORT_DAY = 5  # the report reaches the Information Center by the 5th (DOMAIN.md)
CATCH_UP_MONTHS = 12  # after a long stop, at most this many months are built at once
SUMMARY_KEYS = ("received", "carried_in", "counted", "resolved_within_25", "carried_out",
                "percent", "level")


@dataclass(frozen=True)
class MonthlyResult:
    month: str | None
    built: bool = False
    told: int = 0
    reminded: int = 0
    months: tuple[str, ...] = ()  # every month built by this run, oldest first

    def summary(self) -> str:
        """One line for `rongrian tick`."""
        if self.month is None:
            return "nothing due (before the first working day of the month)"
        if len(self.months) > 1:
            built = f"reports {', '.join(self.months)} built"
        else:
            built = f"report {self.month} {'built' if self.built else 'already built'}"
        return (f"{built}; {self.told} Information Center message(s), "
                f"{self.reminded} unit reminder(s) queued")


def first_working_day(uow: UnitOfWork, day: date) -> date:
    """The first working day of the month `day` is in."""
    first = day.replace(day=1)
    calendar = calendar_for(uow, first)
    return first if calendar.is_working_day(first) else calendar.next_working_day(first)


def previous_month(day: date) -> Month:
    """The month before the one `day` is in."""
    return Month(day.year - 1, 12) if day.month == 1 else Month(day.year, day.month - 1)


def unbuilt_months(st: SchedulingStore, month: Month) -> list[Month]:
    """`month` and the months before it whose report was never built (a clock stopped over
    a month start), oldest first: back to the last one built, at most CATCH_UP_MONTHS, never
    before the first month any case was received in (nor FIRST_REPORTABLE)."""
    if st.kv_get(_key(month)) is not None:
        return []
    months, first = [month], st.first_received()
    floor = max(FIRST_REPORTABLE.first, first.replace(day=1) if first else month.first)
    while len(months) < CATCH_UP_MONTHS:
        earlier = previous_month(months[-1].first)
        if earlier.first < floor or st.kv_get(_key(earlier)) is not None:
            break
        months.append(earlier)
    return months[::-1]


def monthly_tasks(uow: UnitOfWork, now: datetime) -> MonthlyResult:
    """Build last month's report once (and those of months a stopped clock missed), tell
    the Information Center in one message, remind units. Idempotent."""
    today = local_date(now)
    if today < first_working_day(uow, today):
        return MonthlyResult(None)
    month = previous_month(today)
    st = store(uow.session)
    built: list[tuple[Month, dict[str, Any]]] = []
    for due in unbuilt_months(st, month):
        report = monthly_report(uow, due)
        saved = {"built_at": now.astimezone(UTC).isoformat(),
                 "summary": {k: report[k] for k in SUMMARY_KEYS}}
        st.kv_put(_key(due), saved, now)
        built.append((due, saved))
    month_th = _month_th(month)
    if len(built) > 1:
        text = texts.monthly_catch_up_to_ic([(_month_th(m), b["summary"]) for m, b in built])
    else:
        saved = built[0][1] if built else st.kv_get(_key(month))
        assert saved is not None  # left out by unbuilt_months: built before
        text = texts.monthly_to_ic(month_th, saved["summary"])
    told = 0
    for recipient in information_center(st):
        told += enqueue(uow, key=f"monthly:{month}:{recipient.role}", to=recipient.line_id,
                        audience="staff", kind="staff_monthly",
                        messages=[texts.text_message(text)], now=now)
    reminded = 0
    if today.day <= REPORT_DAY:
        by = today.replace(day=REPORT_DAY)
        for unit_code, count in sorted(st.open_received_by_unit(month.last).items()):
            unit = st.unit(unit_code)
            name = (unit.short_th or unit.name_th) if unit else unit_code
            reminder = texts.monthly_reminder(month_th, name, count, by)
            for recipient in unit_staff(st, unit_code):
                reminded += enqueue(
                    uow, key=f"monthly-reminder:{month}:{unit_code}:{recipient.role}",
                    to=recipient.line_id, audience="staff", kind="staff_monthly_reminder",
                    messages=[texts.text_message(reminder)], now=now)
    return MonthlyResult(str(month), bool(built), told, reminded,
                         tuple(str(m) for m, _ in built))


def _key(month: Month) -> str:
    return f"monthly_report:{month}"


def _month_th(month: Month) -> str:
    return thai_date(month.first).split(" ", 1)[1]
