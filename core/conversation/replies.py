"""What the conversation says and does, independent of LINE's message format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Choice:
    """A button: its label (also what a person may type) and the command it sends.

    `kind` is "postback" for ordinary buttons; "location" and "camera_roll" ask the LINE
    app to send a location or a photo instead.
    """

    label: str
    command: str = ""
    kind: str = "postback"


@dataclass(frozen=True)
class Say:
    """A text message, with buttons under it."""

    text: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    edit: Choice | None = None


@dataclass(frozen=True)
class Summary:
    """The complaint summary card: every field, an edit button each, confirm and cancel."""

    title: str
    rows: tuple[SummaryRow, ...]
    actions: tuple[Choice, ...]
    choices: tuple[Choice, ...] = ()


Reply = Say | Summary


# Effects: what the service does in the same unit of work.
@dataclass(frozen=True)
class RecordConsent:
    version: str
    at: datetime


@dataclass(frozen=True)
class SetFollowing:
    following: bool


@dataclass(frozen=True)
class FileComplaint:
    draft: dict[str, Any]
    consent_version: str | None
    consented_at: datetime | None


@dataclass(frozen=True)
class FileSuggestion:
    text: str


@dataclass(frozen=True)
class KeepEvidence:
    message_id: str
    kind: str
    file_name: str | None
    sha256: str
    size: int
    content_type: str
    storage_key: str


@dataclass(frozen=True)
class DropEvidence:
    message_id: str


@dataclass(frozen=True)
class ListCases:
    tracking_no: str | None = None  # the number the person asked about, if they gave one


@dataclass(frozen=True)
class LinkCase:
    tracking_no: str
    last4: str


@dataclass(frozen=True)
class LinkStaff:
    code: str


@dataclass(frozen=True)
class GiveFeedback:
    """A rating of a closed case or a request to reopen it (`rate:…`, `reopen:…` buttons)."""

    command: str


@dataclass(frozen=True)
class RequestReopen:
    """Record a reopen request with the person's reason (asked when the button was pressed)."""

    tracking_no: str
    reason: str
    asked_at: datetime


@dataclass(frozen=True)
class RecordGroup:
    """Remember a group or room the bot is in (staff groups are registered to units)."""

    group_id: str
    kind: str  # group | room
    joined: bool


Effect = (GiveFeedback | RequestReopen | RecordGroup | RecordConsent | SetFollowing
          | FileComplaint | FileSuggestion | KeepEvidence | DropEvidence | ListCases | LinkCase
          | LinkStaff)


@dataclass
class Step:
    """The result of one `advance`: the new state and memory, what to say, what to do."""

    state: str
    data: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
