"""Consent, the complaint text and evidence, and the anonymous suggestion."""

from __future__ import annotations

from core.conversation import commands as c
from core.conversation import inputs
from core.conversation.context import MAX_DESCRIPTION_CHARS, rank
from core.conversation.evidence_rules import take_evidence
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
    if not consent_current(t):
        t.mem.pending_text = text
        lead = lead or ("ขอบคุณที่แจ้งเรื่องค่ะ" if text else None)
        t.state = State.CONSENT
        t.reprompt(lead)
        return
    t.mem.new_draft(t.ctx.now)
    t.state = State.DESCRIBE
    if text:
        t.mem.draft.parts.append({"id": message_id, "text": text[:MAX_DESCRIPTION_CHARS]})
        lead = lead or "รับเรื่องที่ท่านเล่าไว้แล้ว"
    t.reprompt(lead)


def on_consent(t: Turn) -> None:
    """CONSENT: yes starts the draft (with any text typed before); no is respected."""
    if t.command == "consent:yes":
        now = t.ctx.now
        t.mem.consent = {"version": t.ctx.notice.version, "at": now.isoformat()}
        t.do(RecordConsent(t.ctx.notice.version, now))
        pending, t.mem.pending_text = t.mem.pending_text, None
        start_complaint(t, pending, lead="ขอบคุณค่ะ บันทึกความยินยอมแล้ว"
                        + ("\nรับเรื่องที่ท่านพิมพ์ไว้ก่อนหน้านี้แล้ว" if pending else ""))
    elif t.command == "consent:no":
        t.mem.pending_text = None
        t.go(State.DECLINED)
    elif t.command:
        stale(t)
    else:
        question = t.ctx.notice
        t.say(f"กรุณากด \"ยินยอม\" หรือ \"ไม่ยินยอม\" ต่อการเก็บข้อมูลตามประกาศ "
              f"\"{question.title}\" ({question.edition_th})",
              c.CONSENT_YES, c.CONSENT_NO, c.HELP)


def on_declined(t: Turn) -> None:
    """DECLINED: an anonymous suggestion may still be sent."""
    if t.command == "anon:start":
        t.mem.anon = []
        t.go(State.ANON_TEXT)
    elif t.command:
        stale(t)
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

