"""`rongrian units list|link-line`."""

from __future__ import annotations

import argparse
import re

from rongrian.errors import CommandError, UsageError
from rongrian.runtime import Runtime

LINE_ID = re.compile(r"^[UCR][0-9a-f]{32}$")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("units", help="SSO units")
    units = parser.add_subparsers(dest="units_command", required=True)
    listing = units.add_parser("list", help="one unit a line: CODE<TAB>Thai name")
    listing.set_defaults(func=run_list)
    link = units.add_parser("link-line", help="the LINE group or user that gets a unit's alerts")
    link.add_argument("--unit", required=True)
    link.add_argument("--line-id", required=True, help="a LINE user (U…) or group (C…) ID")
    link.set_defaults(func=run_link)


def run_list(args: argparse.Namespace) -> int:
    """Print every unit."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        for unit in uow.reference.units():
            print(f"{unit.code}\t{unit.name_th}")
    return 0


def run_link(args: argparse.Namespace) -> int:
    """Register where a unit's staff alerts go."""
    if not LINE_ID.match(args.line_id):
        raise UsageError("--line-id must be a LINE user ID (U + 32 hex) or group ID (C + 32 hex)")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        unit = uow.reference.unit(args.unit)
        if unit is None:
            raise CommandError(f"no unit with code {args.unit}")
        unit.line_group_id = args.line_id
        uow.commit()
    print(f"{args.unit} alerts go to {args.line_id}")
    return 0
