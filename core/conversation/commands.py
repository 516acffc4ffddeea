"""Buttons and what typing their labels means: every button can also be typed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from core.conversation.replies import Choice
from core.domain.thai_text import thai_digits_to_arabic

COMPLAIN = Choice("ร้องเรียน", "menu:complain")
TRACK = Choice("ติดตามเรื่อง", "menu:track")
HELP = Choice("ช่วยเหลือ", "menu:help")
LINK = Choice("เชื่อมเรื่องเดิม", "menu:link")
CANCEL = Choice("ยกเลิก", "cancel")
RESTART = Choice("เริ่มใหม่", "restart")
CONSENT_YES = Choice("ยินยอม", "consent:yes")
CONSENT_NO = Choice("ไม่ยินยอม", "consent:no")
READ_NOTICE = Choice("อ่านประกาศ", "consent:notice")
ANON_START = Choice("ส่งข้อเสนอแนะ", "anon:start")
ANON_SEND = Choice("ส่งข้อเสนอแนะนี้", "anon:send")
DONE = Choice("เล่าครบแล้ว", "describe:done")
PHOTO = Choice("แนบรูปภาพ", kind="camera_roll")
SEND_LOCATION = Choice("ส่งตำแหน่งที่ตั้ง", kind="location")
CATEGORY_MORE = Choice("หมวดอื่น ๆ", "cat:more")
HOSPITAL_SKIP = Choice("ไม่ระบุสถานพยาบาล", "hosp:skip")
HOSPITAL_TYPED = Choice("ใช้ชื่อที่พิมพ์", "hosp:typed")
HOSPITAL_RETYPE = Choice("พิมพ์ชื่อใหม่", "hosp:retype")
DISTRICT_SKIP = Choice("ไม่ทราบเขต", "district:skip")
SEND = Choice("ยืนยันส่งเรื่อง", "confirm:send")
EDIT = Choice("แก้ไขข้อมูล", "confirm:edit")
CANCEL_YES = Choice("ใช่", "cancel:yes")
CANCEL_NO = Choice("ไม่ใช่ ทำต่อ", "cancel:no")
BACK_TO_SUMMARY = Choice("กลับหน้าสรุป", "edit:back")
CONTINUE = Choice("ทำต่อ", "resume:continue")
START_OVER = Choice("เริ่มใหม่", "resume:restart")

MENU = (COMPLAIN, TRACK, LINK, HELP)
EDIT_FIELDS = (
    Choice("แก้รายละเอียด", "edit:description"),
    Choice("แก้หมวดหมู่", "edit:category"),
    Choice("แก้สถานพยาบาล", "edit:hospital"),
    Choice("แก้ชื่อ-นามสกุล", "edit:name"),
    Choice("แก้ที่อยู่", "edit:address"),
    Choice("แก้เบอร์โทรศัพท์", "edit:phone"),
)

# Commands that work in every state of a 1:1 chat, with what people may type for them.
GLOBAL_WORDS: dict[str, tuple[str, ...]] = {
    "menu:complain": ("ร้องเรียน", "แจ้งเรื่องร้องเรียน", "ร้องเรียนใหม่", "complain"),
    "menu:track": ("ติดตามเรื่อง", "ติดตาม", "ติดตามสถานะ", "สถานะเรื่อง", "เรื่องของฉัน", "track"),
    "menu:help": ("ช่วยเหลือ", "วิธีใช้", "help", "?", "เมนู", "menu"),
    "menu:link": ("เชื่อมเรื่องเดิม", "เชื่อมเรื่อง", "ผูกเรื่อง"),
    "cancel": ("ยกเลิก", "cancel"),
    "restart": ("เริ่มใหม่", "เริ่มต้นใหม่", "start over", "restart"),
}
GLOBAL_COMMANDS = frozenset(GLOBAL_WORDS)
# Short "I have told everything" answers (folded: no spaces or polite ending).
DONE_WORDS = frozenset({
    "เล่าครบแล้ว", "ครบแล้ว", "ครบ", "เล่าหมดแล้ว", "หมดแล้ว", "แค่นี้", "แค่นี้แหละ", "เท่านี้",
    "เท่านั้น", "จบแล้ว", "เสร็จแล้ว", "พอแล้ว", "ไม่มีแล้ว", "ไม่มีเพิ่ม", "ไม่มีเพิ่มเติม",
    "ไม่มีอะไรเพิ่ม", "ไม่มีอะไรเพิ่มเติม", "done",
})
# Greetings and thanks: said to be polite, not an answer to the step.
SMALL_TALK = frozenset({
    "สวัสดี", "หวัดดี", "ขอบคุณ", "ขอบคุณมาก", "ขอบใจ", "ค่ะ", "คะ", "ครับ", "จ้า", "โอเค", "ok",
    "okay", "รับทราบ", "ทราบแล้ว", "thanks", "thankyou", "hello", "hi",
})
# Short "I do not know which category" answers.
NOT_SURE_WORDS = frozenset({
    "ไม่แน่ใจ", "ไม่ทราบ", "ไม่รู้", "ไม่รู้เหมือนกัน", "ไม่แน่ใจเหมือนกัน", "ไม่แน่ใจหมวด",
    "ไม่แน่ใจว่าหมวดไหน", "ไม่แน่ใจว่าหมวดอะไร", "ไม่ทราบหมวด", "ไม่ทราบว่าหมวดไหน",
    "ไม่รู้หมวด", "ไม่รู้หมวดไหน", "ไม่รู้ว่าหมวดไหน", "ไม่รู้จะเลือกหมวดไหน", "ไม่รู้จะเลือกอะไร",
})
_FIXED_BUTTONS = tuple(choice for choice in (
    COMPLAIN, TRACK, HELP, LINK, CANCEL, RESTART, CONSENT_YES, CONSENT_NO, READ_NOTICE,
    ANON_START, ANON_SEND,
    DONE, CATEGORY_MORE, HOSPITAL_SKIP, HOSPITAL_TYPED, HOSPITAL_RETYPE, DISTRICT_SKIP, SEND,
    EDIT, CANCEL_YES, CANCEL_NO, BACK_TO_SUMMARY, CONTINUE, *EDIT_FIELDS) if choice.command)
_GLOBAL_BY_WORD = {word: cmd for cmd, words in GLOBAL_WORDS.items() for word in words}
_STAFF_LINK = re.compile(r"^(?:link|เชื่อมบัญชี)\s*[:：]?\s*(\d{6})$", re.IGNORECASE)
_POLITE = re.compile(r"(?:ค่ะ|คะ|ครับ|นะคะ|นะครับ|จ้า|จ้ะ)$")
_BLANK = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters str.strip() keeps
_EDGES = re.compile(rf"^[\s{_BLANK}]+|[\s{_BLANK}]+$")
_SPACES = re.compile(rf"[\s\"'“”{_BLANK}]+")


def clean(text: str) -> str:
    """What was typed without surrounding spaces (zero-width ones too): "" when blank."""
    return _EDGES.sub("", text)


def fold(text: str) -> str:
    """The comparable form of what a person typed: no spaces, case or polite ending."""
    text = thai_digits_to_arabic(unicodedata.normalize("NFC", text)).strip().lower()
    text = _SPACES.sub("", text)
    return _POLITE.sub("", text) or text


def typed_command(text: str, offered: Iterable[Choice]) -> str | None:
    """The command a typed text stands for: an offered button's label, or a global word."""
    key = fold(text)
    for choice in offered:
        if choice.command and fold(choice.label) == key:
            return choice.command
    return _GLOBAL_BY_WORD.get(key)


def known_button(text: str) -> str | None:
    """The command of any fixed button whose label was typed, even one not shown now."""
    return _FIXED_BY_LABEL.get(fold(text))


_FIXED_BY_LABEL = {fold(choice.label): choice.command for choice in reversed(_FIXED_BUTTONS)}


def staff_link_code(text: str) -> str | None:
    """The six-digit code of `LINK 123456` / `เชื่อมบัญชี 123456`, else None."""
    cleaned = thai_digits_to_arabic(unicodedata.normalize("NFKC", text)).strip()
    match = _STAFF_LINK.match(cleaned)
    return match.group(1) if match else None
