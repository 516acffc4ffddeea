"""The Thai words of every push the clock sends, and the LINE message shapes they go in."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.domain.categories import category_by_key
from core.domain.clock import BANGKOK
from core.domain.thaidate import thai_date as _thai_date
from core.domain.thaidate import thai_datetime

TEXT_MAX = 5000
QUICK_REPLY_MAX = 13
PUSH_MESSAGES_MAX = 5  # texts in one push
_MORE_ROOM = 40  # the last text keeps room to count what did not fit
LABEL_MAX = 20
POSTBACK_DATA_MAX = 300
LIST_MAX = 15
ESCALATED_TO = {"head": "หัวหน้าหน่วยงาน", "ic": "ศูนย์สารนิเทศ"}


@functools.lru_cache(maxsize=4096)
def thai_date(day: date) -> str:
    """`25 ธันวาคม 2569`, remembered (a scan writes the same few dates many times)."""
    return _thai_date(day)


def text_message(text: str, quick_reply: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A LINE text message within the platform's limits (5,000 chars, 13 quick replies)."""
    message: dict[str, Any] = {"type": "text", "text": _clip(text, TEXT_MAX)}
    if quick_reply:
        message["quickReply"] = {"items": [
            {"type": "action", "action": action} for action in quick_reply[:QUICK_REPLY_MAX]]}
    return message


def postback(label: str, data: str, display: str | None = None) -> dict[str, Any]:
    """A postback action; LINE allows labels of 20 characters and data of 300."""
    if len(label) > LABEL_MAX or len(data) > POSTBACK_DATA_MAX:
        raise ValueError(f"postback label or data too long: {label!r}")
    return {"type": "postback", "label": label, "data": data, "displayText": display or label}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def for_recipient(text: str, stands_in_for: str | None, unit_name: str) -> str:
    """The text as one recipient reads it: the Information Center standing in for a unit with
    nobody on LINE is told why it got it."""
    if not stands_in_for:
        return text
    return (f"{text}\n\nℹ️ {unit_name} ยังไม่มีผู้รับแจ้งเตือนทาง LINE ระบบจึงส่งถึงศูนย์สารนิเทศแทน "
            "กรุณาแจ้งหน่วยงาน หรือให้ผู้ดูแลระบบตั้งกลุ่มไลน์ของหน่วยงานที่หน้า \"หน่วยงาน\"")


def when(moment: datetime) -> str:
    """A Bangkok time in Thai."""
    return thai_datetime(moment.astimezone(BANGKOK))


def category_label(key: str) -> str:
    """The Thai button label of a category (the key if unknown)."""
    try:
        return category_by_key(key).label
    except KeyError:
        return key


def case_line(tracking_no: str, category: str, unit_name: str) -> str:
    """`เรื่อง 2569-000123 (นายจ้าง) — สปส.ชลบุรี`: no personal data in staff alerts."""
    return f"เรื่อง {tracking_no} ({category_label(category)})\nหน่วยงาน: {unit_name}"


def new_case(tracking_no: str, category: str, unit_name: str, contact_due: datetime,
             due_date: date, now: datetime) -> str:
    """A new case for the unit."""
    late = " (เลยกำหนดแล้ว)" if contact_due <= now else ""
    return ("📥 เรื่องร้องเรียนใหม่\n" + case_line(tracking_no, category, unit_name) +
            f"\nติดต่อผู้ร้องภายใน {when(contact_due)}{late}"
            f"\nแล้วเสร็จภายใน {thai_date(due_date)} (25 วันทำการ)")


def transferred_in(tracking_no: str, category: str, unit_name: str, reason: str,
                   due_date: date) -> str:
    """A case transferred to the unit."""
    return ("📨 ได้รับโอนเรื่องร้องเรียน\n" + case_line(tracking_no, category, unit_name) +
            f"\nเหตุผลการโอน: {reason}\nกำหนดแล้วเสร็จ {thai_date(due_date)}")


def milestone_alert(label: str, offset: str, tracking_no: str, category: str, unit_name: str,
                    due_at: datetime, due_date: date | None,
                    escalated_to: Sequence[str] = ()) -> str:
    """A milestone coming due, due today, or breached; a breach names who else was told
    (`escalated_to`: "head", "ic")."""
    due_text = thai_date(due_date) if due_date else when(due_at)
    body = case_line(tracking_no, category, unit_name)
    if offset == "breach":
        head = "🚨 เกินกำหนด: " + label
        tail = f"\nครบกำหนดเมื่อ {due_text}"
        told = [ESCALATED_TO[who] for who in ("head", "ic") if who in escalated_to]
        if told:
            tail += f"\n(แจ้ง{'และ'.join(told)}เพื่อทราบ)"
    elif offset == "-0wd":
        head, tail = "📌 ครบกำหนดวันนี้: " + label, f"\nภายใน {due_text}"
    elif offset.endswith("wd"):  # -3wd
        days = offset[1:-2]
        head, tail = f"⏰ อีก {days} วันทำการ ครบกำหนด: {label}", f"\nครบกำหนด {due_text}"
    else:
        hours = offset[1:-1]
        head, tail = f"⏰ อีก {hours} ชั่วโมง ครบกำหนด: {label}", f"\nภายใน {due_text}"
    return f"{head}\n{body}{tail}"


@dataclass(frozen=True)
class Listing:
    """How many there are, and the first few of them."""

    count: int
    items: Sequence[Any]


