"""Consent, the complaint text and evidence, and the anonymous suggestion."""

from __future__ import annotations

from core.conversation import commands as c
from core.conversation import inputs
from core.conversation.context import MAX_DESCRIPTION_CHARS, rank
from core.conversation.evidence_rules import take_evidence
from core.conversation.flow_link import asks_to_track, track
from core.conversation.progress import not_text, proceed, stale
from core.conversation.replies import FileSuggestion, RecordConsent
from core.conversation.states import State
from core.conversation.turn import Turn

MIN_DESCRIPTION_CHARS = 10
COMPLAINT_LIKE_CHARS = 20  # free text this long in the menu is taken as a complaint


def consent_current(t: Turn) -> bool:
    """True when the person consented to the notice now in force."""
    consent = t.mem.consent
    return bool(consent and consent.get("version") == t.ctx.notice.version)


def start_complaint(t: Turn, text: str | None = None, message_id: str | None = None,
                    lead: str | None = None) -> None:
    """Begin a new draft (asking for consent first when needed), maybe with its first text."""
    parts = [{"id": message_id, "text": text[:MAX_DESCRIPTION_CHARS]}] if text else []
    if not consent_current(t):
        t.mem.pending_parts = parts
        lead = lead or ("ขอบคุณที่แจ้งเรื่องค่ะ" if text else None)
        t.state = State.CONSENT
        show_notice(t, lead)
        return
    open_draft(t, parts, lead)


def open_draft(t: Turn, parts: list[dict], lead: str | None = None) -> None:
    """A new draft in DESCRIBE, holding the texts already given."""
    t.mem.new_draft(t.ctx.now)
    t.state = State.DESCRIBE
    if parts:
        t.mem.draft.parts = parts
        lead = lead or "รับเรื่องที่ท่านเล่าไว้แล้ว"
    t.reprompt(lead)


def show_notice(t: Turn, lead: str | None = None) -> None:
    """The privacy notice in full with the question; later prompts ask the short question."""
    t.mem.notice_shown = None
    t.reprompt(lead)
    t.mem.notice_shown = t.ctx.notice.version


def on_consent(t: Turn) -> None:
    """CONSENT: yes starts the draft (with every text typed before); no is respected."""
    if t.command == "consent:yes":
        now = t.ctx.now
        t.mem.consent = {"version": t.ctx.notice.version, "at": now.isoformat()}
        t.do(RecordConsent(t.ctx.notice.version, now))
        pending, t.mem.pending_parts = t.mem.pending_parts, []
        open_draft(t, pending, lead="ขอบคุณค่ะ บันทึกความยินยอมแล้ว"
                   + ("\nรับเรื่องที่ท่านพิมพ์ไว้ก่อนหน้านี้แล้ว" if pending else ""))
    elif t.command == "consent:no":
        t.mem.pending_parts = []
        t.go(State.DECLINED)
    elif t.command == "consent:notice":
        show_notice(t)
    elif t.command:
        stale(t)
    elif t.text and asks_to_track(t.text):
        track(t, t.text)  # the cases are listed, then the question is asked again
    elif t.text:
        hold_before_consent(t, t.text)
    elif isinstance(t.event, inputs.Location):
        where = " ".join(x for x in (t.event.title, t.event.address) if x)
        hold_before_consent(t, f"สถานที่: {where}".strip())
    elif isinstance(t.event, inputs.Media):
        t.reprompt("กรุณากด \"ยินยอม\" ก่อน แล้วจึงส่งรูปภาพหรือไฟล์เป็นหลักฐานอีกครั้ง")
    else:
        t.reprompt()


def hold_before_consent(t: Turn, text: str) -> None:
    """Keep a text typed while consent is pending (within the description's limit)."""
    pending = t.mem.pending_parts
    if sum(len(p["text"]) for p in pending) + len(text) > MAX_DESCRIPTION_CHARS:
        return t.reprompt(f"ข้อความยาวเกิน {MAX_DESCRIPTION_CHARS:,} ตัวอักษร จึงไม่ได้เก็บข้อความนี้")
    message_id = t.event.message_id if isinstance(t.event, inputs.Text) else None
    pending.append({"id": message_id, "text": text})
    t.reprompt("ได้รับข้อความแล้ว")


