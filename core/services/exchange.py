"""Cases in and out as the export's JSON shape (CONTRACT.md), for other systems."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.domain.cases import CHANNELS, COMPLEXITIES, OUTCOMES, STATUSES
from core.domain.clock import iso_bangkok, local_date
from core.domain.errors import DomainError
from core.domain.sla import load_policy
from core.persistence.models import Case, CaseEvent
from core.persistence.uow import UnitOfWork
from core.services.cases import (
    NewCase,
    catch_up_recurring,
    check_outcome,
    file_case,
    record_contact,
)

# Statuses that say the complainant was contacted: an imported case with one of them has
# its contact milestone met, so the scheduler does not chase a contact already made.
CONTACTED = ("contacted", "in_progress", "closed")
CLOSING = ("outcome", "outcome_explanation", "closed_at")  # fields only a closed case has
LINE_USER_ID = re.compile(r"U[0-9a-f]{32}")  # what LINE gives a user (not a group or room)


def case_to_dict(case: Case) -> dict[str, Any]:
    """One case in the export shape."""
    within = None
    if case.closed_date is not None:
        within = case.closed_date <= case.due_date
    hospital = None
    if case.hospital is not None:
        hospital = {"id": case.hospital.id, "name": case.hospital.name_th}
    elif case.hospital_text:
        hospital = {"id": None, "name": case.hospital_text}
    return {
        "tracking_no": case.tracking_no,
        "channel": case.channel,
        "status": case.status,
        "complexity": case.complexity,
        "category": case.category,
        "suggested_category": case.suggested_category,
        "is_formal": case.is_formal,
        "description": case.description,
        "hospital": hospital,
        "unit": {"code": case.unit.code, "name": case.unit.name_th},
        "complainant": {
            "title": case.title, "first_name": case.first_name, "last_name": case.last_name,
            "address": case.address, "province_code": case.province_code,
            "district_code": case.district_code, "phone": case.phone,
        },
        "line_user_id": case.line_user_id,
        "received_at": iso_bangkok(case.received_at),
        "contact_due_at": iso_bangkok(case.contact_due_at),
        "contacted_at": iso_bangkok(case.contacted_at),
        "due_date": case.due_date.isoformat(),
        "outcome": case.outcome,
        "outcome_explanation": case.outcome_explanation,
        "closed_at": iso_bangkok(case.closed_at),
        "resolved_within_deadline": within,
    }


def export_cases(uow: UnitOfWork) -> Iterator[dict[str, Any]]:
    """Every case in the export shape, in filing order."""
    for case in uow.cases.all():
        yield case_to_dict(case)


@dataclass
class ImportReport:
    imported: int
    errors: list[str]


def import_cases(
    uow: UnitOfWork, rows: Iterable[Any], *, now: datetime, actor: str
) -> ImportReport:
    """Check every row, then file them all or none; errors are listed by row (1-based)."""
    parsed: list[tuple[int, NewCase, dict[str, Any]]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        try:
            new, closing = _parse_row(row, now)
            if new.tracking_no and new.tracking_no in seen:
                raise DomainError(f"เลขที่เรื่อง {new.tracking_no} ซ้ำในไฟล์")
            seen.add(new.tracking_no or "")
            parsed.append((number, new, closing))
        except (DomainError, ValueError, KeyError, TypeError) as exc:
            errors.append(f"row {number}: {_message(exc)}")
    policy = load_policy()
    for number, new, closing in parsed:
        try:
            with uow.session.begin_nested():
                case = file_case(uow, new, now=now, actor=actor, policy=policy, quiet=True,
                                 catch_up=False)
                _apply_status(case, closing, now, actor)
                catch_up_recurring(uow, case, now, policy)  # open, received long ago
        except (DomainError, ValueError) as exc:
            errors.append(f"row {number}: {_message(exc)}")
    if errors:
        uow.rollback()
        errors.sort(key=lambda line: int(line.split(":")[0].removeprefix("row ")))
        return ImportReport(imported=0, errors=errors)
    return ImportReport(imported=len(parsed), errors=[])


def _parse_row(row: Any, now: datetime) -> tuple[NewCase, dict[str, Any]]:
    if not isinstance(row, dict):
        raise DomainError("each row must be a JSON object")
    person = row.get("complainant") or {}
    if not isinstance(person, dict):
        raise DomainError("complainant must be an object")
    channel = _choice(row.get("channel"), CHANNELS, "channel")
    status = _choice(row.get("status", "new"), STATUSES, "status")
    complexity = _choice(row.get("complexity", "simple"), COMPLEXITIES, "complexity")
    received_at = _instant(row.get("received_at"), "received_at", now)
    phone = person.get("phone")
    hospital = row.get("hospital")
    hospital_id = hospital.get("id") if isinstance(hospital, dict) else None
    hospital_text = hospital.get("name") if isinstance(hospital, dict) else hospital
    unit = row.get("unit")
    new = NewCase(
        channel=channel, description=str(row.get("description") or ""),
        category=str(row.get("category") or ""), received_at=received_at,
        title=person.get("title"), first_name=person.get("first_name"),
        last_name=person.get("last_name"), address=person.get("address"),
        province_code=person.get("province_code"), district_code=person.get("district_code"),
        phone=str(phone) if phone else None,
        hospital_id=hospital_id, hospital_text=hospital_text,
        suggested_category=row.get("suggested_category"),
        line_user_id=_line_user_id(row.get("line_user_id")), complexity=complexity,
        unit_code=unit.get("code") if isinstance(unit, dict) else None,
        tracking_no=row.get("tracking_no") or None,
    )
    contacted_at = None
    if row.get("contacted_at") is not None:
        if status not in CONTACTED:
            raise DomainError(f"contacted_at is given but status is {status}")
        contacted_at = _instant(row.get("contacted_at"), "contacted_at", now)
        if contacted_at < received_at:
            raise DomainError("contacted_at is before received_at")
    # `"contacted_at": null` (as the export writes it) says no contact was recorded; only a
    # row without the field, or a `contacted` one, has its contact assumed
    assume = "contacted_at" not in row or status == "contacted"
    closing: dict[str, Any] = {"status": status, "contacted_at": contacted_at,
                               "assume_contact": assume}
    if status == "closed":
        outcome = row.get("outcome")
        if type(outcome) is not int or outcome not in OUTCOMES:  # true and 1.0 equal 1
            raise DomainError("a closed case needs outcome 1-5")
        closed_at = _instant(row.get("closed_at"), "closed_at", now)
        if closed_at < received_at:
            raise DomainError("closed_at is before received_at")
        if contacted_at is not None and contacted_at > closed_at:
            raise DomainError("contacted_at is after closed_at")
        closing |= {"outcome": outcome, "closed_at": closed_at,
                    "explanation": row.get("outcome_explanation") or ""}
    else:  # refused rather than dropped without a word
        given = [name for name in CLOSING if row.get(name) not in (None, "")]
        if given:
            raise DomainError(f"{', '.join(given)} given but status is {status}: only a "
                              "closed case has an outcome and a closing time")
    return new, closing


def _apply_status(case: Case, closing: dict[str, Any], now: datetime, actor: str) -> None:
    status = closing["status"]
    case.status = status
    if closing["contacted_at"] is not None:
        record_contact(case, closing["contacted_at"])
    elif status in CONTACTED and closing["assume_contact"]:
        record_contact(case, _assumed_contact(case, closing, now))
    if status == "closed":
        check_outcome(case.is_formal, closing["outcome"])
        case.outcome, case.outcome_explanation = closing["outcome"], closing["explanation"]
        case.closed_at = closing["closed_at"]
        case.closed_date = case.kpi_closed_date = local_date(case.closed_at)
        for milestone in case.milestones:
            milestone.met_at = milestone.met_at or case.closed_at
    case.events.append(CaseEvent(at=now, actor=actor, kind="imported", public=False,
                                 data={"status": status}))


def _assumed_contact(case: Case, closing: dict[str, Any], now: datetime) -> datetime:
    """When contact was made, for a row whose status says it was but has no contacted_at
    field (or is `contacted` with a null one).

    The older system's record is taken as in time: the contact deadline, or the closing or
    the import if earlier (contact came before both). Not the receipt time, which would
    claim contact in no time at all, nor the import time alone, which is often after the
    deadline: a breach the older system never recorded.
    """
    return min(case.contact_due_at, closing.get("closed_at") or now)


def _line_user_id(value: Any) -> str | None:
    """A LINE user ID ("U" and 32 lowercase hex digits), or None for null or empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not LINE_USER_ID.fullmatch(value):
        raise DomainError("line_user_id must be a LINE user ID: U followed by 32 lowercase "
                          "hex digits")
    return value


def _choice(value: Any, allowed: dict[Any, str], name: str) -> Any:
    if value not in allowed:
        raise DomainError(f"{name} must be one of {', '.join(map(str, allowed))}")
    return value


def _instant(value: Any, name: str, now: datetime) -> datetime:
    """A time of the older system: ISO-8601 with a zone, Gregorian, and not after `now`
    (the import's clock): what it recorded cannot have happened later than the import."""
    if not isinstance(value, str):
        example = "2026-01-05T09:30:00+07:00"
        raise DomainError(f"{name} is required (ISO-8601 with a zone, e.g. {example})")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise DomainError(f"{name} is not an ISO-8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise DomainError(f"{name} needs a zone such as +07:00: {value!r}")
    if moment.year > 2400:
        raise DomainError(f"{name} looks like a Buddhist-Era year; use the Gregorian year")
    if moment > now:
        raise DomainError(f"{name} is in the future: {value!r}")
    return moment


def _message(exc: Exception) -> str:
    return str(exc) if not isinstance(exc, KeyError) else f"missing {exc}"