def digest(unit_name: str, today: date, due_today: Listing, overdue: Listing,
           awaiting: Listing, now: datetime) -> str:
    """The 08:30 summary of a unit's open work."""
    lines = [f"📋 สรุปงานประจำวัน {thai_date(today)}", unit_name, ""]
    lines += _section("ครบกำหนด 25 วันทำการวันนี้", due_today.count, list(due_today.items))
    lines += _section("เกินกำหนด 25 วันทำการ", overdue.count, list(overdue.items))
    contact = [f"{no} (ภายใน {when(due)}{' เลยกำหนด' if due <= now else ''})"
               for no, due in awaiting.items]
    lines += _section("รอติดต่อผู้ร้อง", awaiting.count, contact)
    return "\n".join(lines).rstrip()


def unheard_unit(unit_name: str, due_today: int, overdue: int, awaiting: int) -> str:
    """One line of the Information Center's summary of units with nobody on LINE."""
    return (f"• {unit_name}: ครบกำหนดวันนี้ {due_today} · เกินกำหนด {overdue} · "
            f"รอติดต่อผู้ร้อง {awaiting} เรื่อง")


def unheard_digest(today: date, lines: Sequence[str], most: int = PUSH_MESSAGES_MAX,
                   limit: int = TEXT_MAX) -> list[str]:
    """The 08:30 summary the Information Center reads for the units with nobody on LINE: one
    push of at most `most` texts of at most `limit` characters; what does not fit is counted."""
    head = (f"📋 สรุปงานประจำวัน {thai_date(today)}\n"
            f"หน่วยงานที่ยังไม่มีผู้รับแจ้งเตือนทาง LINE {len(lines)} หน่วยงาน "
            "ระบบจึงส่งสรุปถึงศูนย์สารนิเทศแทน กรุณาแจ้งหน่วยงาน "
            "หรือให้ผู้ดูแลระบบตั้งกลุ่มไลน์ของหน่วยงานที่หน้า \"หน่วยงาน\"\n")
    texts: list[str] = []
    current = head
    for i, line in enumerate(lines):
        last = len(texts) == most - 1
        if len(current) + len(line) + 1 > limit - (_MORE_ROOM if last else 0):
            if last:
                texts.append(f"{current}• และอีก {len(lines) - i} หน่วยงาน")
                return texts
            texts.append(current.rstrip())
            current = ""
        current += line + "\n"
    texts.append(current.rstrip())
    return texts


def _section(title: str, count: int, items: list[str]) -> list[str]:
    out = [f"{title}: {count} เรื่อง"]
    out += [f"• {item}" for item in items[:LIST_MAX]]
    if count > min(len(items), LIST_MAX):
        out.append(f"• และอีก {count - min(len(items), LIST_MAX)} เรื่อง")
    return out + [""]


def monthly_to_ic(month_th: str, report: dict[str, Any]) -> str:
    """The Information Center's note that last month's report is ready."""
    return (f"📊 รายงานข้อร้องเรียนประจำเดือน{month_th} จัดทำแล้ว\n"
            f"รับใหม่ {report['received']} เรื่อง ยกมา {report['carried_in']} เรื่อง\n"
            f"นับในเดือน {report['counted']} เรื่อง แก้ไขภายใน 25 วันทำการ "
            f"{report['resolved_within_25']} เรื่อง ({report['percent']:.2f}%) "
            f"ระดับ {report['level']}\n"
            f"ยกไปเดือนถัดไป {report['carried_out']} เรื่อง\n"
            "ดูรายละเอียดและดาวน์โหลดได้ที่หน้ารายงานของระบบ")


def monthly_catch_up_to_ic(months: list[tuple[str, dict[str, Any]]]) -> str:
    """The Information Center's one note for several months' reports built at once."""
    lines = [f"📊 รายงานข้อร้องเรียนประจำเดือนที่ค้างจัดทำ {len(months)} เดือน จัดทำแล้ว"]
    lines += [f"• {month_th}: รับใหม่ {r['received']} นับในเดือน {r['counted']} "
              f"แก้ไขภายใน 25 วันทำการ {r['resolved_within_25']} ({r['percent']:.2f}%) "
              f"ระดับ {r['level']}" for month_th, r in months]
    lines.append("ดูรายละเอียดและดาวน์โหลดได้ที่หน้ารายงานของระบบ")
    return "\n".join(lines)


def monthly_reminder(month_th: str, unit_name: str, open_count: int, by: date) -> str:
    """A unit with open items, before the 5th."""
    return (f"📝 เตือนรายงานประจำเดือน{month_th}\n{unit_name}\n"
            f"มีเรื่องที่ยังไม่ยุติ {open_count} เรื่อง กรุณาบันทึกผลการดำเนินการในระบบให้เป็นปัจจุบัน "
            f"ก่อนส่งรายงานถึงศูนย์สารนิเทศภายใน {thai_date(by)}")


def progress_update(tracking_no: str, unit_name: str, due_date: date) -> str:
    """The automatic progress message a complainant gets every 15 working days."""
    return (f"เรื่องร้องเรียนเลขที่ {tracking_no}\n"
            f"เรื่องของท่านยังอยู่ระหว่างดำเนินการโดย {unit_name}\n"
            "เนื่องจากต้องตรวจสอบข้อเท็จจริงเพิ่มเติม เจ้าหน้าที่จะแจ้งความคืบหน้าให้ทราบทุก 15 วันทำการ "
            f"จนกว่าจะยุติเรื่อง (รายงาน ณ {thai_date(due_date)})")


def quota_alert(detail: str) -> str:
    """Admins: LINE's monthly message quota ran out and sending is paused."""
    return ("⚠️ ส่งข้อความ LINE ไม่ได้: โควตาข้อความประจำเดือนของบัญชี LINE Official Account หมดแล้ว\n"
            "ระบบหยุดส่งชั่วคราวและจะลองใหม่ทุกชั่วโมง ข้อความที่ค้างจะถูกส่งเมื่อส่งได้อีกครั้ง\n"
            f"รายละเอียด: {detail}")
