"""The Thai civil-service working-day calendar (DOMAIN.md, "Counting working days").

A working day is Monday-Friday that is not a civil-service holiday. Periods are counted
from the day after the receipt date: the receipt date is day 0, and a complaint received
on a weekend or holiday starts counting on the next working day.

`count` and `deadline` cost O(log H) (H = number of holidays): weekdays are counted in
closed form and holidays that fall on weekdays are found by bisection.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, NoReturn

from core.domain.holiday_corrections import NOT_CIVIL_SERVICE, corrections_for

_SAT = 5


@dataclass(frozen=True)
class HolidayOverride:
    """A staff change to the calendar: add a holiday or remove one."""

    day: date
    name: str
    action: Literal["add", "remove"]
    note: str = ""


class CalendarRangeError(ValueError):
    """A date falls outside the years the calendar knows the holidays of."""


def civil_service_holidays(year: int) -> dict[date, str]:
    """Civil-service holidays of `year` with Thai names, weekend holidays included."""
    return dict(_civil_service_holidays(year))


@functools.cache
def _civil_service_holidays(year: int) -> tuple[tuple[date, str], ...]:
    import holidays
    from holidays.constants import GOVERNMENT, PUBLIC

    base = holidays.country_holidays(
        "TH", years=year, categories=(PUBLIC, GOVERNMENT), language="th"
    )
    excluded = set(NOT_CIVIL_SERVICE) | {"ชดเชย" + name for name in NOT_CIVIL_SERVICE}
    result: dict[date, str] = {}
    for day in base:
        names = [n for n in base.get_list(day) if n not in excluded]
        if names:
            result[day] = "; ".join(names)
    for correction in corrections_for(year):
        if correction.action == "remove":
            result.pop(correction.day, None)
        else:
            result[correction.day] = correction.name
    return tuple(sorted(result.items()))


def _weekdays_through(ordinal: int) -> int:
    """Mon-Fri days with ordinal 1..`ordinal` (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


class WorkCalendar:
    """Working days: Monday-Friday minus the given holidays."""

    def __init__(
        self, holidays: Mapping[date, str], covers: tuple[date, date] | None = None
    ) -> None:
        """Holidays by date; `covers` (first, last) limits the dates it will answer for."""
        self._names = dict(holidays)
        self._all = sorted(d.toordinal() for d in self._names)
        self._weekday = [o for o in self._all if date.fromordinal(o).weekday() < _SAT]
        # Working days through each weekday holiday, a nondecreasing sequence.
        self._worked_at = [_weekdays_through(o) - i - 1 for i, o in enumerate(self._weekday)]
        self._covers = covers
        first, last = covers or (date.min, date.max)
        self._lo, self._hi = first.toordinal(), last.toordinal()

    @classmethod
    def for_years(
        cls, first: int, last: int, overrides: Iterable[HolidayOverride] = ()
    ) -> WorkCalendar:
        """The civil-service calendar for years first..last with staff overrides applied."""
        if last < first:
            raise ValueError(f"ช่วงปีไม่ถูกต้อง: {first}-{last}")
        merged: dict[date, str] = {}
        for year in range(first, last + 1):
            merged.update(_civil_service_holidays(year))
        overrides = list(overrides)
        for o in overrides:
            if o.action == "remove":
                merged.pop(o.day, None)
        for o in overrides:
            if o.action == "add":
                merged[o.day] = o.name
        return cls(merged, covers=(date(first, 1, 1), date(last, 12, 31)))

    @property
    def covers(self) -> tuple[date, date] | None:
        """The first and last date this calendar answers for, or None if unbounded."""
        return self._covers

    def _check(self, d: date) -> None:
        if not self._lo <= d.toordinal() <= self._hi:
            self._out_of_range(d)

    def _out_of_range(self, d: date) -> NoReturn:
        first, last = date.fromordinal(self._lo), date.fromordinal(self._hi)
        raise CalendarRangeError(
            f"วันที่ {d.isoformat()} อยู่นอกช่วงปฏิทินวันหยุดที่มี"
            f" ({first.isoformat()} ถึง {last.isoformat()})"
        )

    def _worked_through(self, ordinal: int) -> int:
        return _weekdays_through(ordinal) - bisect_right(self._weekday, ordinal)

    def holiday_name(self, d: date) -> str | None:
        """The Thai name of the holiday on `d`, or None."""
        self._check(d)
        return self._names.get(d)

    def is_working_day(self, d: date) -> bool:
        """True for Monday-Friday that is not a holiday."""
        self._check(d)
        return d.weekday() < _SAT and d not in self._names

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Holidays with start <= date <= end, weekend ones included, in date order."""
        self._check(start)
        self._check(end)
        lo = bisect_left(self._all, start.toordinal())
        hi = bisect_right(self._all, end.toordinal())
        days = (date.fromordinal(o) for o in self._all[lo:hi])
        return [(d, self._names[d]) for d in days]

    def count(self, start: date, end: date) -> int:
        """The number of working days d with start < d <= end; 0 when end <= start."""
        self._check(start)
        self._check(end)
        if end <= start:
            return 0
        return self._worked_through(end.toordinal()) - self._worked_through(start.toordinal())

    def deadline(self, received: date, n: int) -> date:
        """The date on which the n-th working day after `received` ends; n=0 gives `received`."""
        if n < 0:
            raise ValueError(f"จำนวนวันทำการต้องไม่ติดลบ: {n}")
        o = received.toordinal()
        if not self._lo <= o <= self._hi:
            self._out_of_range(received)
        if n == 0:
            return received
        # _worked_through inlined: this is the hot path.
        rest = o % 7
        target = 5 * (o // 7) + (rest if rest < 5 else 5) - bisect_right(self._weekday, o) + n
        # Weekday holidays before the answer are exactly those with fewer than
        # `target` working days through them.
        m = target + bisect_left(self._worked_at, target) - 1
        result = 7 * (m // 5) + m % 5 + 1  # the ordinal of the (m+1)-th Mon-Fri day
        if result > self._hi:
            self._out_of_range(date.fromordinal(result))
        return date.fromordinal(result)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        return self.deadline(d, 1)
