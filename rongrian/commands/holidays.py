"""`rongrian holidays list|add|remove`: the civil-service calendar and staff overrides."""

from __future__ import annotations

import argparse

from core.services import calendar as calendar_service
from core.services.cases import MovedDeadlines, recompute_deadlines
from rongrian.commands._args import iso_date, year
from rongrian.errors import CommandError
from rongrian.runtime import Runtime, utcnow


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("holidays", help="civil-service holidays")
    hol = parser.add_subparsers(dest="holidays_command", required=True)
    listing = hol.add_parser("list", help="one holiday a line: YYYY-MM-DD<TAB>Thai name")
    listing.add_argument("--year", required=True, type=year)
    listing.set_defaults(func=run_list)
    add = hol.add_parser("add", help="declare a holiday (e.g. a cabinet special holiday)")
    add.add_argument("--date", required=True, type=iso_date)
    add.add_argument("--name", required=True)
    add.add_argument("--note", default="", help="e.g. the cabinet resolution")
    add.add_argument("--by", default="cli", help="who made the change")
    add.set_defaults(func=run_add)
    remove = hol.add_parser("remove", help="make a holiday a working day again")
    remove.add_argument("--date", required=True, type=iso_date)
    remove.add_argument("--note", default="")
    remove.add_argument("--by", default="cli")
    remove.set_defaults(func=run_remove)


def run_list(args: argparse.Namespace) -> int:
    """Print the year's holidays, weekend ones included."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        for day, name in calendar_service.holidays_of_year(uow, args.year):
            print(f"{day.isoformat()}\t{name}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add a holiday and move the deadlines of open cases."""
    if not args.name.strip():
        raise CommandError("--name must not be empty")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    now = utcnow()
    with runtime.uow() as uow:
        calendar_service.add_holiday(uow, args.date, args.name.strip(), args.note, args.by, now)
        moved = recompute_deadlines(uow, args.date, now=now, actor=args.by)
        uow.commit()
    print(f"added {args.date.isoformat()}; {_moved(moved)}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a holiday and move the deadlines of open cases."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    now = utcnow()
    with runtime.uow() as uow:
        if not calendar_service.remove_holiday(uow, args.date, args.note, args.by, now):
            raise CommandError(f"{args.date.isoformat()} is not a holiday")
        moved = recompute_deadlines(uow, args.date, now=now, actor=args.by)
        uow.commit()
    print(f"removed {args.date.isoformat()}; {_moved(moved)}")
    return 0


def _moved(moved: MovedDeadlines) -> str:
    """`3 open case deadline(s) moved (2 case(s): final 1, progress 2)`."""
    line = f"{moved.milestones} open case deadline(s) moved"
    if not moved.milestones:
        return line
    kinds = ", ".join(f"{kind} {n}" for kind, n in moved.by_kind.items())
    return f"{line} ({moved.cases} case(s): {kinds})"
