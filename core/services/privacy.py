"""PDPA duties: anonymise after retention, export everything about a person, record requests."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from config.datafiles import load_privacy_notice
from core.domain.clock import iso_bangkok
from core.domain.errors import DomainError
from core.domain.people import normalize_phone
from core.persistence import privacy as queries
from core.persistence.models import AuditEntry, Case
from core.persistence.uow import UnitOfWork
from core.services.exchange import case_to_dict

REDACTED = "[ลบข้อมูลส่วนบุคคลตามระยะเวลาการเก็บรักษาแล้ว]"
REDACTED_ON_REQUEST = "[ลบข้อมูลส่วนบุคคลตามคำขอของเจ้าของข้อมูลแล้ว]"
PERSONAL_EVENT_FIELDS = ("text", "note", "reason", "explanation")
PUSH_CANCELLED = "ลบข้อมูลส่วนบุคคลของเรื่องนี้แล้ว จึงไม่ส่งข้อความถึงผู้ร้อง"


def retention_days() -> int:
    """How long closed cases keep personal data (from the versioned privacy notice)."""
    return int(load_privacy_notice().get("retention_days_after_closing", 730))


def anonymise_case(uow: UnitOfWork, case: Case, now: datetime,
                   attachment_root: Path | None = None, *, marker: str = REDACTED) -> None:
    """Remove what identifies the complainant; keep what the statistics need. `marker`
    replaces the texts and says why (retention, or the person's request)."""
    case.title = case.first_name = case.last_name = case.address = None
    case.phone = case.line_user_id = None
    case.district_code = None
    case.description = marker
    case.hospital_text = case.hospital_text and "[ลบแล้ว]"
    case.outcome_explanation = case.outcome_explanation and marker
    for event in case.events:
        if any(key in event.data for key in PERSONAL_EVENT_FIELDS):
            event.data = {k: (marker if k in PERSONAL_EVENT_FIELDS else v)
                          for k, v in event.data.items()}
    for attachment in list(case.attachments):
        # Files are named by their content: delete one only when no other row names it.
        shared = queries.storage_key_users(uow.session, attachment.storage_key) > 1
        case.attachments.remove(attachment)
        if attachment_root is not None and not shared:
            # Only once the rows are anonymised for good: a failed commit keeps the file, and
            # the next retention run tries the case again.
            uow.after_commit(partial((attachment_root / attachment.storage_key).unlink,
                                     missing_ok=True))
    for push in queries.complainant_pushes(uow.session, case.id):
        if push.status in queries.UNSENT:
            push.status, push.last_error = "cancelled", PUSH_CANCELLED
        push.to, push.messages = "", [{"type": "text", "text": marker}]
    case.anonymised_at = now


def anonymise_expired(uow: UnitOfWork, *, now: datetime, attachment_root: Path | None = None,
                      days: int | None = None, batch: int = 500) -> int:
    """Anonymise a batch of closed cases past retention; returns how many."""
    cutoff = now - timedelta(days=days if days is not None else retention_days())
    cases = queries.closed_before(uow.session, cutoff, batch)
    for case in cases:
        anonymise_case(uow, case, now, attachment_root)
        uow.add(AuditEntry(at=now, actor="retention", action="anonymise", case_id=case.id,
                           detail={"tracking_no": case.tracking_no}))
    uow.flush()
    return len(cases)


def person_export(uow: UnitOfWork, *, phone: str | None = None,
                  line_user_id: str | None = None, actor: str, now: datetime) -> dict[str, Any]:
    """Everything held about one person (by phone and/or LINE account), for a PDPA request."""
    if not phone and not line_user_id:
        raise DomainError("กรุณาระบุหมายเลขโทรศัพท์หรือ LINE user ID")
    phone = normalize_phone(phone) if phone else None
    cases = queries.cases_of_person(uow.session, phone, line_user_id)
    result: dict[str, Any] = {
        "requested": {"phone": phone, "line_user_id": line_user_id},
        "generated_at": iso_bangkok(now),
        "privacy_notice_version": load_privacy_notice()["version"],
        "cases": [
            case_to_dict(case) | {
                "consent_version": case.consent_version,
                "consented_at": iso_bangkok(case.consented_at),
                "timeline": [{"at": iso_bangkok(e.at), "kind": e.kind, "public": e.public,
                              "data": e.data} for e in case.events],
                "attachments": [{"type": a.content_type, "size": a.size,
                                 "name": a.original_name} for a in case.attachments],
            }
            for case in cases
        ],
    }
    if line_user_id:
        follower, conversation, attachments = queries.line_records(uow.session, line_user_id)
        result["line"] = {
            "following": follower.following if follower else None,
            "consent_version": follower.consent_version if follower else None,
            "consented_at": iso_bangkok(follower.consented_at) if follower else None,
            "draft": conversation.data if conversation else None,
            "files": [{"type": a.content_type, "size": a.size} for a in attachments],
        }
    uow.add(AuditEntry(at=now, actor=actor, action="person_export", case_id=None,
                       detail={"cases": [c.tracking_no for c in cases]}))
    return result


def record_deletion_request(uow: UnitOfWork, *, tracking_no: str, note: str, actor: str,
                            now: datetime, anonymise_now: bool = False,
                            attachment_root: Path | None = None) -> Case:
    """Record a person's request to delete their data, and anonymise at once if decided."""
    case = uow.cases.by_tracking_no(tracking_no)
    if case is None:
        raise DomainError(f"ไม่พบเรื่องเลขที่ {tracking_no}")
    uow.add(AuditEntry(at=now, actor=actor, action="deletion_request", case_id=case.id,
                       detail={"note": note, "anonymised": anonymise_now}))
    if anonymise_now:
        if case.status != "closed":
            raise DomainError("ต้องยุติเรื่องก่อนจึงจะลบข้อมูลส่วนบุคคลได้")
        anonymise_case(uow, case, now, attachment_root, marker=REDACTED_ON_REQUEST)
    uow.flush()
    return case


def daily_retention(uow: UnitOfWork, now: datetime, files_root: Path | None = None,
                    most: int = 5000) -> str:
    """The clock's once-a-day PDPA job: anonymise expired cases, forget idle drafts."""
    from core.conversation.evidence import EvidenceStore
    from core.conversation.retention import forget_stale
    from core.domain.clock import local_date

    today = local_date(now).isoformat()
    if queries.last_run(uow.session, "retention") == today:
        return "already ran today"
    anonymised = 0
    while anonymised < most:
        done = anonymise_expired(uow, now=now, attachment_root=files_root)
        anonymised += done
        if done == 0:
            break
    evidence = EvidenceStore(files_root) if files_root is not None else None
    forgotten = forget_stale(uow, now, evidence)
    queries.mark_run(uow.session, "retention", today, now)
    return (f"{anonymised} case(s) anonymised after {retention_days()} days; "
            f"{forgotten.drafts} idle draft(s), {forgotten.files} unfiled file(s), "
            f"{forgotten.event_ids} old event id(s) and {forgotten.replies} copy(ies) of "
            "pushed replies forgotten")
