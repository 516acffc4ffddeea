"""`rongrian users create`."""

from __future__ import annotations

import argparse
import sys

from core.domain.errors import DomainError
from core.services.users import ROLES, UNIT_REQUIRED, create_user
from rongrian.errors import CommandError, UsageError
from rongrian.runtime import Runtime, utcnow


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("users", help="staff accounts")
    users = parser.add_subparsers(dest="users_command", required=True)
    create = users.add_parser("create", help="create a staff account")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=sorted(ROLES))
    create.add_argument("--unit", help="unit code (required for officer and viewer)")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input")
    create.set_defaults(func=run_create)


def run_create(args: argparse.Namespace) -> int:
    """Create an account with a password read from stdin."""
    if not args.password_stdin:
        raise UsageError("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        try:
            user = create_user(uow, username=args.username, role=args.role,
                               unit_code=args.unit, password=password, now=utcnow())
        except DomainError as exc:
            message = str(exc)
            raise CommandError(f"{message} (--unit)" if message == UNIT_REQUIRED else message
                               ) from None
        uow.commit()
        unit = f" ({user.unit_code})" if user.unit_code else ""
        print(f"created {user.role} {user.username}{unit}")
    return 0
