"""Carrying out the machine's effects inside the intake's unit of work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.conversation import inputs
from core.conversation import replies as r
from core.conversation.memory import Draft
from core.conversation.ports import Ports
from core.domain.cases import STATUSES
from core.domain.categories import category_by_key
from core.domain.clock import local_date
from core.domain.errors import DomainError
from core.domain.people import last4
from core.persistence.bot_store import BotStore
from core.persistence.models import CaseEvent
from core.persistence.uow import UnitOfWork
from core.services import feedback, notify
from core.services.cases import NewCase, file_case

logger = logging.getLogger(__name__)
ACTOR = "line"


@dataclass
class Executor:
    uow: UnitOfWork
    store: BotStore
    ports: Ports
    user_id: str
    now: datetime
    dropped_files: list[str] = field(default_factory=list)

    def run(self, effect: r.Effect) -> inputs.Input | None:
        """Do one effect; returns its outcome when the conversation must hear about it."""
        match effect:
            case r.RecordConsent(version=version, at=at):
                self.store.record_consent(self.user_id, version, at)
            case r.SetFollowing(following=following):
                self.store.set_following(self.user_id, following, self.now)
            case r.KeepEvidence():
                self._keep(effect)
            case r.DropEvidence(message_id=message_id):
                key = self.store.drop_attachment(self.user_id, message_id)
                if key:
                    self.dropped_files.append(key)
            case r.FileComplaint():
                return self._file(effect)
            case r.FileSuggestion(text=text):
                return self._suggestion(text)
            case r.ListCases(tracking_no=asked):
                return self._cases(asked)
            case r.LinkCase(tracking_no=tracking_no, last4=digits):
                return self._link(tracking_no, digits)
            case r.LinkStaff(code=code):
                return self._link_staff(code)
            case r.GiveFeedback(command=command):
                return self._feedback(command)
            case r.RequestReopen(tracking_no=tracking_no, reason=reason, asked_at=asked_at):
                return inputs.Answer(feedback.request_reopen(
                    self.uow, self.user_id, tracking_no, self.now, reason, asked_at=asked_at))
            case r.RecordGroup(group_id=group_id, kind=kind, joined=joined):
                self.store.kv_put(f"line_group:{group_id}", {
                    "kind": kind, "joined": joined, "at": self.now.isoformat()}, self.now)
        return None

    def _keep(self, e: r.KeepEvidence) -> None:
        self.store.add_attachment(
            case_id=None, owner_line_user_id=self.user_id, kind=e.kind,
            content_type=e.content_type, size=e.size, sha256=e.sha256,
            storage_key=e.storage_key, original_name=(e.file_name or None) and e.file_name[:200],
            line_message_id=e.message_id, created_at=self.now)

    def _file(self, e: r.FileComplaint) -> inputs.Input:
        draft = Draft.from_data(e.draft)
        new = NewCase(
            channel="line", description=draft.description, category=draft.category or "other",
            received_at=self.now, title=draft.title, first_name=draft.first_name,
            last_name=draft.last_name, address=draft.address,
            province_code=draft.province_code, district_code=draft.district_code,
            phone=draft.phone, hospital_id=draft.hospital_id,
            hospital_text=draft.hospital_text, suggested_category=draft.suggested,
            line_user_id=self.user_id, consent_version=e.consent_version,
            consented_at=e.consented_at,
        )
        try:
            case = file_case(self.uow, new, now=self.now, actor=ACTOR)
        except DomainError as error:
            return inputs.FilingFailed(str(error))
        attached = self.store.attach_to_case(self.user_id, [x["id"] for x in draft.evidence],
                                             case.id)
        logger.info("case %s filed from LINE (%s attachments)", case.tracking_no, attached)
        return inputs.Filed(case.tracking_no, case.unit.name_th, case.due_date,
                            case.contact_due_at, formal=True)

    def _suggestion(self, text: str) -> inputs.Input:
        ranked = list(self.ports.suggest(text))
        top = ranked[0].category if ranked else "other"
        new = NewCase(channel="line", description=text, category=top, received_at=self.now,
                      suggested_category=top if ranked else None)
        try:
            case = file_case(self.uow, new, now=self.now, actor=ACTOR)
        except DomainError as error:
            return inputs.FilingFailed(str(error))
        logger.info("anonymous suggestion %s filed from LINE", case.tracking_no)
        return inputs.Filed(case.tracking_no, case.unit.name_th, case.due_date,
                            case.contact_due_at, formal=False)

    def _cases(self, asked: str | None = None) -> inputs.Input:
        lines = []
        for case in self.store.case_list(self.user_id):
            progress = notify.event_text(case.tracking_no, case.status, case.unit_name,
                                         case.event_kind, case.event_data or {}
                                         ) if case.event_kind else None
            if progress:
                progress = progress.split("\n", 1)[-1]
            lines.append(inputs.CaseLine(
                tracking_no=case.tracking_no, status_th=STATUSES.get(case.status, case.status),
                category_th=_category_name(case.category), received=local_date(case.received_at),
                due_date=case.due_date, progress_th=progress, closed=case.status == "closed"))
        return inputs.CaseList(tuple(lines), asked)

    def _link(self, tracking_no: str, digits: str) -> inputs.Input:
        case = self.store.case_by_tracking_no(tracking_no)
        matches = bool(case and case.phone and last4(case.phone) == digits)
        if case is not None and matches and case.line_user_id not in (None, self.user_id):
            # said only to someone who knew both the number and the phone digits
            logger.info("a LINE case link attempt matched a case of another LINE account")
            return inputs.LinkResult(False, tracking_no, linked_elsewhere=True)
        ok = matches
        if case is not None and ok:
            if case.line_user_id != self.user_id:
                case.line_user_id = self.user_id
                case.updated_at = self.now
                case.events.append(CaseEvent(at=self.now, actor=ACTOR, kind="line_linked",
                                             public=False, data={}))
            logger.info("case %s linked to a LINE account", case.tracking_no)
        else:
            logger.info("a LINE case link attempt did not match")
        return inputs.LinkResult(ok, tracking_no)

    def _feedback(self, command: str) -> inputs.Input:
        wanted = feedback.parse_feedback(command)
        if wanted is None:
            return inputs.Answer("ปุ่มนี้ใช้ไม่ได้แล้ว")
        if wanted.kind == "rate" and wanted.score is not None:
            return inputs.Answer(feedback.record_satisfaction(
                self.uow, self.user_id, wanted.tracking_no, wanted.score, self.now,
                wanted.closing))
        check = feedback.check_reopen(self.uow, self.user_id, wanted.tracking_no, self.now)
        if check.refusal is not None or check.by is None:
            return inputs.Answer(check.refusal or feedback.NOT_FOUND)
        return inputs.ReopenAllowed(wanted.tracking_no, check.by)

    def _link_staff(self, code: str) -> inputs.Input:
        user = self.store.staff_with_code(code)
        expires = user.line_link_expires_at if user else None
        if user is None or expires is None or expires <= self.now:
            logger.info("a staff LINE link code did not match")
            return inputs.StaffLinkResult(False)
        user.line_user_id = self.user_id
        user.line_link_code = user.line_link_expires_at = None
        logger.info("staff account %s linked to LINE", user.id)
        return inputs.StaffLinkResult(True, user.username)


def _category_name(key: str) -> str:
    try:
        return category_by_key(key).name_th
    except KeyError:
        return key


def evidence_ids(data: dict[str, Any]) -> int:
    """How many evidence items a stored conversation's draft holds."""
    return len((data.get("draft") or {}).get("evidence") or [])
