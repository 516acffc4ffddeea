"""`rongrian workdays deadline|count`: the civil-service working-day arithmetic."""

from __future__ import annotations

import argparse

from core.domain.calendar import CalendarRangeError
from core.services.calendar import calendar_for
from rongrian.commands._args import iso_date
from rongrian.errors import CommandError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("workdays", help="working-day arithmetic")
    work = parser.add_subparsers(dest="workdays_command", required=True)
    deadline = work.add_parser("deadline", help="the date N working days after a receipt date")
    deadline.add_argument("--received", required=True, type=iso_date)
    deadline.add_argument("--days", required=True, type=_non_negative)
    deadline.set_defaults(func=run_deadline)
    count = work.add_parser("count", help="working days d with FROM < d <= TO")
    count.add_argument("--from", dest="start", required=True, type=iso_date)
    count.add_argument("--to", dest="end", required=True, type=iso_date)
    count.set_defaults(func=run_count)


def _non_negative(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"--days takes a whole number >= 0, not {text!r}")
    return int(text)


def _calendar(day):  # noqa: ANN001, ANN202 - small local helper
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        return calendar_for(uow, day)


def run_deadline(args: argparse.Namespace) -> int:
    """Print the deadline date."""
    try:
        print(_calendar(args.received).deadline(args.received, args.days).isoformat())
    except CalendarRangeError as exc:
        raise CommandError(str(exc)) from None
    return 0


def run_count(args: argparse.Namespace) -> int:
    """Print the number of working days."""
    try:
        print(_calendar(args.end).count(args.start, args.end))
    except CalendarRangeError as exc:
        raise CommandError(str(exc)) from None
    return 0
