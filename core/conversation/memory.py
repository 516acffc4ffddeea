"""What the conversation remembers between messages (stored in `conversations.data`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache
from typing import Any


@dataclass
class Draft:
    """A complaint being written: every field the person has given so far."""

    parts: list[dict[str, Any]] = field(default_factory=list)  # {"id": message id, "text"}
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {"id", "kind", "name"}
    category: str | None = None
    suggested: str | None = None
    suggestions: list[str] = field(default_factory=list)
    hospital_id: str | None = None
    hospital_text: str | None = None  # what the person typed
    hospital_name: str | None = None  # the network hospital it matched, if any
    hospital_candidates: list[dict[str, str]] = field(default_factory=list)  # {"id", "name"}
    hospital_done: bool = False
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    district_done: bool = False
    phone: str | None = None
    started_at: str | None = None

    @property
    def empty(self) -> bool:
        """True while the person has given nothing: no text, evidence or field."""
        return not (self.parts or self.evidence or self.category or self.hospital_text
                    or self.hospital_id or self.first_name or self.last_name or self.address
                    or self.province_code or self.phone)

    @property
    def description(self) -> str:
        """The complaint text: every part, in order."""
        return "\n".join(p["text"] for p in self.parts if p.get("text")).strip()

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Draft:
        """A draft from stored JSON, ignoring keys it does not know."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass
class Memory:
    draft: Draft = field(default_factory=Draft)
    consent: dict[str, str] | None = None  # {"version", "at"}
    touched_at: str | None = None
    back: str | None = None  # the state to return to (after "cancel? no", resume, edits)
    pending: str | None = None  # "cancel" | "restart": what CANCEL_CONFIRM asks about
    editing: str | None = None  # the field being corrected from the summary
    link_attempts: int = 0
    link_locked_until: str | None = None
    link_tracking: str | None = None
    anon: list[str] = field(default_factory=list)
    # what was typed while consent was pending ({"id", "text"}), held until consent
    pending_parts: list[dict[str, Any]] = field(default_factory=list)
    notice_shown: str | None = None  # the notice version shown in full in this consent step
    draft_forgotten_at: str | None = None  # the daily job wiped an idle draft (told once)
    # what was sent on return after a pause ({"kind": "text"|"location", …}), applied to the
    # draft's step when the person chooses to continue
    held: list[dict[str, Any]] = field(default_factory=list)
    # a reopen request waiting for its reason: {"tracking_no", "by" (last day, ISO date),
    # "at" (when the button was pressed), "back" (the state to return to)}
    reopen: dict[str, str] | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Memory:
        """Memory from stored JSON (tolerates rows written by older versions)."""
        data = dict(data or {})
        older = data.pop("pending_text", None)  # one text, before pending_parts
        if isinstance(older, str) and older and "pending_parts" not in data:
            data["pending_parts"] = [{"id": None, "text": older}]
        known = {f.name for f in fields(cls)} - {"draft"}
        memory = cls(**{k: v for k, v in data.items() if k in known})
        memory.draft = Draft.from_data(data.get("draft"))
        return memory

    def to_data(self) -> dict[str, Any]:
        """JSON for the database: a copy sharing nothing with this memory (what
        `dataclasses.asdict` gives, at a fifth of its cost: it runs on every event)."""
        data = {name: _plain(getattr(self, name)) for name in _names(Memory) if name != "draft"}
        data["draft"] = {name: _plain(getattr(self.draft, name)) for name in _names(Draft)}
        return data

    def touched(self) -> datetime | None:
        """When the person last wrote, if known."""
        return datetime.fromisoformat(self.touched_at) if self.touched_at else None

    def has_unsent(self) -> bool:
        """True when something typed or sent is held but not filed (draft, texts)."""
        return not self.draft.empty or bool(self.pending_parts or self.anon or self.held)

    def forget_unsent(self) -> bool:
        """Forget the draft and every text held for it; True when there was any."""
        had = self.has_unsent()
        self.draft = Draft()
        self.back = self.pending = self.editing = self.link_tracking = self.reopen = None
        self.anon, self.pending_parts, self.held = [], [], []
        return had

    def new_draft(self, now: datetime) -> None:
        """Forget the draft and start an empty one."""
        self.draft = Draft(started_at=now.isoformat())
        self.editing = None
        self.back = self.pending = None


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """A copy of JSON-shaped data (dicts, lists, scalars)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
