"""The working-day calendar as the database sees it: civil-service holidays plus overrides."""

from __future__ import annotations

import functools
from datetime import date, datetime

from core.domain import calendar as cal
from core.domain.clock import local_date
from core.persistence.models import HolidayOverride as OverrideRow
from core.persistence.uow import UnitOfWork

FIRST_YEAR = 2010
YEARS_AHEAD = 5


def calendar_for(uow: UnitOfWork, today: date | None = None) -> cal.WorkCalendar:
    """The calendar with every staff override, covering 2010 to five years past `today` and
    past the real today (a case open for years is reckoned from its receipt)."""
    last = max(today.year if today else 0, date.today().year, 2026) + YEARS_AHEAD
    overrides = tuple(
        cal.HolidayOverride(day=o.day, name=o.name, action=o.action, note=o.note)  # type: ignore[arg-type]
        for o in uow.holidays.overrides()
    )
    return _build(FIRST_YEAR, last, overrides)


@functools.lru_cache(maxsize=8)
def _build(first: int, last: int, overrides: tuple[cal.HolidayOverride, ...]) -> cal.WorkCalendar:
    return cal.WorkCalendar.for_years(first, last, overrides)


def holidays_of_year(uow: UnitOfWork, year: int) -> list[tuple[date, str]]:
    """The year's civil-service holidays after overrides, weekend holidays included."""
    calendar = calendar_for(uow, date(year, 1, 1))
    return calendar.holidays_between(date(year, 1, 1), date(year, 12, 31))


def add_holiday(
    uow: UnitOfWork, day: date, name: str, note: str, actor: str, now: datetime
) -> None:
    """Make a date a holiday (a cabinet special holiday, say) and move open deadlines."""
    _set_override(uow, day, "add", name, note, actor, now)


def remove_holiday(uow: UnitOfWork, day: date, note: str, actor: str, now: datetime) -> bool:
    """Make a date a working day again; False when it was no holiday. A date staff added
    is simply taken out again, unless it is also a holiday of the calendar itself (staff
    renamed it): then it is overridden as a working day, as any other holiday."""
    existing = uow.holidays.get(day)
    if existing is not None and existing.action == "add":
        uow.holidays.delete(existing)
        uow.flush()
        if calendar_for(uow, day).holiday_name(day) is None:
            return True
    elif calendar_for(uow, day).holiday_name(day) is None:
        return False
    _set_override(uow, day, "remove", "", note, actor, now)
    return True


def _set_override(
    uow: UnitOfWork, day: date, action: str, name: str, note: str, actor: str, now: datetime
) -> None:
    existing = uow.holidays.get(day)
    if existing is not None:
        uow.holidays.delete(existing)
        uow.flush()
    uow.holidays.add(
        OverrideRow(day=day, action=action, name=name, note=note, created_by=actor, created_at=now)
    )
    uow.flush()


def today_local(now: datetime) -> date:
    """The Bangkok date of `now`."""
    return local_date(now)