def on_declined(t: Turn) -> None:
    """DECLINED: an anonymous suggestion may still be sent; a typed text starts one."""
    if t.command == "anon:start":
        t.mem.anon = []
        t.go(State.ANON_TEXT)
    elif t.command:
        stale(t)
    elif t.text and asks_to_track(t.text):
        track(t, t.text)
    elif t.text and c.fold(t.text) not in c.SMALL_TALK:
        t.mem.anon = [t.text[:MAX_DESCRIPTION_CHARS]]
        t.state = State.ANON_TEXT
        t.reprompt("ข้อความนี้จะส่งเป็นข้อเสนอแนะแบบไม่ระบุตัวตน เมื่อท่านกด "
                   "\"ส่งข้อเสนอแนะนี้\" เท่านั้น (ไม่ใช่เรื่องร้องเรียน สปส. จะไม่ติดต่อกลับ "
                   "ไม่ต้องระบุชื่อหรือข้อมูลส่วนตัว) หากไม่ต้องการส่ง กด \"ยกเลิก\"")
    else:
        t.reprompt()


def on_anon_text(t: Turn) -> None:
    """ANON_TEXT: collect the suggestion; send it without any personal data."""
    if t.command == "anon:send" and t.mem.anon:
        t.do(FileSuggestion("\n".join(t.mem.anon)))
    elif t.command == "anon:send":
        t.reprompt("ยังไม่มีข้อความ กรุณาพิมพ์ข้อเสนอแนะก่อนกดส่ง")
    elif t.command:
        stale(t)
    elif t.text:
        if sum(map(len, t.mem.anon)) + len(t.text) > MAX_DESCRIPTION_CHARS:
            t.reprompt("ข้อความยาวเกินกำหนดแล้ว กรุณากดส่ง")
            return
        t.mem.anon.append(t.text)
        t.reprompt()
    elif isinstance(t.event, inputs.Media):
        t.reprompt("ข้อเสนอแนะแบบไม่ระบุตัวตนรับเฉพาะข้อความ")
    else:
        not_text(t)


def on_describe(t: Turn) -> None:
    """DESCRIBE: text over several messages and evidence, until the person says done."""
    draft, mem = t.mem.draft, t.mem
    if t.command == "describe:done" or (t.text and c.fold(t.text) in c.DONE_WORDS):
        if len(draft.description) < MIN_DESCRIPTION_CHARS:
            t.reprompt("กรุณาเล่ารายละเอียดเพิ่มอีกเล็กน้อย เพื่อให้เจ้าหน้าที่เข้าใจเรื่องของท่าน")
            return
        if not draft.category:
            draft.suggested, draft.suggestions = rank(t.ctx, draft.description)
        proceed(t)
    elif t.command:
        stale(t)
    elif t.text:
        if mem.editing == "description":
            draft.parts, mem.editing = [], "description+"
        if len(draft.description) + len(t.text) > MAX_DESCRIPTION_CHARS:
            t.reprompt(f"รายละเอียดยาวเกิน {MAX_DESCRIPTION_CHARS:,} ตัวอักษร "
                       "กรุณาสรุปให้สั้นลง หรือกด \"เล่าครบแล้ว\"")
            return
        message_id = t.event.message_id if isinstance(t.event, inputs.Text) else None
        draft.parts.append({"id": message_id, "text": t.text})
        t.reprompt()
    elif isinstance(t.event, inputs.Media):
        t.reprompt(take_evidence(t))
    elif isinstance(t.event, inputs.Location):
        where = " ".join(x for x in (t.event.title, t.event.address) if x)
        draft.parts.append({"id": None, "text": f"สถานที่: {where}".strip()})
        t.reprompt("บันทึกสถานที่ไว้ในรายละเอียดแล้ว")
    else:
        not_text(t)

