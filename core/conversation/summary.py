"""The complaint summary shown before filing: every field, each with an edit button."""

from __future__ import annotations

from core.conversation import commands as c
from core.conversation.memory import Draft
from core.conversation.replies import Choice, Summary, SummaryRow
from core.domain.categories import category_by_key
from core.domain.geo import district_name, province_name

PREVIEW_CHARS = 300


def format_phone(phone: str) -> str:
    """081-234-5678 / 02-123-4567 for reading back a normalised number."""
    if len(phone) == 10:
        return f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
    if len(phone) == 9:
        return f"{phone[:2]}-{phone[2:5]}-{phone[5:]}"
    return phone


def full_name(draft: Draft) -> str:
    """Title, first and last name as the person gave them."""
    title = draft.title or ""
    spacer = " " if title and title.isascii() else ""
    return f"{title}{spacer}{draft.first_name or ''} {draft.last_name or ''}".strip()


def place(draft: Draft) -> str:
    """The address with the province (and district) found in it."""
    parts = [draft.address or ""]
    found = []
    if draft.district_code:
        found.append(district_name(draft.district_code) or "")
    if draft.province_code:
        found.append(province_name(draft.province_code) or "")
    found = [f for f in found if f]
    if found:
        parts.append("(" + " ".join(found) + ")")
    return " ".join(p for p in parts if p)


def hospital_label(draft: Draft) -> str:
    """The chosen hospital, or the name as typed, or that none was given."""
    if draft.hospital_id and draft.hospital_name:
        return draft.hospital_name
    if draft.hospital_text:
        return f"{draft.hospital_text} (ตามที่พิมพ์)"
    return "ไม่ระบุ"


def summary_card(draft: Draft) -> Summary:
    """The summary reply for the CONFIRM state."""
    text = draft.description
    if len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS] + "…"
    edits = {choice.command: choice for choice in c.EDIT_FIELDS}
    rows = [SummaryRow("รายละเอียด", text or "-", edits["edit:description"])]
    if draft.evidence:
        rows.append(SummaryRow("หลักฐาน", f"{len(draft.evidence)} ไฟล์"))
    category = category_by_key(draft.category).name_th if draft.category else "-"
    rows.append(SummaryRow("หมวดหมู่", category, edits["edit:category"]))
    if draft.category == "medical":
        rows.append(SummaryRow("สถานพยาบาล", hospital_label(draft), edits["edit:hospital"]))
    rows += [
        SummaryRow("ชื่อ-นามสกุล", full_name(draft), edits["edit:name"]),
        SummaryRow("ที่อยู่", place(draft), edits["edit:address"]),
        SummaryRow("โทรศัพท์", format_phone(draft.phone or ""), edits["edit:phone"]),
    ]
    return Summary(
        title="ตรวจสอบเรื่องร้องเรียนก่อนส่ง",
        rows=tuple(rows),
        actions=(c.SEND, c.CANCEL),
        choices=(c.SEND, c.EDIT, c.CANCEL),
    )


def edit_choices(draft: Draft) -> tuple[Choice, ...]:
    """The fields that may be edited now (hospital only for medical complaints)."""
    return tuple(ch for ch in c.EDIT_FIELDS
                 if ch.command != "edit:hospital" or draft.category == "medical")
