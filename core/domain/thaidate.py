"""Dates as Thai people read them: Buddhist Era, Thai month names."""

from __future__ import annotations

from datetime import date, datetime

from pythainlp.util import thai_strftime


def thai_date(day: date) -> str:
    """`25 ธันวาคม 2569`."""
    return thai_strftime(datetime(day.year, day.month, day.day), "%-d %B %Y")


def thai_month(day: date) -> str:
    """`ธันวาคม 2569`: the month of a date."""
    return thai_strftime(datetime(day.year, day.month, 1), "%B %Y")


def thai_date_short(day: date) -> str:
    """`25 ธ.ค. 69`."""
    return thai_strftime(datetime(day.year, day.month, day.day), "%-d %b %y")


def thai_datetime(moment: datetime) -> str:
    """`25 ธ.ค. 2569 14:30 น.` in the moment's own zone (pass Bangkok time)."""
    return thai_strftime(moment, "%-d %b %Y %H:%M น.")
