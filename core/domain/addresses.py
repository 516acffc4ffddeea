"""Is a typed text a postal address? Refuse a phone number, a name or a run of one letter.

Meant to let every real address through, including incomplete ones the province and
district steps complete: a house number (or a numbered หมู่, ซอย, floor, postcode) with
one place word or a place name, or, without any number, two place words (rural
addresses: "บ้านดอนแดง ตำบลโนนสูง อำเภอเมือง จังหวัดขอนแก่น"). English, Google-style
addresses ("123 Sukhumvit Rd, Khlong Toei, Bangkok 10110") count the same way.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from core.domain.geo import find_location
from core.domain.people import ValidationError, read_phone, split_title
from core.domain.thai_text import strip_polite_particles, thai_digits_to_arabic

# Kinds of place words; each kind found counts once. A dotted abbreviation right after
# another dot is part of a rank (ร.ต.อ., จ.ส.อ.), not a place.
_ABBR = r"(?<!\.)"
PLACE_WORDS: dict[str, str] = {
    "house": r"บ้านเลขที่|เลขที่",
    "moo": rf"หมู่(?!บ้าน)|{_ABBR}ม\.\s*\d",
    "village": rf"หมู่บ้าน|{_ABBR}มบ\.|ชุมชน|นิคม|โครงการ",
    "building": r"คอนโด|อาคาร|ตึก|แฟลต|อพาร์[ทต]|แมนชั่น|หอพัก|ทาวน์เฮ้?าส์|ชั้น|ห้อง",
    "road": rf"ถนน|{_ABBR}ถ\.|ตรอก|ทางหลวง",
    "lane": rf"ซอย|{_ABBR}ซ\.",
    "subdistrict": rf"ตำบล|{_ABBR}ต\.|แขวง",
    "district": rf"อำเภอ|{_ABBR}อ\.|เขต",
    "province": rf"จังหวัด|{_ABBR}จ\.",
    "english": (r"(?<![a-z])(?:road|rd|street|st|soi|lane|moo|village|tambon|amphoe|amphur"
                r"|khwaeng|khet|sub-?district|district|province|building|bldg|floor|condo"
                r"|condominium|apartment|apt|tower|room|unit)(?![a-z])"),
}
_PLACE = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in PLACE_WORDS.items()}
_POSTCODE = re.compile(r"(?<!\d)\d{5}(?!\d)")
# The same letter five times or more: not an address (กกกกกกก…).
_RUN = re.compile(r"([^\W\d_])\1{4,}")
_PHONE_WORDS = re.compile(r"เบอร์(?:โทร(?:ศัพท์)?)?|โทร(?:ศัพท์)?\.?|มือถือ|tel\.?|mobile",
                          re.IGNORECASE)

NOT_AN_ADDRESS_PHONE = ("ข้อความนี้เป็นหมายเลขโทรศัพท์ค่ะ ขั้นตอนนี้ขอที่อยู่ "
                        "(จะขอเบอร์โทรศัพท์ในขั้นตอนถัดไป)")
NOT_AN_ADDRESS_NAME = "ข้อความนี้ดูเหมือนชื่อ-นามสกุลค่ะ ขั้นตอนนี้ขอที่อยู่ที่ติดต่อได้"
NOT_AN_ADDRESS_RUN = "ที่อยู่นี้มีตัวอักษรเดียวกันซ้ำติดกันหลายตัว ดูไม่ใช่ที่อยู่จริงค่ะ"
NO_PLACE = ("ไม่พบชื่อสถานที่ในที่อยู่นี้ค่ะ (เช่น หมู่ ถนน ซอย ตำบล/แขวง อำเภอ/เขต จังหวัด "
            "หรือรหัสไปรษณีย์)")
NO_HOUSE_NUMBER = ("ที่อยู่นี้ยังไม่มีบ้านเลขที่ค่ะ หากไม่มีบ้านเลขที่ กรุณาระบุหมู่บ้าน ตำบล "
                   "อำเภอ และจังหวัด หรือกด \"ส่งตำแหน่งที่ตั้ง\"")
# What `address_issue` finds, and how the LINE conversation tells the complainant; staff
# pages word the same issues for staff (admin/forms_new.py).
PROBLEMS_TH = {"phone": NOT_AN_ADDRESS_PHONE, "name": NOT_AN_ADDRESS_NAME,
               "run": NOT_AN_ADDRESS_RUN, "no_place": NO_PLACE,
               "no_house_number": NO_HOUSE_NUMBER}


def _without_phones(text: str) -> tuple[str, bool]:
    """The text with phone numbers (and the words naming them) taken out; whether any was."""
    found = False
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "TH"))):
        text = text[: match.start] + " " + text[match.end:]
        found = True
    if found:
        text = _PHONE_WORDS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,:;-"), found


def _is_a_phone(text: str) -> bool:
    try:
        read_phone(text)
    except ValidationError:
        return False
    return True


def place_kinds(text: str) -> set[str]:
    """The kinds of place words in a text, with the province, district and postcode that
    `find_location` sees (a province named and จังหวัด count once: "province")."""
    kinds = {kind for kind, pattern in _PLACE.items() if pattern.search(text)}
    if _POSTCODE.search(text):
        kinds.add("postcode")
    found = find_location(text)
    if found is not None:
        kinds.update(found.source.split("+"))
    return kinds


def address_issue(text: str) -> str | None:
    """Why a typed text is not an address, as a key of PROBLEMS_TH; None if it may be one."""
    text = strip_polite_particles(
        thai_digits_to_arabic(unicodedata.normalize("NFC", text or "")))
    if _is_a_phone(text):
        return "phone"
    rest, had_phone = _without_phones(text)
    if _RUN.search(rest):
        return "run"
    kinds = place_kinds(rest)
    numbered = bool(re.search(r"\d", rest)) or "house" in kinds
    if (numbered and kinds) or len(kinds) >= 2:
        return None  # without a house number, two of village, subdistrict, district…
    if had_phone:
        return "phone"
    if not numbered and split_title(rest)[0]:
        return "name"
    return "no_house_number" if kinds else "no_place"


def address_problem(text: str) -> str | None:
    """Why a typed text is not an address (a polite Thai sentence), or None if it may be."""
    issue = address_issue(text)
    return PROBLEMS_TH[issue] if issue else None
