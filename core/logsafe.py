"""Logging a failure without its message: database errors quote the data they failed on."""

from __future__ import annotations

import traceback
from types import TracebackType


def trace(error: BaseException | TracebackType | None) -> str:
    """The traceback of an error (or a traceback) without the error's message."""
    tb = error.__traceback__ if isinstance(error, BaseException) else error
    return "".join(traceback.format_tb(tb))

