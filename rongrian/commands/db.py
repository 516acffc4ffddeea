"""`rongrian db upgrade`: migrations and reference data."""

from __future__ import annotations

import argparse

from sqlalchemy.exc import OperationalError

from core.persistence import db
from core.services.reference import load_reference
from rongrian.errors import CommandError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="database schema")
    db_sub = parser.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply migrations and load reference data")
    upgrade.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    """Apply every migration and insert missing reference data; safe to repeat."""
    runtime = Runtime.from_env()
    try:
        db.upgrade(runtime.engine)
    except OperationalError as exc:
        raise CommandError(f"cannot migrate the database: {exc.orig}") from None
    with db.migration_lock(runtime.engine), runtime.uow() as uow:
        result = load_reference(uow)
        uow.commit()
    print(f"database up to date; added {result.units} units, {result.hospitals} hospitals, "
          f"{result.rules} routing rules")
    return 0
