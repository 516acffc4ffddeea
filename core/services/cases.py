"""Case life: file, contact, note, reclassify, transfer, close, reopen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.domain.cases import (
    ANONYMOUS_OUTCOMES,
    CHANNELS,
    COMPLEXITIES,
    OUTCOMES,
    parse_tracking_number,
    tracking_number,
)
from core.domain.categories import category_by_key
from core.domain.clock import buddhist_year, local_date, require_aware
from core.domain.errors import DomainError, NotFound, StaleChange
from core.domain.geo import district_name, province_name
from core.domain.people import normalize_phone, validate_name_part
from core.domain.sla import SlaPolicy, load_policy
from core.persistence.models import Case, CaseEvent, CategoryCorrection, Hospital, Milestone
from core.persistence.uow import UnitOfWork
from core.services import notify
from core.services.calendar import calendar_for
from core.services.routing import route_case


@dataclass
class NewCase:
    """Everything known about a complaint when it is received."""

    channel: str
    description: str
    category: str
    received_at: datetime
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    phone: str | None = None
    hospital_id: str | None = None
    hospital_text: str | None = None
    suggested_category: str | None = None
    line_user_id: str | None = None
    consent_version: str | None = None
    consented_at: datetime | None = None
    complexity: str = "simple"
    unit_code: str | None = None
    tracking_no: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_formal(self) -> bool:
        """A formal complaint names the complainant in full, with an address and a phone."""
        return all((self.first_name, self.last_name, self.address, self.phone))


def file_case(
    uow: UnitOfWork, new: NewCase, *, now: datetime, actor: str,
    policy: SlaPolicy | None = None, quiet: bool = False, catch_up: bool = True,
) -> Case:
    """Validate, number, route and store a case with its milestones; queue the notices.

    `quiet` files without notifying anyone (imports of history). `catch_up=False` leaves a
    back-dated case's recurring chains as the policy gives them (an import whose row may
    close the case next calls `catch_up_recurring` itself).
    """
    hospital = uow.reference.hospital(new.hospital_id) if new.hospital_id else None
    _check_new(uow, new, hospital)
    received_at = require_aware(new.received_at)
    policy = policy or load_policy()
    if new.tracking_no:
        year_be, seq = parse_tracking_number(new.tracking_no) or (0, 0)
        uow.cases.raise_tracking_seq(year_be, seq)
        number = new.tracking_no
    else:
        year_be = buddhist_year(local_date(received_at))
        number = tracking_number(year_be, uow.cases.next_tracking_seq(year_be))
    if new.unit_code:
        unit_code, reason = new.unit_code, "กำหนดหน่วยงานโดยผู้บันทึก"
    else:
        unit_code, reason = route_case(uow, new.category, hospital, new.province_code,
                                       new.district_code)
    case = Case(
        # an anonymous letter or suggestion has nobody to contact: it goes straight to handling
        tracking_no=number, channel=new.channel,
        status="new" if new.is_formal else "in_progress", complexity=new.complexity,
        is_formal=new.is_formal, category=new.category,
        suggested_category=new.suggested_category, description=new.description.strip(),
        hospital_id=hospital.id if hospital else None, hospital_text=new.hospital_text,
        unit_code=unit_code, title=new.title, first_name=new.first_name,
        last_name=new.last_name, address=new.address, province_code=new.province_code,
        district_code=new.district_code, phone=new.phone, line_user_id=new.line_user_id,
        consent_version=new.consent_version, consented_at=new.consented_at,
        received_at=received_at, received_date=local_date(received_at),
        created_at=now, updated_at=now,
    )
    _apply_milestones(uow, case, policy)
    if catch_up:
        catch_up_recurring(uow, case, now, policy)  # received long ago: reports go on from now
    if not new.is_formal:
        _meet(case, "contact", now)  # no contact step: no alerts, badges or lists for it
    uow.cases.add(case)
    _event(case, now, actor, "created", public=False, channel=new.channel)
    _event(case, now, "system", "routed", public=False, unit=unit_code, reason=reason)
    uow.flush()
    if not quiet:
        notify.case_filed(uow, case, now)
    return case


def get_case(uow: UnitOfWork, case_id: int, expected_version: int | None = None) -> Case:
    """The case, refusing a stale form (the case changed since it was loaded)."""
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound("ไม่พบเรื่องร้องเรียนนี้")
    if expected_version is not None and case.version != expected_version:
        raise StaleChange("เรื่องนี้มีผู้แก้ไขไปแล้วระหว่างที่ท่านเปิดหน้าอยู่ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง")
    return case


def mark_contacted(uow: UnitOfWork, case: Case, *, now: datetime, actor: str,
                   note: str = "") -> None:
    """Record that staff reached the complainant (the 36-hour clock)."""
    _require_open(case)
    record_contact(case, now)
    if case.status == "new":
        case.status = "contacted"
    _touch(uow, case, now, actor, "contacted", public=True, note=note)


def record_contact(case: Case, at: datetime) -> None:
    """The complainant was reached at `at`: the contact time and the contact milestone.

    Staff recording contact and the import of cases an older system had contacted both
    come here; neither notifies anyone by itself.
    """
    case.contacted_at = case.contacted_at or at
    _meet(case, "contact", at)


def add_note(uow: UnitOfWork, case: Case, text: str, *, public: bool, now: datetime,
             actor: str) -> None:
    """A progress note; a public one is sent to the complainant."""
    text = text.strip()
    if not text:
        raise DomainError("กรุณาพิมพ์ข้อความบันทึก")
    _require_open(case)
    if case.status in ("new", "contacted"):
        case.status = "in_progress"
    if public:
        _meet(case, "preliminary_report", now)
    _touch(uow, case, now, actor, "note", public=public, text=text)


def set_complexity(uow: UnitOfWork, case: Case, complexity: str, *, now: datetime, actor: str,
                   policy: SlaPolicy | None = None) -> None:
    """Mark a case simple or complex; its milestones follow."""
    if complexity not in COMPLEXITIES:
        raise DomainError("ระดับความซับซ้อนต้องเป็น simple หรือ complex")
    _require_open(case)
    if complexity == case.complexity:
        return
    case.complexity = complexity
    policy = policy or load_policy()
    _apply_milestones(uow, case, policy)
    catch_up_recurring(uow, case, now, policy)
    _touch(uow, case, now, actor, "complexity", public=False, complexity=complexity)


def change_category(uow: UnitOfWork, case: Case, category: str, *, now: datetime,
                    actor: str) -> None:
    """Correct the category; kept with the text as training data for the suggester."""
    category_by_key(category)
    if category == case.category:
        return
    uow.add(CategoryCorrection(case_id=case.id, text=case.description,
                               from_category=case.category, to_category=category,
                               corrected_by=actor, corrected_at=now))
    previous, case.category = case.category, category
    _touch(uow, case, now, actor, "category", public=False, previous=previous, category=category)


def transfer(uow: UnitOfWork, case: Case, unit_code: str, reason: str, *, now: datetime,
             actor: str) -> None:
    """Hand the case to another unit, with a reason the complainant is told."""
    if uow.reference.unit(unit_code) is None:
        raise DomainError(f"ไม่มีหน่วยงานรหัส {unit_code}")
    if not reason.strip():
        raise DomainError("กรุณาระบุเหตุผลในการโอนเรื่อง")
    _require_open(case)
    if unit_code == case.unit_code:
        raise DomainError("เรื่องนี้อยู่ที่หน่วยงานนี้แล้ว")
    previous, case.unit_code = case.unit_code, unit_code
    uow.flush()
    uow.session.refresh(case, ["unit"])
    _touch(uow, case, now, actor, "transferred", public=True, previous=previous,
           unit=unit_code, reason=reason.strip())


def check_outcome(is_formal: bool, outcome: object) -> None:
    """Refuse an outcome the case cannot be closed with (DOMAIN.md's five; 4-5 anonymous)."""
    if outcome not in OUTCOMES:
        raise DomainError("ผลการดำเนินการต้องเป็น 1 ถึง 5")
    if not is_formal and outcome not in ANONYMOUS_OUTCOMES:
        raise DomainError("ข้อเสนอแนะที่ไม่ระบุตัวผู้ร้อง ปิดได้ด้วยผลแบบที่ 4 หรือ 5 เท่านั้น")
    if is_formal and outcome == 5:
        raise DomainError("ผลแบบที่ 5 ใช้กับบัตรสนเท่ห์ (ไม่ระบุตัวผู้ร้อง) เท่านั้น")


def close_case(uow: UnitOfWork, case: Case, outcome: int, explanation: str, *, now: datetime,
               actor: str) -> None:
    """Close with one of the five outcomes and the explanation sent to the complainant."""
    check_outcome(case.is_formal, outcome)
    if not explanation.strip():
        raise DomainError("กรุณาระบุคำชี้แจงที่จะแจ้งผู้ร้อง")
    _require_open(case)
    case.status, case.outcome = "closed", outcome
    case.outcome_explanation = explanation.strip()
    case.closed_at, case.closed_date = now, local_date(now)
    case.kpi_closed_date = case.kpi_closed_date or case.closed_date
    for milestone in case.milestones:
        milestone.met_at = milestone.met_at or now
    _touch(uow, case, now, actor, "closed", public=True, outcome=outcome,
           explanation=case.outcome_explanation)


def reopen(uow: UnitOfWork, case: Case, reason: str, *, now: datetime, actor: str) -> None:
    """Reopen a closed case; its deadlines stay those of the original receipt. A month's KPI
    report, once the month is over, does not change: the closing it counted stays the
    case's KPI closing (a reopening is a follow-up). Reopened within the month of its
    closing, before that month is reported, the case is simply open again."""
    if case.status != "closed":
        raise DomainError("เรื่องนี้ยังไม่ได้ยุติ")
    if case.anonymised_at is not None:
        raise DomainError("ข้อมูลส่วนบุคคลของเรื่องนี้ถูกลบแล้ว จึงเปิดเรื่องใหม่ไม่ได้ "
                          "หากผู้ร้องติดต่อมาอีก กรุณารับเป็นเรื่องใหม่")
    if not reason.strip():
        raise DomainError("กรุณาระบุเหตุผลในการเปิดเรื่องใหม่")
    case.status, case.outcome, case.outcome_explanation = "in_progress", None, None
    closed = case.closed_date
    if closed is not None and (local_date(now).year, local_date(now).month) == (
            closed.year, closed.month):
        case.kpi_closed_date = None
    case.closed_at = case.closed_date = None
    for milestone in case.milestones:
        if milestone.due_at > now:
            milestone.met_at = None
    catch_up_recurring(uow, case, now, load_policy())
    _touch(uow, case, now, actor, "reopened", public=True, reason=reason.strip())


@dataclass(frozen=True)
class MovedDeadlines:
    """What a calendar change moved: unmet milestones of open cases, by kind (in the policy's
    order), and how many cases they belong to."""

    cases: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def milestones(self) -> int:
        """How many unmet milestones moved, of every kind."""
        return sum(self.by_kind.values())


def recompute_deadlines(uow: UnitOfWork, changed: date, *, now: datetime,
                        policy: SlaPolicy | None = None, actor: str = "system"
                        ) -> MovedDeadlines:
    """After the calendar changed on a date: move the milestones of the open cases it touches.

    Returns what moved: every unmet milestone (progress reports after the 25-working-day
    deadline included); a moved 25-working-day deadline also goes on the case's timeline.
    """
    policy = policy or load_policy()
    cases, moved = 0, dict.fromkeys((r.kind for r in policy.rules), 0)
    for case in uow.cases.open_with_due_date_from(changed):
        before = case.due_date
        unmet = {(m.kind, m.seq): m.due_at for m in case.milestones if m.met_at is None}
        _apply_milestones(uow, case, policy)
        changed_here = [m.kind for m in case.milestones if m.met_at is None
                        and (m.kind, m.seq) in unmet and unmet[(m.kind, m.seq)] != m.due_at]
        for kind in changed_here:
            moved[kind] = moved.get(kind, 0) + 1
        cases += bool(changed_here)
        if case.due_date != before:
            _event(case, now, actor, "deadline_moved", public=False,
                   previous=before.isoformat(), due_date=case.due_date.isoformat())
    return MovedDeadlines(cases, {kind: n for kind, n in moved.items() if n})


def _check_new(uow: UnitOfWork, new: NewCase, hospital: Hospital | None) -> None:
    if new.channel not in CHANNELS:
        raise DomainError(f"ช่องทางไม่ถูกต้อง: {new.channel}")
    try:
        category_by_key(new.category)
    except (KeyError, ValueError):
        raise DomainError(f"ไม่มีหมวดหมู่ {new.category}") from None
    if not new.description or not new.description.strip():
        raise DomainError("กรุณาระบุรายละเอียดเรื่องร้องเรียน")
    if new.complexity not in COMPLEXITIES:
        raise DomainError("ระดับความซับซ้อนต้องเป็น simple หรือ complex")
    if new.unit_code and uow.reference.unit(new.unit_code) is None:
        raise DomainError(f"ไม่มีหน่วยงานรหัส {new.unit_code}")
    if new.hospital_id and hospital is None:
        raise DomainError(f"ไม่มีสถานพยาบาลรหัส {new.hospital_id}")
    _check_complainant(new)
    if new.tracking_no:
        parsed = parse_tracking_number(new.tracking_no)
        if parsed is None:
            raise DomainError(f"เลขที่เรื่องต้องอยู่ในรูป 2569-000123: {new.tracking_no}")
        received_be = buddhist_year(local_date(new.received_at))
        if parsed[0] < 2400:
            raise DomainError(f"ปีในเลขที่เรื่อง {new.tracking_no} ต้องเป็นพุทธศักราช "
                              f"(ค.ศ. {parsed[0]} คือ พ.ศ. {parsed[0] + 543})")
        # The year is that of receipt or at most the next (e.g. an older system numbering by
        # fiscal year, which starts on 1 October); never an earlier one.
        if parsed[0] > received_be + 1:
            raise DomainError(f"ปีในเลขที่เรื่อง {new.tracking_no} อยู่หลังวันที่รับเรื่อง "
                              f"(พ.ศ. {received_be})")
        if parsed[0] < received_be:
            raise DomainError(f"ปีในเลขที่เรื่อง {new.tracking_no} อยู่ก่อนวันที่รับเรื่อง "
                              f"(พ.ศ. {received_be})")
        if uow.cases.tracking_no_exists(new.tracking_no):
            raise DomainError(f"เลขที่เรื่อง {new.tracking_no} มีอยู่แล้ว")


def _check_complainant(new: NewCase) -> None:
    """Normalise and check the complainant's fields in place (same rules as the bot)."""
    if new.first_name:
        new.first_name = validate_name_part(new.first_name, field_th="ชื่อ")
    if new.last_name:
        new.last_name = validate_name_part(new.last_name, field_th="นามสกุล", example="ใจดี")
    if new.phone:
        new.phone = normalize_phone(new.phone)
    if new.province_code and province_name(new.province_code) is None:
        raise DomainError(f"ไม่มีรหัสจังหวัด {new.province_code}")
    if new.district_code:
        if district_name(new.district_code) is None:
            raise DomainError(f"ไม่มีรหัสอำเภอ/เขต {new.district_code}")
        if new.province_code and not new.district_code.startswith(new.province_code):
            raise DomainError(f"อำเภอ/เขต {new.district_code} ไม่อยู่ในจังหวัด {new.province_code}")
        new.province_code = new.province_code or new.district_code[:2]


def _apply_milestones(uow: UnitOfWork, case: Case, policy: SlaPolicy,
                      more: dict[str, int] | None = None) -> None:
    """(Re)compute the milestones, keeping those already met, recurring chains as long as
    they were extended, or longer (`more`: at least that many of a kind)."""
    calendar = calendar_for(uow, local_date(case.received_at))
    extended = dict(more or {})
    for milestone in case.milestones:  # keep chains extend_recurring made longer
        extended[milestone.kind] = max(extended.get(milestone.kind, 0), milestone.seq + 1)
    specs = policy.milestones(case.received_at, case.complexity, calendar, extended)
    by_kind = {(s.kind, s.seq): s for s in specs}
    for milestone in list(case.milestones):  # update in place: (case, kind, seq) is unique
        spec = by_kind.get((milestone.kind, milestone.seq))
        if spec is None:
            case.milestones.remove(milestone)
        else:
            milestone.due_at, milestone.due_date = spec.due_at, spec.due_date
    kept = {(m.kind, m.seq) for m in case.milestones}
    case.milestones.extend(
        Milestone(kind=s.kind, seq=s.seq, due_at=s.due_at, due_date=s.due_date)
        for s in specs if (s.kind, s.seq) not in kept
    )
    if case.id is not None:
        uow.flush()  # removals before any re-added (kind, seq) of the same case
    case.contact_due_at = by_kind[("contact", 0)].due_at
    final = by_kind[("final", 0)]
    assert final.due_date is not None
    case.due_date = final.due_date


def catch_up_recurring(uow: UnitOfWork, case: Case, now: datetime, policy: SlaPolicy) -> int:
    """Extend each recurring chain of an open case whose stored milestones are all due by
    `now`, on its own cadence (every 15 working days from the final deadline), until
    `repeat` of them lie after `now`; how many were added. Those past are stored as history:
    a scan only speaks of instants in its window, so they are not told one by one."""
    if case.status == "closed":
        return 0
    more: dict[str, int] = {}
    for rule in policy.rules:
        chain = [m.due_at for m in case.milestones if m.kind == rule.kind]
        if policy.repeating(rule.kind) is rule and chain and max(chain) <= now:
            calendar = calendar_for(uow, local_date(case.received_at))
            more[rule.kind] = policy.chain_length(rule.kind, case.received_at, case.complexity,
                                                  calendar, now)
    if not more:
        return 0
    before = len(case.milestones)
    _apply_milestones(uow, case, policy, more)
    return len(case.milestones) - before


def extend_recurring(uow: UnitOfWork, case: Case, kind: str, policy: SlaPolicy) -> int:
    """Add the next block of a recurring milestone (progress every 15 working days) when
    its last one has come due and the case is still open; how many were added. The policy's
    `repeat` bounds how many are stored ahead, not how long a case keeps getting them."""
    rule = policy.repeating(kind)
    chain = [m.seq for m in case.milestones if m.kind == kind]
    if rule is None or not chain or case.status == "closed":
        return 0
    _apply_milestones(uow, case, policy, {kind: max(chain) + 1 + rule.repeat})
    return sum(m.kind == kind for m in case.milestones) - len(chain)


def _meet(case: Case, kind: str, now: datetime) -> None:
    for milestone in case.milestones:
        if milestone.kind == kind and milestone.met_at is None:
            milestone.met_at = now


def _require_open(case: Case) -> None:
    if case.status == "closed":
        raise DomainError("เรื่องนี้ยุติแล้ว หากต้องการดำเนินการต่อ กรุณาเปิดเรื่องใหม่ก่อน")


def _event(case: Case, now: datetime, actor: str, kind: str, *, public: bool,
           **data: Any) -> CaseEvent:
    event = CaseEvent(at=now, actor=actor, kind=kind, public=public, data=data)
    case.events.append(event)
    return event


def _touch(uow: UnitOfWork, case: Case, now: datetime, actor: str, kind: str, *,
           public: bool, **data: Any) -> None:
    case.updated_at = now
    event = _event(case, now, actor, kind, public=public, **data)
    uow.flush()
    notify.case_event(uow, case, event, now)
