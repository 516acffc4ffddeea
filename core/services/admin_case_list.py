"""The case list: filters from the page's query string, search, keyset pages, badges."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from core.domain.calendar import WorkCalendar
from core.domain.cases import CHANNELS, STATUSES, parse_tracking_number, tracking_number
from core.domain.categories import category_keys
from core.domain.clock import buddhist_year, local_date
from core.domain.errors import DomainError
from core.domain.people import normalize_phone, split_title
from core.domain.thai_text import thai_digits_to_arabic
from core.persistence import admin_queries as q
from core.persistence.uow import UnitOfWork
from core.services.admin_cases import Viewer
from core.services.calendar import calendar_for

PAGE_SIZE = 50
COUNT_CAP = 10_000
DUE_WINDOWS = {"overdue": "เกินกำหนดแล้ว", "today": "ครบกำหนดวันนี้",
               "3": "ภายใน 3 วันทำการ", "7": "ภายใน 7 วันทำการ", "15": "ภายใน 15 วันทำการ"}
SORT_LABELS = {"received_desc": "รับเรื่องล่าสุดก่อน", "received_asc": "รับเรื่องเก่าสุดก่อน",
               "due_asc": "ใกล้ครบกำหนดก่อน", "due_desc": "ครบกำหนดช้าสุดก่อน"}
FILTER_KEYS = ("q", "status", "unit", "category", "channel", "hospital", "due", "sort")


@dataclass
class ListRequest:
    """The list's parameters as typed in the query string, after checking."""

    params: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    search_kind: str | None = None  # tracking | phone | name: recorded, never the text


def parse_search(text: str, today: date) -> tuple[str, dict[str, Any]]:
    """(kind, CaseFilter fields) of a search box entry: tracking number, phone or name (the
    start of a first name, of a last name, or of both: สมศ, สมศ มี)."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", thai_digits_to_arabic(text))).strip()
    if parse_tracking_number(text):
        return "tracking", {"tracking_nos": (text,)}
    digits = re.sub(r"[\s\-().+]", "", text)
    if digits.isdigit() and len(digits) <= 6:  # a sequence number: this year and the last five
        year = buddhist_year(today)
        return "tracking", {"tracking_nos": tuple(tracking_number(y, int(digits))
                                                  for y in range(year, year - 6, -1))}
    if digits.isdigit():
        return "phone", {"phone": normalize_phone(text)}
    _title, rest = split_title(text)
    first, _, last = rest.partition(" ")
    if not first:
        raise DomainError("พิมพ์เลขที่เรื่อง หมายเลขโทรศัพท์ หรือชื่อ-นามสกุลผู้ร้อง")
    if last:
        return "name", {"first_name": first, "last_name": last.strip()}
    return "name", {"any_name": first}


def build_filter(uow: UnitOfWork, viewer: Viewer, args: Mapping[str, str],
                 today: date) -> tuple[q.CaseFilter, ListRequest]:
    """The query's filter, scoped to what the viewer may see; bad values are reported."""
    request = ListRequest({k: (args.get(k) or "").strip() for k in FILTER_KEYS})
    p, errors = request.params, request.errors
    fields: dict[str, Any] = {"scope_unit": viewer.scope_unit}
    checks = {"status": set(STATUSES) | {"open", q.AWAITING_CONTACT},
              "category": set(category_keys()), "channel": set(CHANNELS),
              "unit": {u.code for u in uow.reference.units()},
              "hospital": {h.id for h in uow.reference.hospitals()},
              "due": set(DUE_WINDOWS), "sort": set(q.SORTS)}
    for key, allowed in checks.items():
        if p[key] and p[key] not in allowed:
            errors[key] = "ค่าที่เลือกไม่ถูกต้อง"
            p[key] = ""
    fields |= {"status": p["status"] or None, "category": p["category"] or None,
               "channel": p["channel"] or None, "unit": p["unit"] or None,
               "hospital_id": p["hospital"] or None}
    if p["due"]:
        fields |= _due_window(calendar_for(uow, today), today, p["due"])
    if p["q"]:
        try:
            request.search_kind, found = parse_search(p["q"], today)
            fields |= found
        except DomainError as exc:
            errors["q"] = str(exc)
    return q.CaseFilter(**fields), request


