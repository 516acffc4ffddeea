"""What the pure machine may consult besides its own memory: the time and read-only lookups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from core.domain.thaidate import thai_date

# A draft left idle this long is asked about ("continue or start over?") on return.
RESUME_AFTER = timedelta(hours=1)
# A draft is kept at least this long (the issue asks for 7 days), then forgotten.
DRAFT_TTL = timedelta(days=30)
MAX_EVIDENCE = 10
MAX_DESCRIPTION_CHARS = 10_000
LINK_MAX_ATTEMPTS = 5
LINK_LOCK = timedelta(hours=1)
# A reopen request whose reason has not come within this long is dropped (the next message
# is then not taken for a reason given long after the button).
REOPEN_REASON_TTL = timedelta(hours=1)


class Suggestion(Protocol):
    category: str
    score: float


class HospitalLike(Protocol):
    hospital_id: str
    name_th: str
    score: float


class HospitalFinder(Protocol):
    def match(self, text: str, limit: int = 3) -> Sequence[HospitalLike]: ...

    def clear_winner(self, top: Sequence[HospitalLike]) -> HospitalLike | None: ...


@dataclass(frozen=True)
class Notice:
    """The privacy notice in force."""

    version: str
    title: str
    text: str

    @property
    def edition_th(self) -> str:
        """The version as complainants read it: `ฉบับวันที่ 1 พฤศจิกายน 2569` for a dated
        version (`2026-11-01`), otherwise `ฉบับ <version>`."""
        try:
            return f"ฉบับวันที่ {thai_date(date.fromisoformat(self.version))}"
        except ValueError:
            return f"ฉบับ {self.version}"


@dataclass(frozen=True)
class Context:
    now: datetime
    notice: Notice
    suggest: Callable[[str], Sequence[Suggestion]]
    hospitals: HospitalFinder
    first_contact: bool = False
    confident: Callable[[Sequence[Suggestion]], bool] = lambda ranked: bool(ranked)


def rank(ctx: Context, text: str) -> tuple[str | None, list[str]]:
    """(best category, the three buttons to show; none when the suggester is unsure)."""
    ranked = list(ctx.suggest(text))
    best = ranked[0].category if ranked else None
    return best, [s.category for s in ranked[:3]] if ctx.confident(ranked) else []
