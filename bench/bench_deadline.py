"""deadline(received, 25) calls per second: WorkCalendar against a day-by-day walk."""

import random
import time
from datetime import date, timedelta

from core.domain.calendar import WorkCalendar

DAYS = 25
TARGET_RATIO = 20.0


def _walk(received: date, n: int, holidays: set[date]) -> date:
    d = received
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in holidays:
            n -= 1
    return d


def _rate(fn, dates: list[date], min_seconds: float = 0.5) -> float:
    """Calls per second of fn over `dates`, repeated until `min_seconds` have passed."""
    calls, start = 0, time.perf_counter()
    while True:
        for d in dates:
            fn(d)
        calls += len(dates)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return calls / elapsed


def main() -> bool:
    """Print both rates and their ratio; return True if below the target ratio."""
    started = time.perf_counter()
    calendar = WorkCalendar.for_years(2015, 2035)
    built = time.perf_counter() - started
    holidays = {d for d, _ in calendar.holidays_between(date(2015, 1, 1), date(2035, 12, 31))}
    rng = random.Random(20260410)
    first, span = date(2015, 1, 1), (date(2035, 10, 31) - date(2015, 1, 1)).days
    dates = [first + timedelta(days=rng.randrange(span)) for _ in range(5000)]

    for d in dates[:500]:  # the two must agree before their speed means anything
        assert calendar.deadline(d, DAYS) == _walk(d, DAYS, holidays), d

    fast = _rate(lambda d: calendar.deadline(d, DAYS), dates)
    slow = _rate(lambda d: _walk(d, DAYS, holidays), dates)
    ratio = fast / slow
    print(f"calendar 2015-2035 built in {built * 1000:.1f} ms ({len(holidays)} holidays)")
    print(f"WorkCalendar.deadline(d, {DAYS}): {fast:,.0f} calls/s")
    print(f"day-by-day walk:             {slow:,.0f} calls/s")
    verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(f"ratio: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x) {verdict}")
    return ratio < TARGET_RATIO
