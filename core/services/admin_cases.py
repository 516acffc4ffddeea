"""Cases as staff see them: who may see and change what, and the actions with their audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.domain.errors import DomainError, NotFound
from core.domain.routing import INFORMATION_CENTER
from core.persistence import admin_queries as q
from core.persistence.models import Attachment, Case
from core.persistence.uow import UnitOfWork
from core.services import cases as case_service
from core.services.admin_audit import record

NOT_VISIBLE = "ไม่พบเรื่องร้องเรียนนี้"


@dataclass(frozen=True)
class Viewer:
    """The signed-in staff member, as the rules about cases need them."""

    username: str
    role: str  # admin | officer | viewer
    unit_code: str | None

    @property
    def sees_all(self) -> bool:
        """Administrators and the Information Center see every unit's cases."""
        return self.role == "admin" or self.unit_code == INFORMATION_CENTER

    @property
    def scope_unit(self) -> str | None:
        """The only unit whose cases this person sees, or None for all."""
        return None if self.sees_all else (self.unit_code or "-")

    @property
    def can_act(self) -> bool:
        """Officers and administrators change cases; viewers only read."""
        return self.role in ("admin", "officer")

    @property
    def is_admin(self) -> bool:
        """Administrators manage accounts, the calendar, units and routing."""
        return self.role == "admin"


def may_see(viewer: Viewer, unit_code: str) -> bool:
    """True when the viewer may see a case of that unit."""
    return viewer.sees_all or unit_code == viewer.unit_code


def visible_case(uow: UnitOfWork, viewer: Viewer, case_id: int,
                 expected_version: int | None = None) -> Case:
    """The case if the viewer may see it; NotFound otherwise (another unit's case too)."""
    case = uow.cases.get(case_id)
    if case is None or not may_see(viewer, case.unit_code):
        raise NotFound(NOT_VISIBLE)
    return case_service.get_case(uow, case_id, expected_version)


def view_case(uow: UnitOfWork, viewer: Viewer, case_id: int, now: datetime) -> Case:
    """The case for its page; the view of personal data is recorded."""
    case = visible_case(uow, viewer, case_id)
    record(uow, actor=viewer.username, action="case_view", now=now, case_id=case.id)
    q.commit(uow)
    return case


def visible_attachment(uow: UnitOfWork, viewer: Viewer, attachment_id: int, case_id: int,
                       now: datetime) -> Attachment:
    """An attachment of a case the viewer may see (recorded), else NotFound."""
    attachment = uow.session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case_id:
        raise NotFound("ไม่พบไฟล์แนบนี้")
    visible_case(uow, viewer, case_id)
    record(uow, actor=viewer.username, action="attachment_view", now=now, case_id=case_id,
           attachment_id=attachment_id)
    q.commit(uow)
    return attachment


ACTIONS: dict[str, Callable[..., None]] = {
    "contact": lambda uow, case, now, actor, note="": case_service.mark_contacted(
        uow, case, now=now, actor=actor, note=note),
    "complexity": lambda uow, case, now, actor, complexity: case_service.set_complexity(
        uow, case, complexity, now=now, actor=actor),
    "note": lambda uow, case, now, actor, text, public: case_service.add_note(
        uow, case, text, public=public, now=now, actor=actor),
    "category": lambda uow, case, now, actor, category: case_service.change_category(
        uow, case, category, now=now, actor=actor),
    "transfer": lambda uow, case, now, actor, unit_code, reason: case_service.transfer(
        uow, case, unit_code, reason, now=now, actor=actor),
    "close": lambda uow, case, now, actor, outcome, explanation: case_service.close_case(
        uow, case, outcome, explanation, now=now, actor=actor),
    "reopen": lambda uow, case, now, actor, reason: case_service.reopen(
        uow, case, reason, now=now, actor=actor),
}


def act(uow: UnitOfWork, viewer: Viewer, case_id: int, version: int, action: str,
        now: datetime, **params: Any) -> Case:
    """Apply one staff action to a case loaded at `version`, record it and commit.

    Raises NotFound (not visible), StaleChange (changed meanwhile) or DomainError.
    """
    case = visible_case(uow, viewer, case_id, version)
    if not viewer.can_act:
        raise DomainError("บัญชีผู้ดูข้อมูลแก้ไขเรื่องร้องเรียนไม่ได้")
    ACTIONS[action](uow, case, now, viewer.username, **params)
    detail = {k: v for k, v in params.items() if k in ("complexity", "category", "unit_code",
                                                          "outcome", "public")}
    record(uow, actor=viewer.username, action=f"case_{action}", now=now, case_id=case.id,
           **detail)
    q.commit(uow)
    return case


def file_new(uow: UnitOfWork, viewer: Viewer, new: case_service.NewCase,
             now: datetime, submission: str | None = None) -> tuple[Case, bool]:
    """File a complaint received through another channel (walk-in, phone, letter, …):
    (the case, True). A form sent again (the back button, a second press; `submission`
    is its one-time id) files nothing: (the case it filed before, False)."""
    if not viewer.can_act:
        raise DomainError("บัญชีผู้ดูข้อมูลบันทึกเรื่องใหม่ไม่ได้")
    earlier = q.case_filed_by_form(uow.session, submission) if submission else None
    if earlier is not None:
        return earlier, False
    case = case_service.file_case(uow, new, now=now, actor=viewer.username)
    record(uow, actor=viewer.username, action="case_create", now=now, case_id=case.id,
           channel=new.channel)
    if submission:
        q.remember_form(uow.session, submission, case.id, now)
    if submission and not q.commit_unless_taken(uow):
        # the same form sent twice at once: the other request filed it
        earlier = q.case_filed_by_form(uow.session, submission)
        if earlier is None:
            raise DomainError("บันทึกไม่สำเร็จ กรุณาลองอีกครั้ง")
        return earlier, False
    if not submission:
        q.commit(uow)
    return case, True
