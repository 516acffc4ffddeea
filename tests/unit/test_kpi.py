"""KPI levels and months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.domain.kpi import Month, level, percent


@pytest.mark.parametrize(("value", "expected"), [
    (0.0, 0), (88.99, 0), (89.0, 1), (90.99, 1), (91.0, 2), (93.0, 3), (95.0, 4),
    (96.99, 4), (97.0, 5), (100.0, 5)])
def test_levels_at_89_91_93_95_97(value, expected):
    assert level(value) == expected


def test_percent():
    assert percent(3, 4) == 75.0
    assert percent(2, 3) == 66.67
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
