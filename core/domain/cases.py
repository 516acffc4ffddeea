"""Case vocabulary: channels, statuses, outcomes, tracking numbers."""

from __future__ import annotations

import re

CHANNELS: dict[str, str] = {
    "line": "LINE",
    "walk_in": "ติดต่อด้วยตนเอง",
    "phone": "โทรศัพท์",
    "hotline_1506": "สายด่วน 1506",
    "letter": "หนังสือ/จดหมาย",
    "website": "เว็บไซต์",
    "email": "อีเมล",
    "fax": "โทรสาร",
    "agency": "หน่วยงานอื่นส่งต่อ",
}
STATUSES: dict[str, str] = {
    "new": "รับเรื่องใหม่",
    "contacted": "ติดต่อผู้ร้องแล้ว",
    "in_progress": "กำลังดำเนินการ",
    "closed": "ยุติเรื่อง",
}
COMPLEXITIES: dict[str, str] = {"simple": "ไม่ซับซ้อน", "complex": "ซับซ้อน"}
REOPEN_REASON_MAX_CHARS = 500  # a complainant's reason for asking to reopen a closed case
OUTCOMES: dict[int, str] = {
    1: "ดำเนินการแล้วเสร็จครบถ้วนตามที่ร้องเรียน และแจ้งผู้ร้องทราบแล้ว",
    2: "ดำเนินการบางส่วนตามอำนาจหน้าที่/บรรเทาความเดือดร้อน และชี้แจงผู้ร้องเข้าใจแล้ว",
    3: "ดำเนินการแล้วแต่ไม่เป็นไปตามที่ร้องขอ (นอกอำนาจ/อยู่ในชั้นศาล/หน่วยงานภายนอก) และชี้แจงแล้ว",
    4: "เรื่องร้องเรียนด้านบริการที่ไม่ระบุชื่อผู้ร้องหรือผู้ถูกร้อง: ใช้ปรับปรุงการให้บริการ",
    5: "บัตรสนเท่ห์ที่ไม่มีหลักฐานชัดเจน",
}
# The same outcomes as the complainant reads them in the closing message (to "you").
OUTCOMES_TO_COMPLAINANT: dict[int, str] = {
    1: "ดำเนินการแล้วเสร็จตามที่ท่านร้องเรียน",
    2: "ดำเนินการได้บางส่วนตามอำนาจหน้าที่ และช่วยบรรเทาความเดือดร้อนของท่านเท่าที่ทำได้",
    3: "ดำเนินการแล้ว แต่ไม่สามารถเป็นไปตามที่ท่านร้องขอได้ (อยู่นอกอำนาจหน้าที่ อยู่ในชั้นศาล "
       "หรือเป็นเรื่องของหน่วยงานอื่น)",
    4: "นำข้อเสนอแนะของท่านไปใช้ปรับปรุงการให้บริการแล้ว",
    5: "ตรวจสอบแล้วไม่พบหลักฐานที่ชัดเจน",
}
ANONYMOUS_OUTCOMES = frozenset({4, 5})
TRACKING_RE = re.compile(r"^(\d{4})-(\d{6})$")


def tracking_number(year_be: int, seq: int) -> str:
    """`2569-000123`: Buddhist-Era year and a sequence, unique and easy to read out."""
    return f"{year_be}-{seq:06d}"


def parse_tracking_number(text: str) -> tuple[int, int] | None:
    """(year_be, seq) of a well-formed tracking number, else None."""
    match = TRACKING_RE.match(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None
