"""Argument types shared by the commands: dates, months, with Buddhist-Era hints."""

from __future__ import annotations

import argparse
from datetime import date

from core.domain.kpi import Month


def iso_date(text: str) -> date:
    """YYYY-MM-DD in the Gregorian calendar; a Buddhist-Era year gets a hint."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"dates are YYYY-MM-DD, not {text!r}") from None
    if value.year > 2400:
        fixed = value.replace(year=value.year - 543) if value.year - 543 > 0 else value
        raise argparse.ArgumentTypeError(
            f"{text} looks like a Buddhist-Era year; use the Gregorian year ({fixed.isoformat()})"
        )
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