def _due_window(calendar: WorkCalendar, today: date, window: str) -> dict[str, date]:
    if window == "overdue":
        return {"due_from": date(1900, 1, 1), "due_to": today - timedelta(days=1)}
    if window == "today":
        return {"due_from": today, "due_to": today}
    return {"due_from": today, "due_to": calendar.deadline(today, int(window))}


def encode_cursor(row: Mapping[str, Any], sort: str) -> str:
    """The keyset position of a row: its sort value and id."""
    value = row[q.SORTS[sort][0].key]
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return f"{text}~{row['id']}"


def decode_cursor(text: str, sort: str) -> tuple[Any, int] | None:
    """The keyset position in a link, or None when it is malformed."""
    value, _, ident = text.rpartition("~")
    if not ident.isdigit() or not value:
        return None
    try:
        if q.SORTS[sort][0].key == "received_at":
            return datetime.fromisoformat(value), int(ident)
        return date.fromisoformat(value), int(ident)
    except ValueError:
        return None


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    more_than_total: bool
    next_cursor: str | None
    prev_cursor: str | None


def list_page(uow: UnitOfWork, f: q.CaseFilter, sort: str, after: str | None,
              before: str | None, now: datetime, size: int = PAGE_SIZE) -> Page:
    """One page of cases with their badges, plus the (capped) number of matches."""
    sort = sort if sort in q.SORTS else "received_desc"
    backwards = bool(before) and not after
    cursor = decode_cursor((before if backwards else after) or "", sort)
    total, more = q.count_cases(uow.session, f, COUNT_CAP)
    rows = q.list_cases(uow.session, q.for_listing(f, more), sort=sort, cursor=cursor,
                        backwards=backwards, limit=size + 1)
    has_more = len(rows) > size
    rows = (rows[1:] if backwards else rows[:size]) if has_more else rows
    add_badges(uow, rows, now)
    first_page = cursor is None or (backwards and not has_more)
    next_cursor = encode_cursor(rows[-1], sort) if rows and (has_more or backwards) else None
    prev_cursor = encode_cursor(rows[0], sort) if rows and not first_page else None
    return Page(rows, total, more, next_cursor, prev_cursor)


def add_badges(uow: UnitOfWork, rows: list[dict[str, Any]], now: datetime) -> None:
    """Give each row its milestone badges in working days (contact, report, deadline)."""
    today = local_date(now)
    calendar = calendar_for(uow, today)
    pending = q.open_milestones(uow.session, [r["id"] for r in rows if r["status"] != "closed"])
    for row in rows:
        row["badges"] = badges(row, pending.get(row["id"], []), calendar, today)


def badges(row: Mapping[str, Any], milestones: list[Any], calendar: WorkCalendar,
           today: date) -> list[tuple[str, str]]:
    """(css class, Thai text) badges of one case; none for a closed case."""
    if row["status"] == "closed":
        return []
    out: list[tuple[str, str]] = []
    kinds = {m.kind: m for m in milestones}
    if "contact" in kinds:
        out.append(_badge("ติดต่อผู้ร้อง", local_date(kinds["contact"].due_at), calendar, today))
    if "preliminary_report" in kinds:
        due = kinds["preliminary_report"].due_date or today
        out.append(_badge("รายงานเบื้องต้น", due, calendar, today))
    out.append(_badge("กำหนดเสร็จ", row["due_date"], calendar, today))
    if row["due_date"] < today:
        out.append(("late", "เกินกำหนด"))
    return out


def _badge(label: str, due: date, calendar: WorkCalendar, today: date) -> tuple[str, str]:
    if due < today:
        return "late", f"{label} เลยมา {max(1, calendar.count(due, today))} วันทำการ"
    if due == today:
        return "soon", f"{label} วันนี้"
    left = calendar.count(today, due)
    return ("soon" if left <= 3 else "ok"), f"{label} อีก {left} วันทำการ"


def with_scope(f: q.CaseFilter, viewer: Viewer) -> q.CaseFilter:
    """The filter with the viewer's unit scope forced in."""
    return replace(f, scope_unit=viewer.scope_unit)
