"""The composition root: settings, database and units of work, built once per process."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config.settings import Settings, SettingsError
from core.domain.sla import select_policy
from core.persistence import db
from core.persistence.uow import UnitOfWork
from rongrian.errors import CommandError


@dataclass(eq=False)
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    closers: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Runtime:
        """Read settings and build the engine (no connection is made yet)."""
        try:
            settings = Settings.from_env(os.environ if env is None else env)
        except SettingsError as exc:
            raise CommandError(str(exc)) from None
        select_policy(settings.sla_policy)
        engine = db.make_engine(settings.database_url)
        runtime = cls(settings, engine, db.make_session_factory(engine))
        _LIVE.append(runtime)
        return runtime

    def close(self) -> None:
        """Stop what uses the database (background threads), then close its connections."""
        while self.closers:
            self.closers.pop()()
        self.engine.dispose()

    def uow(self) -> UnitOfWork:
        """A fresh unit of work."""
        return UnitOfWork(self.sessions)

    def require_migrated(self) -> None:
        """Fail with one line when the database is unreachable or not migrated."""
        try:
            revisions = db.current_revisions(self.engine)
            reachable = db.ping(self.engine)
        except OperationalError:
            reachable, revisions = False, set()
        if not reachable:
            raise CommandError(f"cannot reach the database ({_safe_url(self.engine)})")
        if not revisions:
            raise CommandError("the database is not migrated: run `rongrian db upgrade`")
        known, heads = db.code_revisions()
        at = ", ".join(sorted(revisions))
        if revisions - known:
            raise CommandError(f"the database is at migration {at}, which this version of "
                               "rongrian does not know: a newer version migrated it")
        if heads - revisions:
            raise CommandError(f"the database is at migration {at}, older than this version "
                               f"of rongrian ({', '.join(sorted(heads))}): run "
                               "`rongrian db upgrade`")


_LIVE: list[Runtime] = []


def close_all() -> None:
    """Close every runtime built in this process (the CLI calls it when a command ends)."""
    while _LIVE:
        _LIVE.pop().close()


def utcnow() -> datetime:
    """The current instant, aware."""
    return datetime.now(UTC)


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
