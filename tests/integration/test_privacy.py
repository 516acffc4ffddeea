"""PDPA: retention anonymisation, a person's data export, deletion requests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.domain.errors import DomainError
from core.domain.kpi import Month
from core.persistence.models import AuditEntry
from core.services import cases as svc
from core.services import privacy
from core.services.exchange import case_to_dict
from core.services.reports import monthly_report
from tests.integration.helpers import bkk, file, load

LINE_ID = "U" + "c" * 32


def _closed_case(make_uow, now, when):
    case_id = file(make_uow, now, received_at=when, line_user_id=LINE_ID)
    with make_uow() as uow:
        case = load(uow, case_id)
        svc.add_note(uow, case, "คุณสมใจโทรมาแจ้งที่อยู่ใหม่", public=True, now=when, actor="o")
        svc.close_case(uow, case, 1, "แจ้งคุณสมใจแล้ว", now=when + timedelta(days=3), actor="o")
        uow.commit()
    return case_id


def test_retention_anonymises_old_closed_cases_and_keeps_statistics(make_uow, now):
    old = _closed_case(make_uow, now, bkk(2023, 1, 9))
    recent = _closed_case(make_uow, now, bkk(2026, 1, 5))
    with make_uow() as uow:
        before = monthly_report(uow, Month(2023, 1))
        assert privacy.anonymise_expired(uow, now=now) == 1
        assert privacy.anonymise_expired(uow, now=now) == 0
        uow.commit()
    with make_uow() as uow:
        gone = case_to_dict(load(uow, old))
        assert set(gone["complainant"].values()) == {None, "20"}
        assert gone["line_user_id"] is None and "สมใจ" not in str(gone)
        assert "สมใจ" not in str([e.data for e in load(uow, old).events])
        assert load(uow, old).description == privacy.REDACTED
        assert load(uow, recent).first_name == "สมใจ"
        after = monthly_report(uow, Month(2023, 1))
        assert (after["counted"], after["resolved_within_25"]) == (
            before["counted"], before["resolved_within_25"]) == (1, 1)


def test_person_export_finds_cases_by_phone_or_line_and_is_audited(make_uow, now):
    _closed_case(make_uow, now, bkk(2026, 1, 5))
    file(make_uow, now, phone="0899999999", first_name="ปิติ")
    with make_uow() as uow:
        by_phone = privacy.person_export(uow, phone="081-234-5678", actor="dpo", now=now)
        by_line = privacy.person_export(uow, line_user_id=LINE_ID, actor="dpo", now=now)
        uow.commit()
        assert len(by_phone["cases"]) == 1 and by_phone["cases"][0]["timeline"]
        assert by_line["cases"][0]["tracking_no"] == by_phone["cases"][0]["tracking_no"]
        assert "line" in by_line
        actions = [a.action for a in uow.session.query(AuditEntry).all()]
        assert actions == ["person_export", "person_export"]
        with pytest.raises(DomainError):
            privacy.person_export(uow, actor="dpo", now=now)


def test_deletion_request_is_recorded_and_needs_a_closed_case(make_uow, now):
    open_id = file(make_uow, now)
    closed_id = _closed_case(make_uow, now, bkk(2026, 1, 5))
    with make_uow() as uow:
        tracking = load(uow, open_id).tracking_no
        with pytest.raises(DomainError):
            privacy.record_deletion_request(uow, tracking_no=tracking, note="ขอลบ",
                                            actor="dpo", now=now, anonymise_now=True)
    with make_uow() as uow:
        tracking = load(uow, closed_id).tracking_no
        privacy.record_deletion_request(uow, tracking_no=tracking, note="ขอลบ", actor="dpo",
                                        now=now, anonymise_now=True)
        uow.commit()
    with make_uow() as uow:
        case = load(uow, closed_id)
        assert case.anonymised_at is not None
        assert case.description == privacy.REDACTED_ON_REQUEST  # why it is gone
        with pytest.raises(DomainError, match="ถูกลบแล้ว"):
            svc.reopen(uow, case, "ผู้ร้องโทรมาอีก", now=now, actor="o")


def test_the_daily_job_runs_once_a_day_and_keeps_shared_files(make_uow, now, tmp_path):
    from core.persistence.models import Attachment
    from core.services.privacy import daily_retention

    old = _closed_case(make_uow, now, bkk(2023, 1, 9))
    other = _closed_case(make_uow, now, bkk(2026, 1, 5))
    stored = tmp_path / "ab" / "same.jpg"
    stored.parent.mkdir()
    stored.write_bytes(b"\xff\xd8 the same photo")
    with make_uow() as uow:
        for case_id in (old, other):  # one file, sent as evidence for two cases
            uow.add(Attachment(case_id=case_id, kind="image", content_type="image/jpeg",
                               size=20, sha256="0" * 64, storage_key="ab/same.jpg",
                               created_at=now))
        uow.commit()
    with make_uow() as uow:
        summary = daily_retention(uow, now, tmp_path)
        uow.commit()
    assert summary.startswith("1 case(s) anonymised")
    assert stored.exists()  # still evidence of the other, recent case
    with make_uow() as uow:
        assert daily_retention(uow, now + timedelta(hours=2), tmp_path) == "already ran today"
        assert load(uow, old).attachments == []
        assert len(load(uow, other).attachments) == 1


def test_anonymising_cancels_unsent_pushes_and_clears_every_push_to_the_complainant(make_uow, now):
    from core.persistence.models import OutboxMessage
    from core.services.dead_letters import retry_dead_letter

    case_id = _closed_case(make_uow, now, bkk(2026, 1, 5))
    with make_uow() as uow:
        queued = [r for r in uow.session.query(OutboxMessage).filter_by(case_id=case_id)
                  if r.audience == "complainant"]
        assert queued and {r.status for r in queued} == {"pending"}
        queued[0].status = "sent"  # one already delivered stays as it was
        uow.commit()
        sent_id, unsent = queued[0].id, [r.id for r in queued[1:]]
        tracking = load(uow, case_id).tracking_no
    with make_uow() as uow:
        privacy.record_deletion_request(uow, tracking_no=tracking, note="ขอลบ", actor="dpo",
                                        now=now, anonymise_now=True)
        uow.commit()
    with make_uow() as uow:
        rows = {r.id: r for r in uow.session.query(OutboxMessage).filter_by(case_id=case_id)}
        assert rows[sent_id].status == "sent"
        for row in rows.values():  # none keeps the LINE account or what was said
            if row.audience == "complainant":
                assert row.to == "" and LINE_ID not in repr(row.messages)
                assert "คุณสมใจ" not in repr(row.messages)
                assert row.messages == [{"type": "text", "text": privacy.REDACTED_ON_REQUEST}]
        for row_id in unsent:
            assert rows[row_id].status == "cancelled"
            assert rows[row_id].last_error == privacy.PUSH_CANCELLED
        with pytest.raises(DomainError, match="ลบข้อมูลส่วนบุคคล"):
            retry_dead_letter(uow, unsent[0], now)


def test_an_evidence_file_is_deleted_only_when_the_anonymisation_commits(make_uow, now,
                                                                         tmp_path):
    from core.persistence.models import Attachment

    old = _closed_case(make_uow, now, bkk(2023, 1, 9))
    stored = tmp_path / "cd" / "only.jpg"
    stored.parent.mkdir()
    stored.write_bytes(b"\xff\xd8 a photo")
    with make_uow() as uow:
        uow.add(Attachment(case_id=old, kind="image", content_type="image/jpeg", size=14,
                           sha256="1" * 64, storage_key="cd/only.jpg", created_at=now))
        uow.commit()
    with make_uow() as uow:  # the commit never comes (a crash, the database gone)
        assert privacy.anonymise_expired(uow, now=now, attachment_root=tmp_path) == 1
    assert stored.exists()
    with make_uow() as uow:  # the next run finds the case again, and this time commits
        assert load(uow, old).anonymised_at is None
        assert privacy.anonymise_expired(uow, now=now, attachment_root=tmp_path) == 1
        assert stored.exists()
        uow.commit()
    assert not stored.exists()
