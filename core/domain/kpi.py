"""The KPI of seeds 000/001: % of complaints resolved within 25 working days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

LEVEL_THRESHOLDS = (89, 91, 93, 95, 97)
# Said in a report made as of a date after its month: the next month's report carries in
# what was open at this month's end, so what closed or fell due in between counts twice.
LATE_REPORT_TH = (
    " หมายเหตุ: รายงานนี้จัดทำ ณ วันที่หลังสิ้นเดือน เรื่องที่ยุติหรือครบกำหนดระหว่างสิ้นเดือนถึงวันที่รายงาน"
    "นับในรายงานนี้แล้ว แต่รายงานของเดือนถัดไปถือวันสิ้นเดือนนี้เป็นวันที่รายงาน จึงนับเรื่องเหล่านั้นเป็นเรื่องยกมาอีกครั้ง"
)

METHOD_TH = (
    "ร้อยละของข้อร้องเรียนที่ได้รับการแก้ไขภายใน 25 วันทำการ นับแต่วันที่ได้รับเรื่อง "
    "(ไม่นับวันเสาร์ อาทิตย์ และวันหยุดราชการ) = จำนวนที่แก้ไขภายในกำหนด / จำนวนที่นับ × 100. "
    "รายการของเดือนคือเรื่องที่รับในเดือนนั้น รวมกับเรื่องที่ยกมาจากเดือนก่อน. "
    "เรื่องจะนับในเดือนนี้เมื่อยุติภายในวันที่รายงาน หรือครบกำหนด 25 วันทำการภายในวันที่รายงาน "
    "(ยุติหรือไม่ก็ตาม) มิฉะนั้นยกไปเป็นรายการของเดือนถัดไป. "
    "ข้อเสนอแนะ/บัตรสนเท่ห์ที่ไม่ระบุตัวผู้ร้อง (ผลแบบที่ 4-5) แสดงแยกบรรทัดและนับรวมด้วย"
)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """`YYYY-MM`, Gregorian; a Buddhist-Era year is refused with a hint."""
        try:
            year_text, month_text = text.strip().split("-")
            year, month = int(year_text), int(month_text)
        except ValueError:
            raise ValueError(f"month must be YYYY-MM, not {text!r}") from None
        if year > 2400:
            hint = f"{year - 543}-{month:02d}"
            raise ValueError(f"{text!r} looks like a Buddhist-Era year; use {hint}")
        if not (1 <= month <= 12 and 1900 < year < 2200):
            raise ValueError(f"month must be YYYY-MM, not {text!r}")
        return cls(year, month)

    @property
    def first(self) -> date:
        """Its first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """Its last day."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def level(resolved: int, counted: int) -> int:
    """Score level 1-5 at 89/91/93/95/97 %; 0 below 89 % (and when nothing is counted).
    Decided on the exact ratio: 186 of 209 is 88.995 %, below 89, so level 0."""
    if not counted:
        return 0
    return sum(1 for threshold in LEVEL_THRESHOLDS if resolved * 100 >= threshold * counted)


def percent(resolved: int, counted: int) -> float:
    """resolved / counted × 100, cut (not rounded) to 2 places, so that it never shows a
    threshold the exact ratio does not reach (88.995 % is 88.99); 0.0 when nothing is
    counted."""
    return resolved * 10000 // counted / 100 if counted else 0.0
