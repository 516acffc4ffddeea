"""Staff edits of the reference data: holidays, units' LINE targets, routing tables."""

from __future__ import annotations

import re
from datetime import date, datetime

from core.domain.categories import category_keys
from core.domain.errors import DomainError
from core.domain.geo import district_name
from core.domain.sla import load_policy
from core.persistence.models import DistrictRoute, RoutingRule, Unit
from core.persistence.uow import UnitOfWork
from core.services import calendar as calendar_service
from core.services.admin_audit import record
from core.services.cases import MovedDeadlines, recompute_deadlines

LINE_ID = re.compile(r"^[UCR][0-9a-f]{32}$")


def add_holiday(uow: UnitOfWork, day: date, name: str, note: str, *, actor: str,
                now: datetime) -> MovedDeadlines:
    """Declare a holiday; returns what moved in open cases."""
    if not name.strip():
        raise DomainError("กรุณาระบุชื่อวันหยุด")
    calendar_service.add_holiday(uow, day, name.strip(), note.strip(), actor, now)
    moved = recompute_deadlines(uow, day, now=now, actor=actor)
    record(uow, actor=actor, action="holiday_add", now=now, day=day.isoformat(),
           moved=moved.milestones)
    uow.commit()
    return moved


def remove_holiday(uow: UnitOfWork, day: date, note: str, *, actor: str,
                   now: datetime) -> MovedDeadlines:
    """Make a holiday a working day again; returns what moved in open cases."""
    if not calendar_service.remove_holiday(uow, day, note.strip(), actor, now):
        raise DomainError("วันนี้ไม่ใช่วันหยุด")
    moved = recompute_deadlines(uow, day, now=now, actor=actor)
    record(uow, actor=actor, action="holiday_remove", now=now, day=day.isoformat(),
           moved=moved.milestones)
    uow.commit()
    return moved


def moved_text(moved: MovedDeadlines) -> str:
    """What a calendar change moved, in Thai for the calendar page."""
    if not moved.milestones:
        return "ไม่มีกำหนดของเรื่องที่ยังไม่ยุติต้องเปลี่ยน"
    policy = load_policy()
    kinds = ", ".join(f"{policy.label(kind)} {n}" for kind, n in moved.by_kind.items())
    return (f"กำหนดของเรื่องที่ยังไม่ยุติเปลี่ยน {moved.milestones} รายการ "
            f"ใน {moved.cases} เรื่อง ({kinds})")


def _line_id(value: str, what: str) -> str | None:
    value = value.strip()
    if value and not LINE_ID.match(value):
        raise DomainError(f"{what}ต้องขึ้นต้นด้วย U, C หรือ R ตามด้วยเลขฐานสิบหก 32 หลัก")
    return value or None


def set_unit_line(uow: UnitOfWork, code: str, group_id: str, head_id: str, *, actor: str,
                  now: datetime) -> Unit:
    """Where a unit's staff alerts go: its LINE group and its head's LINE account."""
    unit = uow.reference.unit(code)
    if unit is None:
        raise DomainError(f"ไม่มีหน่วยงานรหัส {code}")
    unit.line_group_id = _line_id(group_id, "รหัสกลุ่มไลน์")
    unit.head_line_id = _line_id(head_id, "รหัสไลน์ของหัวหน้า")
    record(uow, actor=actor, action="unit_line", now=now, unit=code)
    uow.commit()
    return unit


def set_district_routes(uow: UnitOfWork, routes: dict[str, str], *, actor: str,
                        now: datetime) -> int:
    """Which unit serves each district (an empty unit removes the entry); returns changes."""
    current = {r.district_code: r for r in uow.reference.district_routes()}
    changed = 0
    for district, unit_code in routes.items():
        if district_name(district) is None:
            raise DomainError(f"ไม่มีรหัสเขต/อำเภอ {district}")
        if unit_code and uow.reference.unit(unit_code) is None:
            raise DomainError(f"ไม่มีหน่วยงานรหัส {unit_code}")
        existing = current.get(district)
        if (existing.unit_code if existing else "") == unit_code:
            continue
        changed += 1
        if existing is not None and not unit_code:
            uow.session.delete(existing)
        elif existing is not None:
            existing.unit_code = unit_code
        else:
            uow.add(DistrictRoute(district_code=district, unit_code=unit_code))
    record(uow, actor=actor, action="district_routes", now=now, changed=changed)
    uow.commit()
    return changed


def set_routing_rules(uow: UnitOfWork, rules: dict[str, tuple[str, str]], *, actor: str,
                      now: datetime) -> int:
    """Categories that always go to one unit: category -> (unit or "", note); returns changes."""
    current = {r.category: r for r in uow.reference.routing_rules()}
    changed = 0
    for category, (unit_code, note) in rules.items():
        if category not in category_keys():
            raise DomainError(f"ไม่มีหมวดหมู่ {category}")
        if unit_code and uow.reference.unit(unit_code) is None:
            raise DomainError(f"ไม่มีหน่วยงานรหัส {unit_code}")
        existing, note = current.get(category), note.strip()
        if existing is None and not unit_code:
            continue
        if existing is not None and (existing.unit_code, existing.note) == (unit_code, note):
            continue
        changed += 1
        if existing is not None and not unit_code:
            uow.session.delete(existing)
        elif existing is not None:
            existing.unit_code, existing.note = unit_code, note
        else:
            uow.add(RoutingRule(category=category, unit_code=unit_code, note=note))
    record(uow, actor=actor, action="routing_rules", now=now, changed=changed)
    uow.commit()
    return changed
