"""Bangkok time: every date the system shows or computes is in Asia/Bangkok."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def local_date(moment: datetime) -> date:
    """The Bangkok calendar date of an aware instant."""
    return moment.astimezone(BANGKOK).date()


def end_of_day(day: date) -> datetime:
    """The instant a Bangkok calendar day ends (midnight that starts the next day), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), BANGKOK).astimezone(UTC)


def start_of_day(day: date) -> datetime:
    """The instant a Bangkok calendar day starts, in UTC."""
    return datetime.combine(day, time(0), BANGKOK).astimezone(UTC)


def buddhist_year(day: date) -> int:
    """The Buddhist-Era year (CE + 543)."""
    return day.year + 543


def iso_bangkok(moment: datetime | None) -> str | None:
    """ISO-8601 with +07:00, as the export and API show times."""
    return moment.astimezone(BANGKOK).isoformat() if moment else None


def require_aware(moment: datetime) -> datetime:
    """Refuse naive datetimes: every instant in the system carries its zone."""
    if moment.tzinfo is None:
        raise ValueError("a time zone is required (e.g. +07:00)")
    return moment.astimezone(UTC)
