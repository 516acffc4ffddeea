"""Linking a phone or letter case to LINE, and tracking one's cases."""

from __future__ import annotations

import re
from datetime import datetime

from core.conversation import inputs
from core.conversation.commands import fold
from core.conversation.context import LINK_LOCK, LINK_MAX_ATTEMPTS
from core.conversation.progress import not_text, stale
from core.conversation.replies import LinkCase, ListCases
from core.conversation.states import DRAFT_STATES, State
from core.conversation.turn import Turn
from core.domain.clock import BANGKOK
from core.domain.thai_text import thai_digits_to_arabic
from core.domain.thaidate import thai_date, thai_datetime

_TRACKING = re.compile(r"^(\d{4})[-–—/ ]?(\d{6})$")
_TRACKING_IN_TEXT = re.compile(r"(?<!\d)(25\d\d)\s*[-–—/]?\s*(\d{6})(?!\d)")  # B.E. year
MAX_LISTED = 10
# A short text with one of these (folded: no spaces) asks about a case already filed.
TRACK_PHRASES = (
    "ติดตามเรื่อง", "ติดตามผล", "ติดตามสถานะ", "ติดตามความคืบหน้า", "ติดตามคำร้อง", "ขอติดตาม",
    "ความคืบหน้า", "สถานะเรื่อง", "สถานะการร้องเรียน", "สถานะคำร้อง", "ตรวจสอบสถานะ",
    "เช็คสถานะ", "เช็กสถานะ", "ดูสถานะ", "ถึงไหนแล้ว", "ไปถึงไหน", "เลขที่เรื่อง",
)
TRACK_REQUEST_MAX_CHARS = 60  # longer texts are complaints that happen to mention these


def link_locked_until(t: Turn) -> datetime | None:
    """When linking may be tried again, if too many wrong attempts were made."""
    until = t.mem.link_locked_until
    moment = datetime.fromisoformat(until) if until else None
    return moment if moment and moment > t.ctx.now else None


def start_link(t: Turn) -> None:
    """Begin linking a case filed by phone or letter (unless locked out)."""
    locked = link_locked_until(t)
    if locked:
        return t.reprompt(f"ลองเชื่อมเรื่องผิดหลายครั้ง กรุณาลองใหม่หลัง "
                          f"{thai_datetime(locked.astimezone(BANGKOK))} "
                          "หรือติดต่อสายด่วน 1506")
    if t.state in DRAFT_STATES:
        t.mem.back = t.state
    elif t.state in (State.RESUME, State.CANCEL_CONFIRM) and t.mem.back in DRAFT_STATES:
        t.mem.pending = None  # the question is dropped; linking returns to the draft's step
    elif t.state == State.CONSENT and t.mem.pending_parts:
        t.mem.back = State.CONSENT  # texts typed before consent wait for the answer
    elif t.state not in (State.LINK_TRACKING, State.LINK_PHONE):
        t.mem.back = None
    t.go(State.LINK_TRACKING)


def parse_tracking(text: str) -> str | None:
    """`2569-000123` from what was typed (Thai digits, spaces or no dash accepted)."""
    cleaned = thai_digits_to_arabic(text).strip().replace(" ", "")
    match = _TRACKING.match(cleaned)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def tracking_in(text: str) -> str | None:
    """A tracking number (`2569-000123`) written somewhere in a text."""
    match = _TRACKING_IN_TEXT.search(thai_digits_to_arabic(text))
    return f"{match.group(1)}-{match.group(2)}" if match else None


def asks_to_track(text: str) -> bool:
    """True when a short text asks about a filed case (a tracking phrase or number)."""
    key = fold(text)
    if len(key) > TRACK_REQUEST_MAX_CHARS:
        return False
    return tracking_in(text) is not None or any(phrase in key for phrase in TRACK_PHRASES)


def track(t: Turn, text: str) -> None:
    """List the person's cases, as the menu's ติดตามเรื่อง does."""
    t.do(ListCases(tracking_in(text)))


def on_link_tracking(t: Turn) -> None:
    """LINK_TRACKING: the tracking number given by the officer."""
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    tracking = parse_tracking(t.text)
    if not tracking:
        return t.reprompt("เลขที่เรื่องไม่ถูกต้อง เลขที่เรื่องมี 4 หลัก ขีด และอีก 6 หลัก")
    t.mem.link_tracking = tracking
    t.go(State.LINK_PHONE)


