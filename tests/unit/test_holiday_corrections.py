"""Each cabinet correction, and each rule, holds in `civil_service_holidays`."""

from datetime import date

import holidays
import pytest
from holidays.constants import GOVERNMENT, PUBLIC

from core.domain.calendar import civil_service_holidays
from core.domain.holiday_corrections import CORRECTIONS, NOT_CIVIL_SERVICE, corrections_for


def _id(c) -> str:
    return f"{c.day.isoformat()}-{c.action}-{c.source[:24]}"


@pytest.mark.parametrize("correction", CORRECTIONS, ids=_id)
def test_correction_holds(correction):
    got = civil_service_holidays(correction.day.year)
    if correction.action == "add":
        assert got.get(correction.day) == correction.name
    else:
        assert correction.day not in got


@pytest.mark.parametrize("correction", CORRECTIONS, ids=_id)
def test_correction_has_a_source(correction):
    assert "ครม." in correction.source
    assert correction.url.startswith("https://")


def test_corrections_for_picks_the_year():
    assert {c.day for c in corrections_for(2025)} == {date(2025, 6, 2), date(2025, 8, 11)}


@pytest.mark.parametrize("year", range(2015, 2036))
def test_labour_day_and_childrens_day_are_not_civil_service_holidays(year):
    got = civil_service_holidays(year)
    assert not [n for n in got.values() if any(x in n for x in NOT_CIVIL_SERVICE)]
    assert date(year, 5, 1) not in got  # no other holiday falls on 1 May in these years


def test_labour_day_substitute_is_dropped_too():
    # 1 May 2027 is a Saturday; the package gives Mon 3 May 2027 as its substitute.
    assert date(2027, 5, 3) not in civil_service_holidays(2027)


# Royal Ploughing Day is in the package's GOVERNMENT category. 2023: Ministry of
# Agriculture schedule (https://www.moac.go.th/royal_ploughing-schedule); 2024, 2025:
# news reports of the ceremony; 2026: the package's date, not independently verified.
@pytest.mark.parametrize(
    "day", [date(2023, 5, 17), date(2024, 5, 10), date(2025, 5, 9), date(2026, 5, 13)]
)
def test_royal_ploughing_day_is_included(day):
    assert civil_service_holidays(day.year)[day] == "วันพืชมงคล"


# What the corrections change, year by year, against holidays 0.109 (PUBLIC + GOVERNMENT,
# Thai names). If the package is upgraded and this fails, re-check the year against the
# cabinet's announcements before changing the expectation.
EXPECTED_CHANGES = {
    2023: {
        "removed": {date(2023, 1, 14), date(2023, 5, 1)},
        "renamed": {date(2023, 5, 5), date(2023, 7, 31), date(2023, 12, 29)},
    },
    2024: {
        "removed": {date(2024, 1, 13), date(2024, 5, 1)},
        "renamed": {date(2024, 4, 12), date(2024, 12, 30)},
    },
    2025: {
        "removed": {date(2025, 1, 11), date(2025, 5, 1)},
        "renamed": {date(2025, 6, 2), date(2025, 8, 11)},
    },
    2026: {
        "removed": {date(2026, 1, 10), date(2026, 5, 1)},
        "renamed": {date(2026, 1, 2)},
    },
    2027: {
        "removed": {date(2027, 1, 9), date(2027, 5, 1), date(2027, 5, 3)},
        "renamed": set(),
    },
}


@pytest.mark.parametrize("year", sorted(EXPECTED_CHANGES))
def test_difference_from_the_package_is_exactly_the_corrections(year):
    raw = holidays.country_holidays(
        "TH", years=year, categories=(PUBLIC, GOVERNMENT), language="th"
    )
    got = civil_service_holidays(year)
    assert set(got) - set(raw) == set()  # nothing added that the package lacks
    assert set(raw) - set(got) == EXPECTED_CHANGES[year]["removed"]
    renamed = {d for d in got if raw.get(d) != got[d]}
    assert renamed == EXPECTED_CHANGES[year]["renamed"]
