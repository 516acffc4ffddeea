"""The summary (confirm, edit, cancel), "really cancel?", and resuming an old draft."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from core.conversation import commands as c
from core.conversation import inputs
from core.conversation.commands import fold
from core.conversation.context import MAX_DESCRIPTION_CHARS
from core.conversation.evidence_rules import drop_all, take_evidence
from core.conversation.flow_intake import start_complaint
from core.conversation.memory import Draft
from core.conversation.progress import next_state, not_text, proceed, stale
from core.conversation.prompts import menu, started
from core.conversation.replies import FileComplaint, Say
from core.conversation.states import DRAFT_STATES, State
from core.conversation.summary import edit_choices
from core.conversation.turn import Turn

EDIT_TARGETS = {
    "edit:description": State.DESCRIBE, "edit:category": State.CATEGORY,
    "edit:hospital": State.HOSPITAL, "edit:name": State.NAME,
    "edit:address": State.ADDRESS, "edit:phone": State.PHONE,
}
# What people type at the summary to send it (compared folded: no spaces or polite ending).
CONFIRM_WORDS = frozenset({
    "ยืนยัน", "ยืนยันส่ง", "ยืนยันแล้ว", "ถูกต้อง", "ถูกต้องแล้ว", "ข้อมูลถูกต้อง", "ส่ง",
    "ส่งเรื่อง", "ส่งเลย", "ส่งได้", "ส่งได้เลย", "ตกลง", "โอเค", "ok", "ใช่",
})
HELD_MAX = 5  # messages kept while the person is asked whether to continue
CONTINUED = "ทำต่อจากขั้นตอนที่ค้างไว้"


def on_confirm(t: Turn) -> None:
    """CONFIRM: file the complaint, pick a field to edit, or (globally) cancel."""
    draft = t.mem.draft
    command = t.command or ""
    if t.text and fold(t.text) in CONFIRM_WORDS:
        command = "confirm:send"
    if command == "confirm:send":
        if next_state(draft) != State.CONFIRM:
            return proceed(t, "ข้อมูลยังไม่ครบ")
        consent = t.mem.consent or {}
        t.do(FileComplaint(draft_data(draft), consent.get("version"), _at(consent.get("at"))))
    elif command == "confirm:edit":
        t.replies.append(Say("ต้องการแก้ไขข้อมูลใด", edit_choices(draft)))
    elif command in EDIT_TARGETS:
        if command == "edit:hospital" and draft.category != "medical":
            return stale(t)
        t.mem.editing = command[5:]
        t.go(EDIT_TARGETS[command])
    elif command:
        stale(t)
    elif t.text is not None:
        t.reprompt("กรุณาตรวจสอบข้อมูล แล้วกด \"ยืนยันส่งเรื่อง\" หรือเลือกข้อมูลที่ต้องการแก้ไข")
    else:
        not_text(t)


def draft_data(draft: Draft) -> dict[str, Any]:
    """The draft as plain data for the filing effect."""
    return asdict(draft)


def _at(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


def ask_cancel(t: Turn, pending: str) -> None:
    """Ask before throwing a draft away ("cancel" or "restart")."""
    if t.state not in (State.CANCEL_CONFIRM, State.RESUME, State.LINK_TRACKING,
                       State.LINK_PHONE):
        t.mem.back = t.state  # from these, `back` already names the draft's step
    t.mem.pending, t.mem.link_tracking = pending, None
    t.go(State.CANCEL_CONFIRM)


def discard_draft(t: Turn) -> None:
    """Forget the draft and its evidence."""
    drop_all(t)
    t.mem.draft = Draft()
    t.mem.editing = t.mem.pending = t.mem.back = None
    t.mem.held = []


def on_cancel_confirm(t: Turn) -> None:
    """CANCEL_CONFIRM: yes throws the draft away (or starts over); no goes back."""
    if t.command == "cancel:yes":
        restart = t.mem.pending == "restart"
        discard_draft(t)
        if restart:
            return start_complaint(t, lead="เริ่มกรอกเรื่องใหม่")
        t.mem.anon = []
        t.state = State.IDLE
        t.replies.append(menu("ยกเลิกเรื่องที่กรอกไว้แล้ว หากต้องการร้องเรียนใหม่ กด \"ร้องเรียน\""))
    elif t.command == "cancel:no":
        back_to_draft(t)
    elif t.command:
        stale(t)
    else:
        t.reprompt("กรุณาเลือก \"ใช่\" หรือ \"ไม่ใช่ ทำต่อ\"")


def back_to_draft(t: Turn, lead: str | None = None) -> None:
    """Return to the step the person left (or the first missing field), then apply what they
    sent meanwhile (machine.py replays `t.replay` in that step)."""
    back = t.mem.back
    t.mem.back = t.mem.pending = None
    held, t.mem.held = t.mem.held, []
    if back == State.ANON_TEXT:
        t.state = State.ANON_TEXT
        return t.reprompt(lead)
    if back in DRAFT_STATES:
        t.state = State(back)
        replay = [*map(held_input, held), *t.replay]
        if t.state == State.CONFIRM:  # the summary is shown to check before any sending
            replay = [e for e in replay if not isinstance(e, inputs.Command)
                      or e.command != "confirm:send"]
        t.replay = replay
        if not replay:
            return t.reprompt(lead)
        if lead:
            t.say(lead)
        return None
    proceed(t, lead)


def hold(t: Turn) -> bool:
    """Keep a text or location sent while the continue question is pending (or that brought
    the person back), to apply once they continue; False when it cannot be kept."""
    event = t.event
    step = t.mem.back if t.state == State.RESUME else t.state
    if isinstance(event, inputs.Location):
        item = {"kind": "location", "address": event.address, "latitude": event.latitude,
                "longitude": event.longitude, "title": event.title}
    elif isinstance(event, inputs.Text) and t.text and fold(t.text) not in c.SMALL_TALK:
        item = {"kind": "text", "text": t.text, "id": event.message_id}
    else:
        return True  # a greeting or thanks: nothing to apply
    if step == State.CONFIRM:
        return True  # the summary takes buttons; it is shown again on continuing
    held = t.mem.held
    if step != State.DESCRIBE:
        held[:] = [item]  # the latest answer to the step's question
        return True
    if held and held[-1].get("text") == item.get("text") and item["kind"] == "text":
        return True  # sent again
    size = sum(len(h.get("text") or "") for h in held) + len(item.get("text") or "")
    if len(held) >= HELD_MAX or size > MAX_DESCRIPTION_CHARS:
        return False
    held.append(item)
    return True


def held_input(item: dict[str, Any]) -> inputs.Input:
    """A held message as the input it was."""
    if item.get("kind") == "location":
        return inputs.Location(item.get("address") or "", item.get("latitude") or 0.0,
                               item.get("longitude") or 0.0, item.get("title"))
    return inputs.Text(item.get("text") or "", item.get("id"))


def check_summary(t: Turn, confirmed: bool, lead: str | None = None) -> None:
    """The summary again after a pause: checked before anything is sent."""
    if confirmed:
        text = (f"เรื่องนี้ยังไม่ได้ส่ง{started(t.mem)} เนื่องจากเว้นไประยะหนึ่ง "
                "กรุณาตรวจสอบข้อมูลอีกครั้ง แล้วกด \"ยืนยันส่งเรื่อง\" เพื่อส่ง")
    else:
        text = (f"ท่านมีเรื่องร้องเรียนที่ยังไม่ได้ส่ง{started(t.mem)} กรุณาตรวจสอบข้อมูล "
                "แล้วกด \"ยืนยันส่งเรื่อง\" หรือเลือกข้อมูลที่ต้องการแก้ไข")
    t.reprompt(f"{lead}\n\n{text}" if lead else text)


def on_resume(t: Turn) -> None:
    """RESUME: continue the old draft (with what was sent meanwhile), or start a new one."""
    if t.command == "resume:continue":
        back_to_draft(t, CONTINUED)
    elif t.command == "resume:restart":
        discard_draft(t)
        start_complaint(t, lead="เริ่มกรอกเรื่องใหม่")
    elif t.command and t.mem.back in DRAFT_STATES:
        t.replay.append(inputs.Command(t.command))  # a button of the draft: continue with it
        back_to_draft(t, CONTINUED)
    elif t.command:
        stale(t)
    elif isinstance(t.event, inputs.Media):
        t.reprompt(take_evidence(t))
    elif t.text or isinstance(t.event, inputs.Location):
        t.reprompt(None if hold(t) else "ได้รับข้อความไว้มากแล้ว กรุณากด \"ทำต่อ\" ก่อน "
                   "แล้วจึงส่งข้อความต่อ")
    else:
        t.reprompt("กรุณาเลือก \"ทำต่อ\" หรือ \"เริ่มใหม่\"")
