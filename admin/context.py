"""Per-request helpers of the staff pages: the runtime, the clock, the viewer, permissions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from flask import abort, current_app
from flask_login import current_user, login_required

from core.persistence.uow import UnitOfWork
from core.services.admin_cases import Viewer
from rongrian.runtime import Runtime, utcnow

F = TypeVar("F", bound=Callable[..., Any])


def runtime() -> Runtime:
    """The app's runtime (settings and database)."""
    return current_app.extensions["rongrian"]


def uow() -> UnitOfWork:
    """A fresh unit of work: `with uow() as work: …`."""
    return runtime().uow()


def now() -> datetime:
    """The current instant; tests may set RONGRIAN_CLOCK to a function returning one."""
    clock = current_app.config.get("RONGRIAN_CLOCK") or utcnow
    return clock()


def viewer() -> Viewer:
    """The signed-in staff member."""
    return current_user.viewer


def officer_required(view: F) -> F:
    """Only officers and administrators (viewers read, they do not change)."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not viewer().can_act:
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Only administrators."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not viewer().is_admin:
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]
