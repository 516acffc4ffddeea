"""KPI levels and months."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.kpi import Month, level, percent


@pytest.mark.parametrize(("resolved", "counted", "expected"), [
    (0, 1, 0), (8899, 10000, 0), (89, 100, 1), (9099, 10000, 1), (91, 100, 2), (93, 100, 3),
    (95, 100, 4), (9699, 10000, 4), (97, 100, 5), (1, 1, 5), (0, 0, 0),
    (186, 209, 0),  # 88.995 %: rounds to 89.00 but does not reach it
    (19399, 20000, 4),  # 96.995 %
])
def test_levels_at_89_91_93_95_97_on_the_exact_ratio(resolved, counted, expected):
    assert level(resolved, counted) == expected


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_the_level_and_the_percent_shown_never_disagree(resolved, counted):
    resolved = min(resolved, counted)
    exact = Fraction(resolved * 100, counted)
    assert level(resolved, counted) == sum(1 for t in (89, 91, 93, 95, 97) if exact >= t)
    shown = percent(resolved, counted)
    assert exact - Fraction(1, 100) < Fraction(str(shown)) <= exact
    assert level(resolved, counted) == sum(1 for t in (89, 91, 93, 95, 97) if shown >= t)


def test_percent():
    assert percent(3, 4) == 75.0
    assert percent(2, 3) == 66.66
    assert percent(186, 209) == 88.99
    assert percent(0, 0) == 0.0


def test_month_parsing():
    assert Month.parse("2026-02").last == date(2026, 2, 28)
    assert Month.parse("2024-02").last == date(2024, 2, 29)
    for bad in ("2569-02", "2026-13", "2026/02", "feb"):
        with pytest.raises(ValueError):
            Month.parse(bad)


def test_earliest_receipt_is_the_exact_boundary():
    from core.domain.calendar import WorkCalendar
    from core.services.reports import earliest_receipt

    calendar = WorkCalendar.for_years(2025, 2027)
    first = date(2026, 3, 1)
    found = earliest_receipt(calendar, first, 25)
    assert calendar.deadline(found, 25) >= first
    assert calendar.deadline(found - timedelta(days=1), 25) < first
    assert found == date(2026, 1, 26)  # Fri 23-Sun 25 Jan give Fri 27 Feb; Mon 26 gives 2 Mar
