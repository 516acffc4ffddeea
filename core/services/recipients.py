"""Who receives staff alerts on LINE: a unit's registered group, else its linked staff; for a
unit with neither, alerts about its cases go to the Information Center instead."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.persistence.scheduling import SchedulingStore

INFORMATION_CENTER = "information_center"


@dataclass(frozen=True)
class Recipient:
    """A LINE target and a short stable name for it inside dedupe keys."""

    role: str
    line_id: str
    stands_in_for: str | None = None  # the unit with nobody on LINE, for the IC standing in


def unit_staff(st: SchedulingStore, unit_code: str) -> list[Recipient]:
    """The unit's LINE group when an admin registered one; otherwise each linked officer."""
    unit = st.unit(unit_code)
    if unit is not None and unit.line_group_id:
        return [Recipient("grp", unit.line_group_id)]
    return [Recipient(f"u{user.id}", user.line_user_id)
            for user in st.linked_staff(unit_code) if user.line_user_id]


def case_alert_recipients(st: SchedulingStore, unit_code: str) -> list[Recipient]:
    """Who hears of one of a unit's cases: its staff, or, when nobody of the unit is on LINE,
    the Information Center, marked as standing in (its message says so), so no alert is lost."""
    own = unit_staff(st, unit_code)
    unit = st.unit(unit_code)
    if own or (unit is not None and unit.kind == INFORMATION_CENTER):
        return own
    return [replace(r, stands_in_for=unit_code) for r in information_center(st)]


def information_center(st: SchedulingStore) -> list[Recipient]:
    """Staff of the Information Center (ศูนย์สารนิเทศ)."""
    out: list[Recipient] = []
    for unit in st.units_by_kind(INFORMATION_CENTER):
        out += [Recipient(f"ic-{r.role}", r.line_id) for r in unit_staff(st, unit.code)]
    return unique(out)


def escalation(st: SchedulingStore, unit_code: str) -> list[Recipient]:
    """Who hears of a breach besides the unit: its head and the Information Center."""
    unit = st.unit(unit_code)
    out = [Recipient("head", unit.head_line_id)] if unit and unit.head_line_id else []
    if unit is None or unit.kind != INFORMATION_CENTER:
        out += information_center(st)
    return unique(out)


def admins(st: SchedulingStore) -> list[Recipient]:
    """System administrators who linked LINE."""
    return [Recipient(f"admin{user.id}", user.line_user_id)
            for user in st.linked_staff(None, roles=("admin",)) if user.line_user_id]


def unique(recipients: list[Recipient], exclude: set[str] | None = None) -> list[Recipient]:
    """Each LINE target once, first role wins; skip targets in `exclude`."""
    seen = set(exclude or ())
    out = []
    for recipient in recipients:
        if recipient.line_id not in seen:
            seen.add(recipient.line_id)
            out.append(recipient)
    return out
