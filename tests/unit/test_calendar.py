"""The working-day calendar: worked examples, edge cases, and properties against a naive walk."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain import calendar as cal
from core.domain.calendar import (
    CalendarRangeError,
    HolidayOverride,
    WorkCalendar,
    civil_service_holidays,
)


@pytest.fixture(scope="module")
def thai() -> WorkCalendar:
    return WorkCalendar.for_years(2023, 2027)


# --- naive reference: one day at a time -------------------------------------------------


def naive_is_working(d: date, holidays: set[date]) -> bool:
    return d.weekday() < 5 and d not in holidays


def naive_count(start: date, end: date, holidays: set[date]) -> int:
    n, d = 0, start
    while d < end:
        d += timedelta(days=1)
        n += naive_is_working(d, holidays)
    return n


def naive_deadline(received: date, n: int, holidays: set[date]) -> date:
    d = received
    while n > 0:
        d += timedelta(days=1)
        n -= naive_is_working(d, holidays)
    return d


# --- civil_service_holidays --------------------------------------------------------------


def test_names_are_thai_whatever_the_process_locale(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(var, "en_US.UTF-8")
    cal._civil_service_holidays.cache_clear()
    try:
        assert civil_service_holidays(2026)[date(2026, 4, 13)] == "วันสงกรานต์"
    finally:
        cal._civil_service_holidays.cache_clear()


def test_weekend_holiday_and_its_substitute_are_both_listed():
    h = civil_service_holidays(2026)
    assert date(2026, 12, 5).weekday() == 5
    assert "วันพ่อแห่งชาติ" in h[date(2026, 12, 5)]
    assert h[date(2026, 12, 7)].startswith("ชดเชย")


def test_result_is_a_fresh_dict_each_call():
    h = civil_service_holidays(2026)
    h.clear()
    assert civil_service_holidays(2026)


def test_every_year_only_holds_its_own_dates():
    for year in range(2015, 2036):
        assert {d.year for d in civil_service_holidays(year)} == {year}


# --- worked examples ---------------------------------------------------------------------


def test_friday_before_songkran_2026(thai):
    # Fri 10 Apr 2026; Songkran 13-15 Apr; 1 May (Labour Day) is a working day;
    # 4 May coronation day and 13 May Royal Ploughing Day are holidays.
    assert thai.deadline(date(2026, 4, 10), 25) == date(2026, 5, 22)
    assert thai.count(date(2026, 4, 10), date(2026, 5, 22)) == 25


def test_received_on_saturday_counts_from_next_working_day(thai):
    assert thai.deadline(date(2026, 4, 11), 25) == date(2026, 5, 22)
    assert thai.deadline(date(2026, 4, 11), 1) == date(2026, 4, 16)


def test_received_on_a_holiday_counts_from_next_working_day(thai):
    assert thai.deadline(date(2026, 4, 13), 25) == date(2026, 5, 22)
    assert thai.deadline(date(2026, 4, 15), 1) == date(2026, 4, 16)


def test_received_on_a_working_day_is_day_zero(thai):
    assert thai.deadline(date(2026, 4, 16), 1) == date(2026, 4, 17)
    assert thai.deadline(date(2026, 4, 16), 25) == date(2026, 5, 25)


def test_year_end_with_special_holiday(thai):
    # 31 Dec 2025, 1 Jan 2026 and the special 2 Jan 2026 are holidays.
    assert thai.deadline(date(2025, 12, 30), 1) == date(2026, 1, 5)
    assert thai.count(date(2025, 12, 30), date(2026, 1, 5)) == 1


def test_labour_day_is_a_working_day_and_ploughing_day_is_not(thai):
    assert thai.is_working_day(date(2026, 5, 1))
    assert not thai.is_working_day(date(2026, 5, 13))
    assert thai.holiday_name(date(2026, 5, 13)) == "วันพืชมงคล"


def test_next_working_day(thai):
    assert thai.next_working_day(date(2025, 8, 8)) == date(2025, 8, 13)
    assert thai.next_working_day(date(2026, 4, 16)) == date(2026, 4, 17)


def test_holidays_between_is_inclusive_and_sorted(thai):
    got = thai.holidays_between(date(2026, 4, 13), date(2026, 4, 15))
    assert [d for d, _ in got] == [date(2026, 4, 13), date(2026, 4, 14), date(2026, 4, 15)]
    assert all(name == "วันสงกรานต์" for _, name in got)
    assert thai.holidays_between(date(2026, 4, 16), date(2026, 4, 30)) == []


# --- edge cases --------------------------------------------------------------------------


def test_count_is_zero_when_end_is_not_after_start(thai):
    assert thai.count(date(2026, 4, 16), date(2026, 4, 16)) == 0
    assert thai.count(date(2026, 5, 22), date(2026, 4, 10)) == 0


def test_count_of_the_next_day():
    c = WorkCalendar({})
    assert c.count(date(2026, 4, 16), date(2026, 4, 17)) == 1
    assert c.count(date(2026, 4, 17), date(2026, 4, 19)) == 0  # Fri -> Sun


def test_deadline_zero_is_the_receipt_date_even_on_a_weekend(thai):
    assert thai.deadline(date(2026, 4, 11), 0) == date(2026, 4, 11)


def test_negative_days_are_refused(thai):
    with pytest.raises(ValueError):
        thai.deadline(date(2026, 4, 10), -1)


def test_dates_outside_the_loaded_years_are_refused(thai):
    with pytest.raises(CalendarRangeError):
        thai.is_working_day(date(2022, 12, 30))
    with pytest.raises(CalendarRangeError):
        thai.count(date(2027, 12, 1), date(2028, 1, 5))
    with pytest.raises(CalendarRangeError):
        thai.deadline(date(2027, 12, 30), 5)
    with pytest.raises(CalendarRangeError):
        thai.deadline(date(2022, 12, 30), 0)
    assert thai.covers == (date(2023, 1, 1), date(2027, 12, 31))


def test_bad_year_range():
    with pytest.raises(ValueError):
        WorkCalendar.for_years(2026, 2025)


def test_overrides_remove_then_add():
    overrides = [
        HolidayOverride(date(2026, 6, 5), "วันหยุดพิเศษ (ทดสอบ)", "add", "มติ ครม. สมมติ"),
        HolidayOverride(date(2026, 5, 13), "วันพืชมงคล", "remove"),
        # Removing and adding the same date renames it.
        HolidayOverride(date(2026, 4, 6), "วันจักรี", "remove"),
        HolidayOverride(date(2026, 4, 6), "วันจักรี", "add"),
    ]
    c = WorkCalendar.for_years(2026, 2026, overrides)
    assert not c.is_working_day(date(2026, 6, 5))
    assert c.is_working_day(date(2026, 5, 13))
    assert c.holiday_name(date(2026, 4, 6)) == "วันจักรี"


# --- properties against the naive walk ---------------------------------------------------

START = date(2020, 1, 1)
days = st.integers(min_value=0, max_value=3 * 366).map(lambda i: START + timedelta(days=i))
holiday_sets = st.sets(days, max_size=120)


@settings(max_examples=300, deadline=None)
@given(holidays=holiday_sets, received=days, n=st.integers(min_value=0, max_value=60))
def test_deadline_matches_naive(holidays, received, n):
    c = WorkCalendar({d: "h" for d in holidays})
    assert c.deadline(received, n) == naive_deadline(received, n, holidays)


@settings(max_examples=300, deadline=None)
@given(holidays=holiday_sets, a=days, b=days)
def test_count_matches_naive(holidays, a, b):
    c = WorkCalendar({d: "h" for d in holidays})
    assert c.count(a, b) == naive_count(a, b, holidays)


@settings(max_examples=300, deadline=None)
@given(holidays=holiday_sets, received=days, n=st.integers(min_value=1, max_value=60))
def test_deadline_is_a_working_day_n_working_days_on(holidays, received, n):
    c = WorkCalendar({d: "h" for d in holidays})
    end = c.deadline(received, n)
    assert c.is_working_day(end)
    assert c.count(received, end) == n
    assert c.count(received, end - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(received=st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 10, 31)),
       n=st.integers(min_value=0, max_value=30))
def test_real_calendar_matches_naive(thai, received, n):
    holidays = set(d for y in range(2023, 2028) for d in civil_service_holidays(y))
    assert thai.deadline(received, n) == naive_deadline(received, n, holidays)