def on_link_phone(t: Turn) -> None:
    """LINK_PHONE: the last four digits of the phone number given with the complaint."""
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)
    digits = re.sub(r"[\s\-]", "", thai_digits_to_arabic(t.text))
    if not re.fullmatch(r"\d{4}", digits) or not t.mem.link_tracking:
        return t.reprompt("กรุณาพิมพ์ตัวเลข 4 หลัก")
    t.do(LinkCase(t.mem.link_tracking, digits))


def on_link_result(t: Turn, result: inputs.LinkResult) -> None:
    """The outcome of LinkCase: linked, or one more wrong attempt (locked after five)."""
    mem = t.mem
    mem.link_tracking = None
    if result.ok:
        mem.link_attempts, mem.link_locked_until = 0, None
        lead = (f"เชื่อมเรื่องเลขที่ {result.tracking_no} กับบัญชี LINE นี้แล้ว "
                "ท่านจะได้รับแจ้งความคืบหน้าทาง LINE และดูสถานะได้ที่เมนู \"ติดตามเรื่อง\"")
        return leave_link(t, lead)
    if result.linked_elsewhere:  # the right number and digits: not a wrong attempt
        return leave_link(t, f"เรื่องเลขที่ {result.tracking_no} เชื่อมกับบัญชี LINE อื่นไว้แล้ว "
                             "จึงเชื่อมกับบัญชีนี้ไม่ได้ หากท่านเป็นผู้ร้องเรียนเรื่องนี้ "
                             "กรุณาติดต่อสายด่วน 1506")
    until = count_failure(t)
    if until:
        return leave_link(t, "ข้อมูลไม่ตรงกันหลายครั้ง เพื่อความปลอดภัยของข้อมูล กรุณาลองใหม่หลัง "
                             f"{thai_datetime(until.astimezone(BANGKOK))} หรือติดต่อสายด่วน 1506")
    t.state = State.LINK_TRACKING
    t.reprompt("ไม่พบเรื่องที่ตรงกับเลขที่เรื่องและเลข 4 หลักท้ายของเบอร์โทรศัพท์นี้ "
               "กรุณาตรวจสอบแล้วลองอีกครั้ง")


def count_failure(t: Turn) -> datetime | None:
    """One more wrong linking attempt; after five, linking is locked (returns until when)."""
    mem = t.mem
    mem.link_attempts += 1
    if mem.link_attempts < LINK_MAX_ATTEMPTS:
        return None
    until = t.ctx.now + LINK_LOCK
    mem.link_attempts, mem.link_locked_until = 0, until.isoformat()
    return until


def leave_link(t: Turn, lead: str | None = None) -> None:
    """Back to the draft that was open (or the consent question with texts held), or to the
    menu."""
    back = t.mem.back
    t.mem.back = None
    t.state = State(back) if back in DRAFT_STATES or back == State.CONSENT else State.IDLE
    t.reprompt(lead)


def case_list_text(result: inputs.CaseList) -> str:
    """The person's cases: status, latest public progress and due date, newest first."""
    missing = ""
    if result.asked and result.asked not in {case.tracking_no for case in result.cases}:
        missing = f"เรื่องเลขที่ {result.asked} ไม่ได้เชื่อมกับบัญชี LINE นี้"
    if not result.cases:
        first = (f"{missing} และยังไม่มีเรื่องใดเชื่อมกับบัญชีนี้" if missing
                 else "ยังไม่มีเรื่องร้องเรียนที่เชื่อมกับบัญชี LINE นี้")
        return f"{first}\nหากเคยร้องเรียนทางโทรศัพท์หรือจดหมาย กด \"เชื่อมเรื่องเดิม\""
    if missing:
        missing += (" หากเป็นเรื่องที่ร้องเรียนทางโทรศัพท์หรือจดหมาย กด \"เชื่อมเรื่องเดิม\" "
                    "เพื่อเชื่อมเรื่อง\n\n")
    blocks = []
    for case in result.cases[:MAX_LISTED]:
        lines = [f"เลขที่ {case.tracking_no}", f"หมวด: {case.category_th}",
                 f"รับเรื่อง: {thai_date(case.received)}", f"สถานะ: {case.status_th}"]
        if case.progress_th:
            lines.append(f"ความคืบหน้าล่าสุด: {case.progress_th[:300]}")
        if not case.closed:
            lines.append(f"กำหนดแล้วเสร็จ: {thai_date(case.due_date)}")
        blocks.append("\n".join(lines))
    more = len(result.cases) - MAX_LISTED
    tail = f"\n\nและอีก {more} เรื่อง สอบถามได้ที่สายด่วน 1506" if more > 0 else ""
    return (missing + f"เรื่องของท่าน ({len(result.cases)} เรื่อง)\n\n" + "\n\n".join(blocks)
            + tail)
