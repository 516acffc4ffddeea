"""A chat driven through the pure `advance`, with hand-written fakes for its lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from core.conversation import inputs
from core.conversation.context import Context, Notice
from core.conversation.machine import advance
from core.conversation.replies import Effect, Reply, Say, Summary
from core.domain.hospitals import HospitalMatcher

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
NOTICE = Notice("2026-11-01", "ประกาศความเป็นส่วนตัว", "ข้อมูลที่เก็บ ... ระยะเวลาเก็บ 2 ปี")
HOSPITALS = HospitalMatcher([
    {"id": "H015", "name_th": "โรงพยาบาลราชวิถี", "province_code": "10", "aliases": ["ราชวิถี"]},
    {"id": "H003", "name_th": "โรงพยาบาลกลาง", "province_code": "10", "aliases": ["รพ.กลาง"]},
    {"id": "H100", "name_th": "โรงพยาบาลเชียงใหม่ราม", "province_code": "50", "aliases": []},
])


@dataclass
class Ranked:
    category: str
    label: str
    score: float


def suggest(text: str) -> list[Ranked]:
    """A fake suggester: medical first when the text mentions a hospital."""
    order = ["medical", "staff_service", "other"]
    if "นายจ้าง" in text:
        order = ["employer", "contributions", "other"]
    return [Ranked(key, key, 0.5 - i / 10) for i, key in enumerate(order)]


class Chat:
    """One person's conversation: state and memory carried from step to step."""

    def __init__(self, first_contact: bool = True) -> None:
        self.state: str | None = None
        self.data: dict[str, Any] | None = None
        self.now = START
        self.first_contact = first_contact
        self.replies: list[Reply] = []
        self.effects: list[Effect] = []
        self.all_effects: list[Effect] = []

    def send(self, event: inputs.Input, after: timedelta = timedelta(seconds=20)) -> list[str]:
        """Advance with one input; returns the texts of the replies."""
        self.now += after
        ctx = Context(now=self.now, notice=NOTICE, suggest=suggest, hospitals=HOSPITALS,
                      first_contact=self.first_contact)
        self.first_contact = False
        step = advance(self.state, self.data, event, ctx)
        self.state, self.data = step.state, step.data
        self.replies, self.effects = step.replies, step.effects
        self.all_effects += step.effects
        return self.texts()

    def say(self, text: str, message_id: str | None = None, **kw: Any) -> list[str]:
        """Type a text."""
        return self.send(inputs.Text(text, message_id), **kw)

    def press(self, command: str) -> list[str]:
        """Tap a button (its postback data)."""
        return self.send(inputs.Command(command))

    def texts(self) -> list[str]:
        """The replies as text (a summary as its rows)."""
        out = []
        for reply in self.replies:
            if isinstance(reply, Say):
                out.append(reply.text)
            elif isinstance(reply, Summary):
                out.append("\n".join(f"{r.label}: {r.value}" for r in reply.rows))
        return out

    def text(self) -> str:
        """All reply texts joined."""
        return "\n".join(self.texts())

    def buttons(self) -> list[str]:
        """Labels of the buttons under the last reply."""
        return [c.label for c in self.replies[-1].choices] if self.replies else []

    @property
    def draft(self) -> dict[str, Any]:
        """The draft in memory."""
        return (self.data or {}).get("draft", {})


def to_phone_step(chat: Chat, category: str = "other") -> None:
    """Consent, describe, pick a category, name and address: the chat then asks for the phone."""
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม สามเดือนแล้ว")
    chat.press("describe:done")
    chat.press(f"cat:{category}")
    chat.say("นาย สมชาย ใจดี")
    chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
