"""The summary (confirm, edit, cancel), "really cancel?", and resuming an old draft."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from core.conversation.commands import fold
from core.conversation.evidence_rules import drop_all
from core.conversation.flow_intake import start_complaint
from core.conversation.memory import Draft
from core.conversation.progress import next_state, not_text, proceed, stale
from core.conversation.prompts import menu
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
    """Return to the step the person left (or the first missing field)."""
    back = t.mem.back
    t.mem.back = t.mem.pending = None
    if back == State.ANON_TEXT:
        t.state = State.ANON_TEXT
        return t.reprompt(lead)
    if back in DRAFT_STATES:
        t.state = State(back)
        return t.reprompt(lead)
    proceed(t, lead)


def on_resume(t: Turn) -> None:
    """RESUME: continue the old draft, or start a new one."""
    if t.command == "resume:continue":
        back_to_draft(t, "ทำต่อจากขั้นตอนที่ค้างไว้")
    elif t.command == "resume:restart":
        discard_draft(t)
        start_complaint(t, lead="เริ่มกรอกเรื่องใหม่")
    elif t.command:
        stale(t)
    else:
        t.reprompt("กรุณาเลือก \"ทำต่อ\" หรือ \"เริ่มใหม่\"")
