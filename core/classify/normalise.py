"""Normalisation of complaint text as people type it in a chat: digits, repeats, typos."""

from __future__ import annotations

import re
from functools import cache

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.util import (
    remove_dangling,
    remove_spaces_before_marks,
    reorder_vowels,
    thai_digit_to_arabic_digit,
)

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Three or more of the same letter or sign (มากกกก, ค่ะะะ, !!!); digits are left alone (1000).
_REPEATS = re.compile(r"([^\d\s])\1{2,}")
# Sections of the Social Security Act: ม.33, ม 39, มาตรา ๔๐ -> one token "ม33".
_SECTION = re.compile(r"(?:มาตรา|ม\.?)\s*(33|39|40)(?!\d)")
# Form codes: กท.16, กท 44, สปส.2-01 -> "กท16", "สปส2-01".
_FORM = re.compile(r"(กท|สปส)\s*\.?\s*(\d+(?:-\d+)?)")
# Thai, Latin letters, digits, the percent sign and spaces survive; emoji and the rest go.
_OTHER = re.compile(r"[^\u0e01-\u0e5ba-z0-9%\s]+")
_SPACES = re.compile(r"\s+")
# pythainlp.util.remove_repeat_vowels in one pass: a vowel or sign typed again (with
# optional spaces between) counts once; of repeated tone marks the last one is kept.
_SIGNS = (
    f"{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}"
    "\u0e3a\u0e4c\u0e4d\u0e4e"
)
_REPEATED_SIGN = re.compile(f"([{_SIGNS}])(?: *\\1)+")
_TONE_MARKS = re.compile(f"[{thai_tonemarks}]+")

# Common misspellings, abbreviations and English loanwords, mapped to one spelling so that
# the model sees one feature. Matched as substrings, longest first, after lower-casing.
SPELLING: dict[str, str] = {
    "โรงบาล": "โรงพยาบาล",
    "โรงพยาบาน": "โรงพยาบาล",
    "ร.พ.": "โรงพยาบาล ",
    "รพ.": "โรงพยาบาล ",
    "hospital": "โรงพยาบาล",
    "clinic": "คลินิก",
    "doctor": "หมอ",
    "dentist": "ทำฟัน",
    "refer": "ส่งตัว",
    "x-ray": "เอ็กซเรย์",
    "xray": "เอ็กซเรย์",
    "เอ็กซ์เรย์": "เอ็กซเรย์",
    "เอกซเรย์": "เอ็กซเรย์",
    "ประกันสังคอม": "ประกันสังคม",
    "ปกส.": "ประกันสังคม ",
    "สนง.": "สำนักงาน ",
    "sso": "ประกันสังคม",
    "จนท.": "เจ้าหน้าที่ ",
    "จนท": "เจ้าหน้าที่",
    "staff": "เจ้าหน้าที่",
    "call center": "1506",
    "สิทธิ์": "สิทธิ",
    "สิทธ์": "สิทธิ",
    "ทุพลภาพ": "ทุพพลภาพ",
    "ทุพภลภาพ": "ทุพพลภาพ",
    "ชาราภาพ": "ชราภาพ",
    "ชลาภาพ": "ชราภาพ",
    "บำเน็จ": "บำเหน็จ",
    "บำนาน": "บำนาญ",
    "pension": "บำนาญ",
    "คลอต": "คลอด",
    "maternity": "คลอดบุตร",
    "child allowance": "สงเคราะห์บุตร",
    "ว่างงาร": "ว่างงาน",
    "unemployment": "ว่างงาน",
    "resign": "ลาออก",
    "sick leave": "ลาป่วย",
    "sick pay": "เงินทดแทนการขาดรายได้",
    "sick": "ป่วย",
    "สมทม": "สมทบ",
    "สมธบ": "สมทบ",
    "employer": "นายจ้าง",
    "injury": "บาดเจ็บ",
    "work accident": "อุบัติเหตุจากการทำงาน",
    "accident": "อุบัติเหตุ",
    "corruption": "ทุจริต",
    "คอรัปชั่น": "ทุจริต",
    "คอร์รัปชัน": "ทุจริต",
    "คอรัปชัน": "ทุจริต",
    "ทุจริด": "ทุจริต",
    "e-service": "อีเซอร์วิส",
    "eservice": "อีเซอร์วิส",
    "e service": "อีเซอร์วิส",
    "service": "บริการ",
    "เว็บไซท์": "เว็บ",
    "เว็บไซต์": "เว็บ",
    "เว็ปไซต์": "เว็บ",
    "website": "เว็บ",
    "เว็ป": "เว็บ",
    "เวป": "เว็บ",
    "web": "เว็บ",
    "แอปพลิเคชัน": "แอป",
    "แอพพลิเคชั่น": "แอป",
    "application": "แอป",
    "แอ๊ป": "แอป",
    "แอพ": "แอป",
    "app": "แอป",
    "ล็อคอิน": "ล็อกอิน",
    "login": "ล็อกอิน",
    "log in": "ล็อกอิน",
    "password": "รหัสผ่าน",
    "พาสเวิร์ด": "รหัสผ่าน",
    "อัพเดท": "อัปเดต",
    "อัพเดต": "อัปเดต",
    "อัปเดท": "อัปเดต",
    "update": "อัปเดต",
    "อัพโหลด": "อัปโหลด",
    "upload": "อัปโหลด",
    "online": "ออนไลน์",
    "โควิท": "โควิด",
    "covid": "โควิด",
    "ตังค์": "เงิน",
}


@cache
def _thai_spellings() -> tuple[tuple[str, str], ...]:
    """Thai keys, longest first (no value contains another key, so order is safe)."""
    keys = sorted((k for k in SPELLING if not k.isascii()), key=lambda k: (-len(k), k))
    return tuple((key, SPELLING[key]) for key in keys)


@cache
def _english_pattern() -> re.Pattern[str]:
    """English keys as whole words ("app" but not "happy"), longest first."""
    keys = sorted((k for k in SPELLING if k.isascii()), key=lambda k: (-len(k), k))
    return re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, keys)) + r")(?![a-z])")


_LATIN = re.compile("[a-z]")


def _respell(text: str) -> str:
    for key, value in _thai_spellings():
        if key in text:
            text = text.replace(key, value)
    if _LATIN.search(text):
        text = _english_pattern().sub(lambda m: SPELLING[m.group(0)], text)
    return text


def _thai_normalize(text: str) -> str:
    """pythainlp.util.normalize, with its thirty-odd regex passes for repeats made one."""
    text = _SPACES.sub(" ", text).strip()
    text = remove_spaces_before_marks(text)
    text = reorder_vowels(text)
    text = _REPEATED_SIGN.sub(r"\1", text)
    text = _TONE_MARKS.sub(lambda match: match.group(0)[-1], text)
    return remove_dangling(text)


def normalise(text: str) -> str:
    """Text in one canonical spelling: what the features are computed from."""
    text = _ZERO_WIDTH.sub("", text)
    text = thai_digit_to_arabic_digit(text).lower()
    text = _thai_normalize(text)
    text = _REPEATS.sub(r"\1", text)
    text = _respell(text)
    text = _SECTION.sub(r" ม\1 ", text)
    text = _FORM.sub(r" \1\2 ", text)
    text = _OTHER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
