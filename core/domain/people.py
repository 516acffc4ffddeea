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

from core.domain import name_titles
from core.domain.errors import DomainError
from core.domain.thai_text import strip_polite_particles, thai_digits_to_arabic

MAX_PART_CHARS = 60
NAME_EXAMPLE = "เช่น นางสาวสมใจ ใจดี"
PHONE_EXAMPLE = "เช่น 0812345678 หรือ 021234567"

_LATIN_TITLE = re.compile(r"^(mrs|mr|ms|miss|dr)(?:\.\s*|\s+)", re.IGNORECASE)
_LATIN_TITLE_FORM = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "dr": "Dr."}
_URL = re.compile(r"https?:|www\.|\.(?:com|net|org|co|th|ly)\b|@", re.IGNORECASE)
# Thai letters, vowels and marks (no digits, no ๆ, no ฿) and Latin letters; . - ' between.
_NAME_START = "\u0E01-\u0E2E\u0E40-\u0E44A-Za-z"  # consonants, leading vowels, Latin
_NAME_PART = re.compile(rf"^[{_NAME_START}][\u0E01-\u0E3A\u0E40-\u0E45\u0E47-\u0E4EA-Za-z.'\- ]*$")
_THAI_MARKS = re.compile(r"[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]")
MAX_TITLE_CHARS = 40  # cases.title


def _title_pattern(typed: str) -> str:
    """A typed title as a regex: an abbreviation's dots optional (named groups count them)."""
    if "." not in typed:
        return re.escape(typed)
    parts = typed.rstrip(".").split(".")
    inner = "".join(rf"{re.escape(part)}(?:(?P<d{i}>\.)\s?)?" for i, part in
                    enumerate(parts[:-1]))
    return rf"{inner}{re.escape(parts[-1])}(?P<final>\.)?"


def _compile_titles() -> list[tuple[re.Pattern[str], str, bool, str, bool]]:
    """(pattern, stored, rank, letters, abbreviation) for every typed form, longest first."""
    rows = []
    for title in name_titles.THAI_TITLES + name_titles.SPACED_ONLY:
        for typed in title.typed:
            letters = typed.replace(".", "").replace(" ", "")
            rows.append((re.compile(_title_pattern(typed)), title.stored, title.rank,
                         letters, "." in typed))
    return sorted(rows, key=lambda row: -len(row[3]))


_TITLE_FORMS = _compile_titles()
_SPACED_ONLY = {t.stored for t in name_titles.SPACED_ONLY}
_FEMALE = re.compile(r"\s?หญิง")


def _label_pattern(label: str) -> str:
    return r"\s*[-–/]?\s*".join(map(re.escape, re.split(r"\s*-\s*", label)))


_LABELS = "|".join(_label_pattern(x) for x in sorted(set(name_titles.NAME_LABELS),
                                                     key=len, reverse=True))
_SPEAKERS = "|".join(map(re.escape, name_titles.SPEAKERS))
_SPEAKERS_ALONE = "|".join(map(re.escape, name_titles.SPEAKERS_ALONE))
# "ผมชื่อ", "ดิฉัน ชื่อ-นามสกุล:", "ชื่อ", "ผม " at the start of a name.
_LEADING_LABEL = re.compile(
    rf"^(?:(?:(?:{_SPEAKERS})\s*)?(?:{_LABELS})(?:\s*คือ)?\s*[:：]?\s*|(?:{_SPEAKERS_ALONE})\s+)"
)
# "สมชาย นามสกุล ใจดี", "สมชาย สกุล: ใจดี".
_SURNAME_LABEL = re.compile(r"\s+(?:นามสกุล(?:\s*คือ)?\s*[:：]?\s*|สกุล(?:\s*[:：]\s*|\s+))")


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
    """What was typed for a name, without polite particles at its end (ใจงาม ค่ะ) and
    labels around it (ชื่อ, นามสกุล, ผมชื่อ …; `core/domain/name_titles.py`)."""
    text = strip_polite_particles(_clean(text))
    text = _SURNAME_LABEL.sub(" ", _LEADING_LABEL.sub("", text, count=1))
    return strip_polite_particles(text)


