"""Photos and files sent while a draft is open: kept as evidence, or refused with a reason."""

from __future__ import annotations

from core.conversation import inputs
from core.conversation.context import MAX_EVIDENCE
from core.conversation.replies import DropEvidence, KeepEvidence
from core.conversation.turn import Turn

MAX_FILE_MB = 10
TOO_MANY = f"แนบหลักฐานได้สูงสุด {MAX_EVIDENCE} ไฟล์ต่อเรื่อง ไฟล์นี้จึงไม่ได้แนบ"
REFUSALS = {
    "too_big": f"ไฟล์นี้ใหญ่เกิน {MAX_FILE_MB} MB จึงรับไว้ไม่ได้ กรุณาส่งไฟล์ที่เล็กลง",
    "bad_type": "รับเฉพาะรูปภาพ (JPEG, PNG) และไฟล์ PDF ไฟล์นี้จึงรับไว้ไม่ได้",
    "failed": "ดาวน์โหลดไฟล์จาก LINE ไม่สำเร็จ กรุณาส่งใหม่อีกครั้ง",
    "too_many": TOO_MANY,
}


def take_evidence(t: Turn) -> str:
    """Keep a downloaded photo or file in the draft; returns what to tell the person."""
    event = t.event
    assert isinstance(event, inputs.Media)
    draft = t.mem.draft
    if len(draft.evidence) >= MAX_EVIDENCE:
        return TOO_MANY  # checked first: at the limit the service does not download at all
    if event.stored is None:
        # no reason given: the service did not fetch it (it is not a type problem)
        return REFUSALS.get(event.refusal or "failed", REFUSALS["failed"])
    if any(item["id"] == event.message_id for item in draft.evidence):
        return "ได้รับไฟล์นี้แล้ว"
    stored = event.stored
    t.do(KeepEvidence(event.message_id, event.kind, event.file_name, stored.sha256, stored.size,
                      stored.content_type, stored.storage_key))
    draft.evidence.append({"id": event.message_id, "kind": event.kind, "name": event.file_name})
    noun = "รูปภาพ" if event.kind == "image" else "ไฟล์"
    return f"ได้รับ{noun}แล้ว แนบเป็นหลักฐาน {len(draft.evidence)} รายการ"


def unsend(t: Turn, message_id: str) -> None:
    """The person unsent a message: take it out of the draft, if it was there."""
    draft = t.mem.draft
    mem = t.mem
    before = len(draft.parts) + len(mem.pending_parts) + len(mem.held)
    draft.parts = [p for p in draft.parts if p.get("id") != message_id]
    mem.pending_parts = [p for p in mem.pending_parts if p.get("id") != message_id]
    mem.held = [h for h in mem.held if h.get("id") != message_id]
    if len(draft.parts) + len(mem.pending_parts) + len(mem.held) != before:
        return
    kept = [e for e in draft.evidence if e["id"] != message_id]
    if len(kept) != len(draft.evidence):
        draft.evidence = kept
        t.do(DropEvidence(message_id))


def edited(t: Turn, message_id: str, text: str) -> None:
    """The person edited a message: if it is part of the complaint text, take the new text."""
    for part in t.mem.held:
        if part.get("id") == message_id and part.get("kind") == "text":
            part["text"] = text.strip()  # applied as edited when the person continues
            return
    for part in t.mem.draft.parts + t.mem.pending_parts:
        if part.get("id") == message_id:
            part["text"] = text.strip()
            t.say("แก้ไขข้อความในรายละเอียดเรื่องตามที่ท่านแก้แล้ว")
            return


def drop_all(t: Turn) -> None:
    """Forget every piece of evidence of the draft (cancel, start over, expiry)."""
    for item in t.mem.draft.evidence:
        t.do(DropEvidence(item["id"]))
