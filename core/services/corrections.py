"""Staff category changes as labelled data for the suggester (`classify --retrain`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from core.classify.corpus import Correction
from core.persistence.corrections import all_corrections
from core.persistence.uow import UnitOfWork


def export_corrections(uow: UnitOfWork) -> Iterator[dict[str, Any]]:
    """One JSONL row per correction: the case text with the category staff chose.

    When a text was corrected more than once, only its latest category is kept.
    """
    latest: dict[str, Correction] = {}
    for row in all_corrections(uow.session):
        latest[row.text] = Correction(text=row.text, category=row.to_category,
                                      from_category=row.from_category,
                                      corrected_at=row.corrected_at)
    for correction in latest.values():
        yield correction.to_json()