def _may_follow(rest: str, *, glued: bool) -> bool:
    """Whether a title may end where `rest` starts: a space, the end, or (glued) a name."""
    if not rest or rest[0] == " ":
        return True
    return glued and bool(re.match(rf"[{_NAME_START}]", rest))


def _one_title(text: str) -> tuple[str, str, bool] | None:
    """(stored, rest, rank) of the title at the start of the text, or None."""
    for pattern, stored, rank, letters, abbreviation in _TITLE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        dots = sum(1 for value in match.groupdict().values() if value)
        if abbreviation and not dots and (
                len(letters) < 3 and letters not in name_titles.DOTLESS_ABBREVIATIONS):
            continue
        glued = stored not in _SPACED_ONLY and (not abbreviation or bool(match["final"]))
        end = match.end()
        if rank:
            female = _FEMALE.match(text, end)
            if female and _may_follow(text[female.end():], glued=True):
                stored, end = stored + "หญิง", female.end()
        if _may_follow(text[end:], glued=glued):
            return stored, text[end:].lstrip(), rank
    return None


def _thai_titles(text: str) -> tuple[str | None, str]:
    """Thai titles at the start (several: ผศ.ดร., ว่าที่ ร.ต.), joined, and the rest."""
    titles: list[str] = []
    rest = text
    for _ in range(4):
        acting = rest.startswith(name_titles.ACTING)
        after = rest[len(name_titles.ACTING):].lstrip() if acting else rest
        found = _one_title(after)
        if found is None or (acting and not found[2]):
            break
        stored, rest, _rank = found
        if acting:
            base = stored.removesuffix("หญิง")
            stored = (name_titles.ACTING + name_titles.ACTING_RANKS.get(base, base)
                      + stored[len(base):])
        titles.append(stored)
    if not titles:
        return None, text
    joined = titles[0]
    for title in titles[1:]:
        joined += title if joined.endswith(".") else " " + title
    if len(joined) > MAX_TITLE_CHARS:
        joined = text[: len(text) - len(rest)].strip()[:MAX_TITLE_CHARS]
    return joined, rest


def split_title(text: str) -> tuple[str | None, str]:
    """Separate leading titles (นาย, น.ส., พ.ต.ท., ผศ.ดร., Mr …) from the rest.

    The title is normalised (`core/domain/name_titles.py`); labels (ชื่อ, ผมชื่อ …) and
    polite particles are taken off first.
    """
    text = clean_name_text(text)
    title, rest = _thai_titles(text)
    if title:
        return title, rest
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
# Dashes that phones and autocorrect put between digit groups (081–234–5678).
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))
_PHONE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
                PhoneNumberType.FIXED_LINE_OR_MOBILE}
_LENGTHS_TH = "(เบอร์มือถือมี 10 หลัก เบอร์บ้านมี 9 หลัก)"


def _phone_error(reason: str) -> ValidationError:
    return ValidationError(f"หมายเลขโทรศัพท์ไม่ถูกต้องค่ะ: {reason} กรุณาพิมพ์ใหม่ {PHONE_EXAMPLE}")


def _phone_text(text: str) -> str:
    """NFKC, Arabic digits, ASCII hyphens."""
    return thai_digits_to_arabic(unicodedata.normalize("NFKC", text or "")).translate(_DASHES)


