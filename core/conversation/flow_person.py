"""Who the complainant is: name, address (text or LINE location) and phone."""

from __future__ import annotations

import re

from core.conversation import inputs
from core.conversation.progress import BANGKOK, not_text, proceed, stale
from core.conversation.turn import Turn
from core.domain.addresses import address_problem
from core.domain.geo import (
    district_by_name,
    district_name,
    find_location,
    province_by_name,
    province_name,
    subdistrict_districts,
)
from core.domain.people import (
    ValidationError,
    clean_name_text,
    parse_full_name,
    read_phone,
    split_title,
    validate_name_part,
)
from core.domain.thai_text import strip_polite_particles

MIN_ADDRESS_CHARS = 10
MAX_ADDRESS_CHARS = 500
MAX_NAME_MESSAGE_CHARS = 200
ADDRESS_EXAMPLE = "เช่น 99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400"


def on_name(t: Turn) -> None:
    """NAME: "title first last" in one message, or the first name alone (surname next)."""
    draft = t.mem.draft
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    if len(t.text) > MAX_NAME_MESSAGE_CHARS:
        return t.reprompt("ข้อความยาวเกินไปสำหรับชื่อ-นามสกุล")
    try:
        name = parse_full_name(t.text)
    except ValidationError as error:
        title, rest = split_title(t.text)
        if rest and " " not in rest and not any(ch.isdigit() for ch in t.text):
            try:
                draft.first_name = validate_name_part(rest)
            except ValidationError:
                return t.say(error.message_th, *_cancel_only(t))
            draft.title, draft.last_name = title, None
            return proceed(t)
        return t.say(error.message_th, *_cancel_only(t))
    draft.title, draft.first_name, draft.last_name = name.title, name.first_name, name.last_name
    proceed(t)


def on_surname(t: Turn) -> None:
    """SURNAME: the last name, when the first name came alone.

    One word (after polite particles: "ใจงาม ค่ะ") or a ณ surname ("ณ อยุธยา") is the
    surname; more words are the whole name typed again.
    """
    draft = t.mem.draft
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    text = clean_name_text(t.text)
    try:
        if " " in text and not text.startswith("ณ "):
            name = parse_full_name(text)
            draft.title = name.title or draft.title
            draft.first_name, draft.last_name = name.first_name, name.last_name
        else:
            draft.last_name = validate_name_part(text, field_th="นามสกุล", example="ใจดี")
    except ValidationError as error:
        return t.say(error.message_th, *_cancel_only(t))
    proceed(t)


def _cancel_only(t: Turn) -> tuple:
    from core.conversation.prompts import prompt_for

    replies = prompt_for(t.state, t.mem, t.ctx)
    return replies[-1].choices if replies else ()


def set_address(t: Turn, address: str) -> None:
    """Keep the address and the province/district found in it; ask for what is missing."""
    draft = t.mem.draft
    found = find_location(address)
    draft.address = address
    draft.province_code = found.province_code if found else None
    draft.district_code = found.district_code if found else None
    draft.district_done = False
    if found:
        where = province_name(found.province_code) or ""
        if found.district_code:
            where = f"{district_name(found.district_code)} {where}"
        return proceed(t, f"บันทึกที่อยู่แล้ว ({where.strip()})")
    proceed(t, "บันทึกที่อยู่แล้ว แต่ยังไม่ทราบจังหวัด")


