"""Complainant names and phone numbers: parse, validate and mask what people type in LINE.

Errors are raised as `ValidationError`; `str(error)` (also `error.message_th`) is a Thai
sentence for the complainant that includes an example of what is expected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

from core.domain.errors import DomainError
from core.domain.thai_text import strip_polite_particles

MAX_PART_CHARS = 60
NAME_EXAMPLE = "เช่น นางสาวสมใจ ใจดี"
PHONE_EXAMPLE = "เช่น 0812345678 หรือ 021234567"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Typed form -> stored form, longest first so นางสาว wins over นาง.
_TITLES: list[tuple[str, str]] = sorted(
    [
        ("นาย", "นาย"), ("นาง", "นาง"), ("นางสาว", "นางสาว"), ("น.ส.", "นางสาว"),
        ("นส.", "นางสาว"), ("เด็กชาย", "เด็กชาย"), ("ด.ช.", "เด็กชาย"), ("ดช.", "เด็กชาย"),
        ("เด็กหญิง", "เด็กหญิง"), ("ด.ญ.", "เด็กหญิง"), ("ดญ.", "เด็กหญิง"), ("ดร.", "ดร."),
        ("ว่าที่ร้อยตรี", "ว่าที่ร้อยตรี"), ("ว่าที่ ร.ต.", "ว่าที่ร้อยตรี"),
        ("ว่าที่ร.ต.", "ว่าที่ร้อยตรี"), ("ว่าที่ร้อยตรีหญิง", "ว่าที่ร้อยตรีหญิง"),
        ("ว่าที่ ร.ต.หญิง", "ว่าที่ร้อยตรีหญิง"), ("ว่าที่ร.ต.หญิง", "ว่าที่ร้อยตรีหญิง"),
    ],
    key=lambda pair: -len(pair[0]),
)
# Titles that need a following space (a bare "นส" could start a name).
_SPACED_TITLES = {"นส": "นางสาว", "ดช": "เด็กชาย", "ดญ": "เด็กหญิง"}
_LATIN_TITLE = re.compile(r"^(mrs|mr|ms|miss|dr)(?:\.\s*|\s+)", re.IGNORECASE)
_LATIN_TITLE_FORM = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "dr": "Dr."}
_URL = re.compile(r"https?:|www\.|\.(?:com|net|org|co|th|ly)\b|@", re.IGNORECASE)
# Thai letters, vowels and marks (no digits, no ๆ, no ฿) and Latin letters; . - ' between.
_NAME_START = "\u0E01-\u0E2E\u0E40-\u0E44A-Za-z"  # consonants, leading vowels, Latin
_NAME_PART = re.compile(rf"^[{_NAME_START}][\u0E01-\u0E3A\u0E40-\u0E45\u0E47-\u0E4EA-Za-z.'\- ]*$")
_THAI_MARKS = re.compile(r"[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]")


class ValidationError(DomainError):
    """Input that cannot be accepted; the message is Thai, with an example."""

    def __init__(self, message_th: str) -> None:
        super().__init__(message_th)
        self.message_th = message_th


@dataclass(frozen=True)
class ParsedName:
    """A full name split into an optional normalised title, first name and last name."""

    title: str | None
    first_name: str
    last_name: str


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def clean_name_text(text: str) -> str:
    """What was typed for a name, without the polite particles at its end (ใจงาม ค่ะ)."""
    return strip_polite_particles(_clean(text))


def split_title(text: str) -> tuple[str | None, str]:
    """Separate a leading title (นาย, น.ส., Mr …) from the rest; the title is normalised."""
    text = clean_name_text(text)
    for typed, stored in _TITLES:
        rest = text[len(typed):]
        if text.startswith(typed) and (not rest or re.match(rf"[\s{_NAME_START}]", rest)):
            return stored, rest.strip()
    head, _, rest = text.partition(" ")
    if head in _SPACED_TITLES and rest:
        return _SPACED_TITLES[head], rest.strip()
    match = _LATIN_TITLE.match(text)
    if match:
        return _LATIN_TITLE_FORM[match.group(1).lower()], text[match.end():].strip()
    return None, text


def _part_problem(part: str, field_th: str) -> str | None:
    """Why a cleaned name part is refused (Thai), or None when it is acceptable."""
    if not part:
        return f"ยังไม่ได้พิมพ์{field_th}"
    if re.search(r"[0-9๐-๙]", part):
        return f"{field_th}ต้องไม่มีตัวเลข"
    if _URL.search(part):
        return f"{field_th}ต้องไม่เป็นลิงก์หรืออีเมล"
    if len(part) > MAX_PART_CHARS:
        return f"{field_th}ยาวเกิน {MAX_PART_CHARS} ตัวอักษร"
    if not _NAME_PART.match(part):
        return f"{field_th}มีเครื่องหมายหรืออักขระที่ใช้ไม่ได้"
    letters = _THAI_MARKS.sub("", re.sub(r"[\s.'\-]", "", part))
    if len(letters) < 2 or len(set(letters.lower())) == 1:
        return f"{field_th}สั้นเกินไปหรือไม่ใช่ชื่อจริง"
    return None


def validate_name_part(text: str, *, field_th: str = "ชื่อ", example: str = "สมใจ") -> str:
    """Return one cleaned name part (first or last name) or raise ValidationError."""
    part = clean_name_text(text)
    problem = _part_problem(part, field_th)
    if problem:
        raise ValidationError(f"{problem} กรุณาพิมพ์{field_th}อีกครั้ง เช่น {example}")
    return part


def parse_full_name(text: str) -> ParsedName:
    """Parse "title first last" (title optional) or raise ValidationError with an example."""
    cleaned = clean_name_text(text)
    if re.search(r"[0-9๐-๙]", cleaned):
        raise ValidationError(f"ชื่อและนามสกุลต้องไม่มีตัวเลข กรุณาพิมพ์ใหม่ {NAME_EXAMPLE}")
    title, rest = split_title(cleaned)
    first, _, last = rest.partition(" ")
    if not first or not last:
        raise ValidationError(
            f"กรุณาพิมพ์ชื่อและนามสกุล เว้นวรรคระหว่างชื่อกับนามสกุล {NAME_EXAMPLE}"
        )
    problem = _part_problem(first, "ชื่อ") or _part_problem(last, "นามสกุล")
    if problem:
        raise ValidationError(f"{problem} กรุณาพิมพ์ชื่อและนามสกุลอีกครั้ง {NAME_EXAMPLE}")
    return ParsedName(title=title, first_name=first, last_name=last)


_PHONE_JUNK = re.compile(r"[\s\-.()/]")
_PHONE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
                PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(text: str) -> str:
    """Digits-only national form (0812345678, 021234567) of a Thai number, or raise."""
    bad = ValidationError(f"หมายเลขโทรศัพท์ไม่ถูกต้อง กรุณาพิมพ์เบอร์มือถือหรือเบอร์บ้าน {PHONE_EXAMPLE}")
    raw = _PHONE_JUNK.sub("", unicodedata.normalize("NFKC", text or "").translate(_THAI_DIGITS))
    if not re.fullmatch(r"\+?\d{8,13}", raw):
        raise bad
    if raw.startswith("+"):
        raw = raw[1:]
        if not raw.startswith("66"):
            raise ValidationError(f"รับเฉพาะหมายเลขโทรศัพท์ในประเทศไทย {PHONE_EXAMPLE}")
    if raw.startswith("66"):
        raw = "0" + raw[2:].removeprefix("0")
    if not raw.startswith("0"):
        raise bad
    try:
        number = phonenumbers.parse(raw, "TH")
    except phonenumbers.NumberParseException:
        raise bad from None
    if not phonenumbers.is_valid_number(number) or number.country_code != 66:
        raise bad
    if phonenumbers.number_type(number) not in _PHONE_TYPES:
        raise bad
    return "0" + str(number.national_number)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", (phone or "").translate(_THAI_DIGITS))


def last4(phone: str) -> str:
    """The last four digits of a phone number (fewer if it has fewer)."""
    return _digits(phone)[-4:]


def mask_phone(phone: str) -> str:
    """A phone number safe for logs and messages: 081-xxx-5678, 02-xxx-4567."""
    digits = _digits(phone)
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return "xxx"
    head = digits[:3] if len(digits) >= 10 else digits[:2]
    return f"{head}-xxx-{digits[-4:]}"
