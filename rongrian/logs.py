"""How every process logs: to stderr, one line a record with time, level and logger name."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET = ("apscheduler",)  # a line per job run at INFO: only its warnings are kept


def configure(level: int) -> None:
    """Log to stderr from `level` up, unless logging is set up already (tests, a host's own)."""
    if logging.getLogger().handlers:
        return
    logging.basicConfig(level=level, format=FORMAT)
    if level > logging.DEBUG:
        for name in QUIET:
            logging.getLogger(name).setLevel(max(level, logging.WARNING))