def normalize_phone(text: str) -> str:
    """Digits-only national form (0812345678, 021234567) of a Thai number, or raise.

    Spaces, dashes, dots and brackets between digits, +66, 66 and 0066 are accepted;
    anything else is refused with the reason (letters, too short or long, not Thai).
    """
    raw = _PHONE_JUNK.sub("", _phone_text(text))
    if not re.search(r"\d", raw):
        raise _phone_error("ไม่พบตัวเลขในข้อความ")
    if not re.fullmatch(r"\+?\d+", raw):
        raise _phone_error("มีตัวอักษรหรือเครื่องหมายปนอยู่ (พิมพ์เฉพาะตัวเลข)")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+"):
        raw = raw[1:]
        if not raw.startswith("66"):
            raise ValidationError(f"รับเฉพาะหมายเลขโทรศัพท์ในประเทศไทยค่ะ {PHONE_EXAMPLE}")
    if raw.startswith("66") and len(raw) > 9:
        raw = "0" + raw[2:].removeprefix("0")
    not_thai = _phone_error("ไม่ใช่เบอร์มือถือหรือเบอร์บ้านในประเทศไทย "
                            "(เบอร์มือถือขึ้นต้นด้วย 06 08 09 เบอร์บ้านขึ้นต้นด้วย 02-05 07)")
    expected = 10 if raw[:2] in ("06", "08", "09") else 9
    if len(raw) < min(expected, 9):
        raise _phone_error(f"สั้นเกินไป {_LENGTHS_TH}")
    if raw[:2] not in ("02", "03", "04", "05", "06", "07", "08", "09"):
        raise not_thai
    if len(raw) < expected:
        raise _phone_error(f"สั้นเกินไป {_LENGTHS_TH}")
    if len(raw) > expected:
        raise _phone_error(f"ยาวเกินไป {_LENGTHS_TH}")
    try:
        number = phonenumbers.parse(raw, "TH")
    except phonenumbers.NumberParseException:
        raise not_thai from None
    if (not phonenumbers.is_valid_number(number) or number.country_code != 66
            or phonenumbers.number_type(number) not in _PHONE_TYPES):
        raise not_thai
    return "0" + str(number.national_number)


@dataclass(frozen=True)
class PhoneReading:
    """A phone number read from a chat message; an extension is told apart, not kept."""

    number: str
    extension: str | None = None


# Words around a number in a chat: "เบอร์ 081…", "โทร. 081…", "เบอร์โทรศัพท์คือ 081…".
_PHONE_WORDS = re.compile(
    r"^(?:(?:เบอร์|หมายเลข)(?:โทร(?:ศัพท์)?)?(?:มือถือ|บ้าน|ติดต่อ(?:กลับ)?)?|โทร(?:ศัพท์)?"
    r"(?:มือถือ)?|มือถือ|ติดต่อ(?:กลับ)?(?:ที่)?|tel|phone|mobile|mob|คือ)\.?\s*[:：]?\s*",
    re.IGNORECASE,
)
_EXTENSION = re.compile(r"\s*(?:ต่อ|ext|extension|x|#)\.?\s*(\d{1,5})$", re.IGNORECASE)


def read_phone(text: str) -> PhoneReading:
    """The Thai phone number in a chat message, or raise ValidationError with the reason.

    Polite particles and words around the number are dropped ("0812345678 ค่ะ",
    "เบอร์ 081-234-5678", "โทร 081–234–5678"); an extension ("02 123 4567 ต่อ 12") is
    returned apart, as `number` must stay a number that can be dialled and compared.
    """
    cleaned = strip_polite_particles(_phone_text(text))
    for _ in range(3):
        cleaned = _PHONE_WORDS.sub("", cleaned)
    extension = _EXTENSION.search(cleaned)
    if extension:
        cleaned = cleaned[: extension.start()]
    if len(list(phonenumbers.PhoneNumberMatcher(cleaned, "TH"))) > 1:
        raise _phone_error("พิมพ์มาหลายหมายเลข (ขอหมายเลขเดียว)")
    return PhoneReading(normalize_phone(cleaned), extension.group(1) if extension else None)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", thai_digits_to_arabic(phone or ""))


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
