"""`rongrian tick --now ISO-8601`: every scheduled job once, as of that instant."""

from __future__ import annotations

import argparse

from rongrian.commands._args import instant
from rongrian.errors import CommandError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tick", help="run every scheduled job once as of an instant")
    parser.add_argument("--now", required=True, type=instant, help="ISO-8601 with a zone")
    parser.add_argument("--no-dispatch", action="store_true",
                        help="queue alerts but send nothing to LINE")
    parser.set_defaults(func=run_tick)


def run_tick(args: argparse.Namespace) -> int:
    """Run scan, digest, monthly and dispatch; one line per job. An instant before the one
    the clock already ran as of is refused (exit 1), nothing run."""
    from bot.line_push import make_pusher
    from scheduler.jobs import ClockBehind, tick

    runtime = Runtime.from_env()
    runtime.require_migrated()
    pusher = None if args.no_dispatch else make_pusher(runtime.settings)
    try:
        files = runtime.settings.instance_path / "attachments"
        for name, summary in tick(runtime.uow, pusher, args.now, files):
            print(f"{name}: {summary}", flush=True)
    except ClockBehind as exc:  # checked before any job runs: nothing was queued or sent
        raise CommandError(f"--now {exc}") from None
    finally:
        close = getattr(pusher, "close", None)
        if close:
            close()
    return 0
