"""Cabinet decisions that the `holidays` package (TH) does not express, kept as data.

`civil_service_holidays` (core/domain/calendar.py) starts from `holidays` 0.109
(categories PUBLIC + GOVERNMENT, Thai names) and then applies, in order:

1. ``NOT_CIVIL_SERVICE``: holiday names dropped every year, with their substitution
   days (ชดเชย...). Labour Day is a private-sector and bank holiday, not a civil-service
   one; National Children's Day is a Saturday observance, not a วันหยุดราชการ.
2. ``CORRECTIONS``: dated cabinet decisions. A "remove" drops the date; an "add" sets
   the date to exactly that Thai name (replacing whatever the package called it).

Entries that `holidays` 0.109 already agrees with are kept on purpose: they pin the
cabinet's own wording and guard against a package upgrade that drops or moves them.
Every entry is checked in tests/unit/test_holiday_corrections.py. When the cabinet
announces a new special holiday, add a row here (or, at short notice, staff add an
override in the admin pages / `rongrian holidays add`).

Sources are public news reports of the cabinet (ครม.) resolutions; the resolutions
themselves are at https://resolution.soc.go.th/ under the dates given.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

NOT_CIVIL_SERVICE: tuple[str, ...] = ("วันแรงงานแห่งชาติ", "วันเด็กแห่งชาติ")

SPECIAL = "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ"


@dataclass(frozen=True)
class HolidayCorrection:
    """One cabinet decision about one date."""

    day: date
    name: str
    action: Literal["add", "remove"]
    source: str
    url: str


_CAB_2566_01_10 = "มติ ครม. 10 ม.ค. 2566 (วันหยุดราชการเพิ่มเป็นกรณีพิเศษ ประจำปี 2566)"
_CAB_2566_07_25 = "มติ ครม. 25 ก.ค. 2566 (วันหยุดราชการเพิ่มเป็นกรณีพิเศษ ประจำปี 2566 เพิ่มเติม)"
_CAB_2566_10_24 = (
    "มติ ครม. 24 ต.ค. 2566 (เลื่อนวันหยุดชดเชยวันสิ้นปี 2566 จาก 2 ม.ค. 2567 เป็น 29 ธ.ค. 2566"
    " และวันหยุดราชการเพิ่มเป็นกรณีพิเศษ ประจำปี 2567)"
)
_CAB_2567_02_13 = "มติ ครม. 13 ก.พ. 2567 (วันหยุดราชการเพิ่มเป็นกรณีพิเศษ ประจำปี 2567 เพิ่มเติม)"
_CAB_2567_11_12 = "มติ ครม. 12 พ.ย. 2567 (วันหยุดราชการเพิ่มเป็นกรณีพิเศษ ประจำปี 2568 และ 2569)"
_CAB_2568_12_02 = "ครม. 2 ธ.ค. 2568 ให้ถอนเรื่องวันหยุดราชการเพิ่มเป็นกรณีพิเศษ ปี 2569 (2 มิ.ย., 31 ก.ค.)"

CORRECTIONS: tuple[HolidayCorrection, ...] = (
    # 2566 (2023)
    HolidayCorrection(
        date(2023, 5, 5), SPECIAL, "add", _CAB_2566_01_10,
        "https://tna.mcot.net/politics-1091929",
    ),
    HolidayCorrection(
        date(2023, 7, 31), SPECIAL, "add", _CAB_2566_07_25,
        "https://www.toppictime.com/news/politics/18257/",
    ),
    # The package calls this a bridge holiday; the cabinet moved the New Year's Eve
    # substitution day here, so the name says so.
    HolidayCorrection(
        date(2023, 12, 29), "ชดเชยวันสิ้นปี (เลื่อนจากวันอังคารที่ 2 มกราคม 2567)", "add",
        _CAB_2566_10_24, "https://tna.mcot.net/politics-1260681",
    ),
    # 2567 (2024)
    HolidayCorrection(
        date(2024, 1, 2), "ชดเชยวันสิ้นปี (เลื่อนไปวันที่ 29 ธันวาคม 2566)", "remove",
        _CAB_2566_10_24, "https://tna.mcot.net/politics-1260681",
    ),
    HolidayCorrection(
        date(2024, 4, 12), SPECIAL, "add", _CAB_2567_02_13,
        "https://news.ch7.com/detail/706029",
    ),
    HolidayCorrection(
        date(2024, 12, 30), SPECIAL, "add", _CAB_2566_10_24,
        "https://tna.mcot.net/politics-1260681",
    ),
    # 2568 (2025)
    HolidayCorrection(
        date(2025, 6, 2), SPECIAL, "add", _CAB_2567_11_12,
        "https://lionnews.co/archives/10176",
    ),
    HolidayCorrection(
        date(2025, 8, 11), SPECIAL, "add", _CAB_2567_11_12,
        "https://lionnews.co/archives/10176",
    ),
    # 2569 (2026); 2 Jan confirmed by the Secretariat of the Cabinet on 6 Nov 2025
    # (https://mgronline.com/uptodate/detail/9680000106109).
    HolidayCorrection(
        date(2026, 1, 2), SPECIAL, "add", _CAB_2567_11_12,
        "https://lionnews.co/archives/10176",
    ),
    HolidayCorrection(
        date(2026, 6, 2), "ไม่ใช่วันหยุด (ข้อเสนอถูกถอน)", "remove", _CAB_2568_12_02,
        "https://thethaiger.com/th/news/1495909/",
    ),
    HolidayCorrection(
        date(2026, 7, 31), "ไม่ใช่วันหยุด (ข้อเสนอถูกถอน)", "remove", _CAB_2568_12_02,
        "https://thethaiger.com/th/news/1495909/",
    ),
)


def corrections_for(year: int) -> tuple[HolidayCorrection, ...]:
    """The dated corrections that fall in `year`."""
    return tuple(c for c in CORRECTIONS if c.day.year == year)
