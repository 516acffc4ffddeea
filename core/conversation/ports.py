"""What the intake service needs from the outside world (the LINE edge provides them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from core.conversation.context import HospitalFinder, Notice, Suggestion
from core.conversation.replies import Reply


class ContentTooLarge(Exception):
    """The content is bigger than allowed; it was not (fully) downloaded."""


class ContentUnavailable(Exception):
    """The content could not be downloaded (gone, timeout, LINE error)."""


class ContentSource(Protocol):
    def fetch(self, message_id: str, max_bytes: int) -> bytes:
        """The bytes of a photo or file a person sent; raises ContentTooLarge/Unavailable."""
        ...


# Renders replies as batches of LINE message objects (at most five per batch).
Renderer = Callable[[Sequence[Reply]], list[list[dict[str, Any]]]]


@dataclass
class Ports:
    render: Renderer
    content: ContentSource | None
    suggest: Callable[[str], Sequence[Suggestion]]
    hospitals: HospitalFinder
    notice: Notice
    confident: Callable[[Sequence[Suggestion]], bool] = lambda ranked: bool(ranked)
