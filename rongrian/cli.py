"""The `rongrian` command line: one argparse tree, one module per command group."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from core.domain.calendar import CalendarRangeError
from rongrian import logs
from rongrian.errors import CommandError

# Each module exposes `register(subparsers)` and sets `func(args) -> int | None` on its parsers.
COMMAND_MODULES = (
    "rongrian.commands.serve",
    "rongrian.commands.db",
    "rongrian.commands.users",
    "rongrian.commands.workdays",
    "rongrian.commands.holidays",
    "rongrian.commands.classify",
    "rongrian.commands.cases",
    "rongrian.commands.units",
    "rongrian.commands.report",
    "rongrian.commands.tick",
    "rongrian.commands.line",
    "rongrian.commands.privacy",
)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def build_parser() -> OneLineParser:
    """The whole command tree."""
    parser = OneLineParser(prog="rongrian", description="SSO complaint intake over LINE")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rongrian` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.configure(logging.DEBUG if args.debug else getattr(args, "log_level", logging.WARNING))
    try:
        return _run(args)
    finally:
        from rongrian.runtime import close_all

        close_all()


def _run(args: argparse.Namespace) -> int:
    try:
        result = args.func(args)
    except CommandError as exc:
        if args.debug:
            raise
        sys.stderr.write(f"rongrian: {exc}\n")
        return exc.exit_code
    except CalendarRangeError as exc:  # a date outside the holiday calendar: a plain reason
        if args.debug:
            raise
        sys.stderr.write(f"rongrian: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `rongrian cases export | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # noqa: BLE001 - the contract: one line, never a traceback
        if args.debug:
            raise
        sys.stderr.write(f"rongrian: {type(exc).__name__}: {exc}".splitlines()[0] + "\n")
        return 1
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
