"""Unit of work: one transaction, the repositories that share it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from core.persistence.repositories import (
    CaseRepository,
    HolidayRepository,
    OutboxRepository,
    ReferenceRepository,
    UserRepository,
)


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: …; uow.commit()`; anything uncommitted rolls back."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

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
        self.session.rollback()
        self.session.close()

    def add(self, obj: object) -> None:
        """Add any model object to this unit of work."""
        self.session.add(obj)

    def flush(self) -> None:
        """Send pending changes (to get ids) without committing."""
        self.session.flush()

    def commit(self) -> None:
        """Commit everything done in this unit of work."""
        self.session.commit()

    def rollback(self) -> None:
        """Undo everything not yet committed."""
        self.session.rollback()
