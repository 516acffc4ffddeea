"""Category (suggested, chosen or typed) and, for medical complaints, the hospital."""

from __future__ import annotations

from rapidfuzz import fuzz

from core.conversation import inputs
from core.conversation.commands import DONE_WORDS, NOT_SURE_WORDS, fold
from core.conversation.context import MAX_DESCRIPTION_CHARS, rank
from core.conversation.progress import not_text, proceed, stale
from core.conversation.prompts import all_categories
from core.conversation.states import State
from core.conversation.turn import Turn
from core.domain.categories import category_keys, load_categories
from core.domain.thai_text import thai_digits_to_arabic

MORE_WORDS = {"อื่นๆ", "อื่น", "หมวดอื่น", "หมวดอื่นๆ", "ทั้งหมด", "ดูทั้งหมด", "หมวดหมู่ทั้งหมด"}
CANDIDATE_SCORE = 0.8  # below this the matcher's candidates are mostly noise
YES_WORDS = {"ใช่", "ถูกต้อง", "yes", "ok", "โอเค"}
NO_WORDS = {"ไม่ใช่", "ไม่", "no", "ผิด"}
MAX_HOSPITAL_CHARS = 200
NOT_SURE = ("ไม่เป็นไรค่ะ กรุณาเลือกหมวดที่ใกล้เคียงที่สุด หากไม่ตรงกับหมวดใดเลย "
            "เลือก \"ข้อเสนอแนะ/อื่น ๆ\" เจ้าหน้าที่จะตรวจสอบหมวดหมู่ให้อีกครั้ง")


def typed_category(text: str) -> str | None:
    """The category a typed text names (its label or Thai name, small typos allowed)."""
    key = fold(text)
    best, best_score = None, 0.0
    for category in load_categories():
        for name in (category.label, category.name_th, category.key):
            score = fuzz.ratio(key, fold(name))
            if score > best_score:
                best, best_score = category.key, score
    return best if best_score >= 88 else None


def choose_category(t: Turn, key: str) -> None:
    """Set the category; leaving "medical" forgets the hospital."""
    draft = t.mem.draft
    if key != "medical":
        draft.hospital_id = draft.hospital_text = draft.hospital_name = None
        draft.hospital_candidates, draft.hospital_done = [], False
    draft.category = key
    proceed(t)


def on_category(t: Turn) -> None:
    """CATEGORY: a button, a typed category name, or more description to classify again."""
    draft = t.mem.draft
    command = t.command or ""
    word = fold(t.text) if t.text else ""
    if command == "cat:more" or word in MORE_WORDS:
        t.replies.extend(all_categories())
    elif command.startswith("cat:") and command[4:] in category_keys():
        choose_category(t, command[4:])
    elif command == "describe:done" or word in DONE_WORDS:
        t.reprompt("รับรายละเอียดครบแล้วค่ะ ขั้นตอนนี้กรุณาเลือกหมวดหมู่ของเรื่อง")
    elif word in NOT_SURE_WORDS:
        t.replies.extend(all_categories(NOT_SURE))
    elif t.command:
        stale(t)
    elif t.text:
        key = typed_category(t.text)
        if key:
            choose_category(t, key)
            return
        if len(draft.description) + len(t.text) > MAX_DESCRIPTION_CHARS:
            t.reprompt("กรุณาเลือกหมวดหมู่จากปุ่มด้านล่าง")
            return
        message_id = t.event.message_id if isinstance(t.event, inputs.Text) else None
        draft.parts.append({"id": message_id, "text": t.text})
        draft.suggested, draft.suggestions = rank(t.ctx, draft.description)
        t.reprompt("รับคำอธิบายเพิ่มเติมแล้ว")
    else:
        not_text(t)


def match_hospital(t: Turn, text: str) -> None:
    """Look the typed name up in the network list and ask the person to confirm."""
    draft = t.mem.draft
    top = t.ctx.hospitals.match(text, 3)
    best = t.ctx.hospitals.clear_winner(top)
    found = [best] if best else [h for h in top if h.score >= CANDIDATE_SCORE]
    draft.hospital_text = text
    draft.hospital_id = draft.hospital_name = None
    draft.hospital_candidates = [{"id": h.hospital_id, "name": h.name_th} for h in found]
    t.go(State.HOSPITAL_CONFIRM)


def _hospital_text(t: Turn) -> str | None:
    text = t.text
    if text is None:
        return None
    if len(text) < 2 or len(text) > MAX_HOSPITAL_CHARS:
        t.reprompt(f"ชื่อสถานพยาบาลต้องยาว 2 ถึง {MAX_HOSPITAL_CHARS} ตัวอักษร")
        return None
    return text


def on_hospital(t: Turn) -> None:
    """HOSPITAL: what the person typed is matched against the network hospitals."""
    draft = t.mem.draft
    if t.command == "hosp:skip":
        draft.hospital_id = draft.hospital_text = draft.hospital_name = None
        draft.hospital_candidates, draft.hospital_done = [], True
        proceed(t)
    elif t.command:
        stale(t)
    elif t.text is not None:
        text = _hospital_text(t)
        if text:
            match_hospital(t, text)
    else:
        not_text(t)


def on_hospital_confirm(t: Turn) -> None:
    """HOSPITAL_CONFIRM: pick a candidate, keep the typed name, or type it again."""
    draft = t.mem.draft
    command = t.command or ""
    by_id = {h["id"]: h for h in draft.hospital_candidates}
    if t.text and thai_digits_to_arabic(t.text).strip().rstrip(".").isdigit():
        index = int(thai_digits_to_arabic(t.text).strip().rstrip(".")) - 1
        if 0 <= index < len(draft.hospital_candidates):
            command = "hosp:" + draft.hospital_candidates[index]["id"]
    word = fold(t.text) if t.text else ""
    if word in YES_WORDS and len(draft.hospital_candidates) == 1:
        command = "hosp:" + draft.hospital_candidates[0]["id"]
    elif word in YES_WORDS and not draft.hospital_candidates:
        command = "hosp:typed"  # "not found: keep what you typed?" "yes"
    elif word in YES_WORDS:
        return t.reprompt("กรุณาเลือกหมายเลขของสถานพยาบาล")
    elif word in NO_WORDS:
        command = "hosp:retype"
    if command.startswith("hosp:") and command[5:] in by_id:
        chosen = by_id[command[5:]]
        draft.hospital_id, draft.hospital_name = chosen["id"], chosen["name"]
        draft.hospital_candidates, draft.hospital_done = [], True
        proceed(t, f"บันทึกสถานพยาบาล: {chosen['name']}")
    elif command == "hosp:typed" and draft.hospital_text:
        draft.hospital_id, draft.hospital_name = None, None
        draft.hospital_candidates, draft.hospital_done = [], True
        proceed(t, f"บันทึกสถานพยาบาลตามที่ท่านพิมพ์: {draft.hospital_text}")
    elif command == "hosp:retype":
        t.go(State.HOSPITAL)
    elif command == "hosp:skip":
        on_hospital(t)
    elif t.command:
        stale(t)
    elif t.text is not None:
        text = _hospital_text(t)
        if text:
            match_hospital(t, text)
    else:
        not_text(t)
