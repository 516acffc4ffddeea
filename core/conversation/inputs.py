"""What the conversation reacts to: a person's messages and the outcomes of its effects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Text:
    text: str
    message_id: str | None = None


@dataclass(frozen=True)
class Command:
    """A button press (postback data) or a rich-menu choice."""

    command: str


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    content_type: str
    storage_key: str


@dataclass(frozen=True)
class Media:
    """A photo, file, video or audio message; `stored` when it was downloaded and kept."""

    kind: str  # image | file | video | audio
    message_id: str
    file_name: str | None = None
    stored: StoredFile | None = None
    refusal: str | None = None  # too_big | bad_type | failed | too_many: why it was not kept


@dataclass(frozen=True)
class Sticker:
    pass


@dataclass(frozen=True)
class Location:
    address: str
    latitude: float
    longitude: float
    title: str | None = None


@dataclass(frozen=True)
class Follow:
    pass


@dataclass(frozen=True)
class Unfollow:
    pass


@dataclass(frozen=True)
class Join:
    """The bot was added to a group or room."""


@dataclass(frozen=True)
class Leave:
    """The bot was removed from a group or room."""


@dataclass(frozen=True)
class Unsend:
    message_id: str


@dataclass(frozen=True)
class Edited:
    """A text message the person edited (LINE sends the new text with the same id)."""

    message_id: str
    text: str


@dataclass(frozen=True)
class Unsupported:
    """Any other message or event (video call, beacon, …)."""

    kind: str


# Outcomes of effects, fed back into the machine by the service.
@dataclass(frozen=True)
class Filed:
    tracking_no: str
    unit_name: str
    due_date: date
    contact_due_at: datetime
    formal: bool


@dataclass(frozen=True)
class FilingFailed:
    reason_th: str


@dataclass(frozen=True)
class CaseLine:
    tracking_no: str
    status_th: str
    category_th: str
    received: date
    due_date: date
    progress_th: str | None
    closed: bool


@dataclass(frozen=True)
class CaseList:
    cases: tuple[CaseLine, ...] = field(default_factory=tuple)
    asked: str | None = None  # the tracking number the person asked about


@dataclass(frozen=True)
class LinkResult:
    ok: bool
    tracking_no: str
    # the number and phone digits were right, but the case follows another LINE account
    linked_elsewhere: bool = False


@dataclass(frozen=True)
class StaffLinkResult:
    ok: bool
    username: str | None = None


@dataclass(frozen=True)
class ReopenAllowed:
    """The person may ask for this closed case to be reopened, until `by`: ask the reason."""

    tracking_no: str
    by: date


@dataclass(frozen=True)
class Answer:
    """A Thai sentence an effect produced for the person (e.g. thanks for a rating)."""

    text: str


Input = (Text | Command | Media | Sticker | Location | Follow | Unfollow | Join | Leave | Unsend
         | Edited | Unsupported
         | Filed | FilingFailed | CaseList | LinkResult | StaffLinkResult | ReopenAllowed
         | Answer)
