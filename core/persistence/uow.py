"""Unit of work: one transaction, the repositories that share it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from core.persistence.repositories import (
    CaseRepository,
    HolidayRepository,
    OutboxRepository,
    ReferenceRepository,
    UserRepository,
)

logger = logging.getLogger(__name__)


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: …; uow.commit()`; anything uncommitted rolls back."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.cases = CaseRepository(self.session)
        self.reference = ReferenceRepository(self.session)
        self.holidays = HolidayRepository(self.session)
        self.users = UserRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._after_commit.clear()
        self.session.rollback()
        self.session.close()

    def add(self, obj: object) -> None:
        """Add any model object to this unit of work."""
        self.session.add(obj)

    def flush(self) -> None:
        """Send pending changes (to get ids) without committing."""
        self.session.flush()

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once this unit of work commits (never if it rolls back): for what
        cannot be undone, such as deleting a file the rows being changed name."""
        self._after_commit.append(action)

    def commit(self) -> None:
        """Commit everything done in this unit of work, then its after-commit actions."""
        self.session.commit()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            try:
                action()
            except OSError as exc:  # committed already: say so, and go on with the rest
                logger.error("an action after commit failed: %s", type(exc).__name__)

    def rollback(self) -> None:
        """Undo everything not yet committed, and forget its after-commit actions."""
        self._after_commit.clear()
        self.session.rollback()