def on_address(t: Turn) -> None:
    """ADDRESS: free text that can be an address (`address_problem`), or a LINE location."""
    if t.command:
        return stale(t)
    if isinstance(t.event, inputs.Location):
        event = t.event
        place = " ".join(x for x in (event.title, event.address) if x).strip()
        if not place:
            return t.reprompt("ตำแหน่งที่ส่งมาไม่มีที่อยู่ กรุณาพิมพ์ที่อยู่")
        coords = f" (พิกัด {event.latitude:.5f},{event.longitude:.5f})"
        return set_address(t, place[:MAX_ADDRESS_CHARS - len(coords)] + coords)
    if t.text is None:
        return not_text(t)
    if len(t.text) < MIN_ADDRESS_CHARS:
        return t.say(f"ที่อยู่สั้นเกินไป กรุณาพิมพ์ให้ครบ {ADDRESS_EXAMPLE}", *_cancel_only(t))
    if len(t.text) > MAX_ADDRESS_CHARS:
        return t.say(f"ที่อยู่ยาวเกิน {MAX_ADDRESS_CHARS} ตัวอักษร กรุณาพิมพ์ให้กระชับ "
                     f"{ADDRESS_EXAMPLE}", *_cancel_only(t))
    problem = address_problem(t.text)
    if problem:
        return t.say(f"{problem}\nกรุณาพิมพ์ที่อยู่ {ADDRESS_EXAMPLE}", *_cancel_only(t))
    set_address(t, strip_polite_particles(t.text))


def on_province(t: Turn) -> None:
    """PROVINCE: a province name, abbreviation or postal code."""
    draft = t.mem.draft
    if t.command:
        return stale(t)
    text = t.text
    if isinstance(t.event, inputs.Location):
        text = t.event.address
    if text is None:
        return not_text(t)
    text = strip_polite_particles(text)
    found = find_location(text)
    code = found.province_code if found else province_by_name(text)
    if not code:
        return t.say(f"ไม่พบจังหวัด \"{text[:50]}\" กรุณาพิมพ์ชื่อจังหวัดอีกครั้ง "
                     "เช่น เชียงใหม่ นครราชสีมา หรือ กทม.", *_cancel_only(t))
    draft.province_code = code
    draft.district_code = found.district_code if found and found.province_code == code else None
    proceed(t, province_label(code))


def province_label(code: str) -> str:
    """จังหวัดเชียงใหม่; Bangkok is not a จังหวัด: กรุงเทพมหานคร."""
    name = province_name(code) or ""
    return name if code == BANGKOK else f"จังหวัด{name}"


def on_district(t: Turn) -> None:
    """DISTRICT: the Bangkok district (routing to an area office needs it)."""
    draft = t.mem.draft
    if t.command == "district:skip":
        draft.district_done = True
        return proceed(t)
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    text = strip_polite_particles(t.text)
    subdistrict = re.match(r"\s*(?:แขวง|ตำบล|ต\.)", text)
    code = None if subdistrict else district_by_name(text, BANGKOK)
    within = [] if code else subdistrict_districts(text, BANGKOK)
    if len(within) == 1:
        code = within[0]
    elif within or subdistrict:
        # A แขวง of that name is in several เขต (บางมด), or none we know of.
        where = "และ".join(f"เขต{district_name(c)}" for c in within)
        return t.say(f"\"{text[:50]}\" เป็นชื่อแขวงค่ะ" + (f" ซึ่งมีทั้งใน{where}" if where else "")
                     + " ขั้นตอนนี้ขอชื่อเขต กรุณาพิมพ์ชื่อเขตที่แขวงนี้อยู่ เช่น บางรัก "
                     "หรือกด \"ไม่ทราบเขต\"", *_cancel_only(t))
    if not code:
        return t.say(f"ไม่พบเขต \"{text[:50]}\" ในกรุงเทพมหานคร กรุณาพิมพ์อีกครั้ง "
                     "เช่น บางรัก จตุจักร หรือ ลาดกระบัง", *_cancel_only(t))
    draft.district_code = code
    proceed(t, f"เขต{district_name(code)}")


def on_phone(t: Turn) -> None:
    """PHONE: a Thai mobile or landline, as people type it (`read_phone`).

    An extension cannot be kept (the number is dialled and compared as digits): the
    complainant is told it was left out.
    """
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    try:
        reading = read_phone(t.text)
    except ValidationError as error:
        return t.say(error.message_th, *_cancel_only(t))
    t.mem.draft.phone = reading.number
    if reading.extension:
        return proceed(t, f"บันทึกหมายเลขโทรศัพท์แล้วค่ะ ไม่ได้บันทึกเบอร์ต่อ ({reading.extension}) "
                          "เจ้าหน้าที่จะโทรเข้าหมายเลขหลัก")
    proceed(t)
