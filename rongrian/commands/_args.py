"""Argument types shared by the commands: dates, months, instants, with Buddhist-Era hints."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

from core.domain.errors import DomainError
from core.domain.kpi import Month
from core.domain.people import normalize_phone


def _gregorian(value: date) -> date | None:
    """The same day 543 years earlier, or None when it does not exist (29 February)."""
    try:
        return value.replace(year=value.year - 543)
    except ValueError:
        return None


def iso_date(text: str) -> date:
    """YYYY-MM-DD in the Gregorian calendar; a Buddhist-Era year gets a hint."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"dates are YYYY-MM-DD, not {text!r}") from None
    _refuse_buddhist_era(text, value)
    return value


def instant(text: str) -> datetime:
    """An ISO-8601 instant with its zone (`2026-03-02T09:00:00+07:00`), Gregorian."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--now must be ISO-8601 like 2026-03-02T09:00:00+07:00, not {text!r}") from None
    if value.tzinfo is None:  # suggest a whole instant; for a date alone, 09:00 that day
        example = value if ":" in text else value.replace(hour=9)
        raise argparse.ArgumentTypeError(
            f"--now needs a time zone (e.g. {example.isoformat(timespec='seconds')}+07:00)")
    _refuse_buddhist_era(text, value)
    return value


def _refuse_buddhist_era(text: str, value: date | datetime) -> None:
    """A year above 2400 is a Buddhist-Era year typed by mistake: say the Gregorian one."""
    if value.year <= 2400:
        return
    fixed = _gregorian(value)
    shown = ((fixed.isoformat(timespec="seconds") if isinstance(fixed, datetime)
              else fixed.isoformat()) if fixed else value.year - 543)
    raise argparse.ArgumentTypeError(
        f"{text} looks like a Buddhist-Era year; use the Gregorian year ({shown})")


FUTURE_SLACK = timedelta(minutes=5)


def past_instant(text: str) -> datetime:
    """An instant as `instant`, no later than a few minutes from now (irreversible commands)."""
    value = instant(text)
    if value > datetime.now(UTC) + FUTURE_SLACK:
        raise argparse.ArgumentTypeError(
            f"--now {text} is in the future; this command cannot be undone, "
            "so give the current time or an earlier one")
    return value


def month(text: str) -> Month:
    """YYYY-MM."""
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def year(text: str) -> int:
    """A Gregorian year; a Buddhist-Era one gets a hint."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a year is four digits, not {text!r}")
    value = int(text)
    if value > 2400:
        raise argparse.ArgumentTypeError(f"{value} is a Buddhist-Era year; use {value - 543}")
    if not 1900 < value < 2200:
        raise argparse.ArgumentTypeError(f"year out of range: {value}")
    return value


def phone(text: str) -> str:
    """A Thai phone number, in its digits-only national form."""
    try:
        return normalize_phone(text)
    except DomainError:
        raise argparse.ArgumentTypeError(
            f"--phone must be a Thai phone number such as 0812345678 or 021234567, "
            f"not {text!r}") from None
