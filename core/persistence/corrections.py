"""Staff category corrections, oldest first, for retraining the suggester."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persistence.models import CategoryCorrection


def all_corrections(session: Session) -> Iterator[CategoryCorrection]:
    """Every correction, in the order staff made them."""
    query = select(CategoryCorrection).order_by(CategoryCorrection.corrected_at,
                                                CategoryCorrection.id)
    yield from session.scalars(query).yield_per(1000)
