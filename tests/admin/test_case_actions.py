"""Every action on the case page, its record, the complainant's message, and stale forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.persistence.models import AuditEntry, CategoryCorrection, OutboxMessage
from core.services.cases import add_note, close_case
from tests.admin.conftest import NOW, as_user, file_test_case


def _version(staff, case_id: int) -> str:
    html = staff.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    return re.search(r'name="\w+-version" type="hidden" value="(\d+)"', html).group(1)


def _act(staff, case_id: int, action: str, **fields):
    data = {f"{action}-version": _version(staff, case_id)}
    data |= {f"{action}-{k}": v for k, v in fields.items()}
    return staff.post(f"/admin/cases/{case_id}/{action}", data)


def _state(runtime, case_id: int):
    with runtime.uow() as uow:
        case = uow.cases.get(case_id)
        events = [(e.kind, e.public, dict(e.data)) for e in case.events]
        audit = [a.action for a in uow.session.scalars(
            select(AuditEntry).where(AuditEntry.case_id == case_id))]
        outbox = [m.kind for m in uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.audience == "complainant",
                                        OutboxMessage.case_id == case_id))]
        snapshot = {"status": case.status, "complexity": case.complexity,
                    "category": case.category, "unit": case.unit_code,
                    "outcome": case.outcome, "contacted": case.contacted_at is not None,
                    "milestones": sorted({m.kind for m in case.milestones})}
    return snapshot, events, audit, outbox


@pytest.fixture
def case_id(runtime):
    return file_test_case(runtime)


@pytest.fixture
def officer(app, accounts):
    return as_user(app, "bkk1")


def test_record_contact(officer, runtime, case_id):
    response = _act(officer, case_id, "contact", note="โทรคุยกับผู้ร้องแล้ว")
    assert response.status_code == 302
    state, events, audit, outbox = _state(runtime, case_id)
    assert state["status"] == "contacted" and state["contacted"]
    assert events[-1][0] == "contacted" and "case_contact" in audit
    assert outbox == ["case_contacted"]
    page = officer.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert "บันทึกการติดต่อผู้ร้องแล้ว" in page and 'id="act-contact"' not in page


def test_mark_complex_adds_the_preliminary_report(officer, runtime, case_id):
    assert _act(officer, case_id, "complexity", complexity="complex").status_code == 302
    state, events, audit, _ = _state(runtime, case_id)
    assert state["complexity"] == "complex" and "preliminary_report" in state["milestones"]
    assert "case_complexity" in audit


@pytest.mark.parametrize("public,queued", [(True, ["case_note"]), (False, [])])
def test_notes_internal_or_public(officer, runtime, case_id, public, queued):
    fields = {"text": "ประสานโรงพยาบาลแล้ว"} | ({"public": "y"} if public else {})
    assert _act(officer, case_id, "note", **fields).status_code == 302
    _, events, audit, outbox = _state(runtime, case_id)
    assert events[-1] == ("note", public, {"text": "ประสานโรงพยาบาลแล้ว"})
    assert outbox == queued and "case_note" in audit


def test_empty_note_is_refused_next_to_the_field(officer, runtime, case_id):
    response = _act(officer, case_id, "note", text="   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "กรุณาพิมพ์ข้อความบันทึก" in html
    assert '<details class="card action" id="act-note" open>' in html


def test_change_category_is_kept_for_the_suggester(officer, runtime, case_id):
    assert _act(officer, case_id, "category", category="employer").status_code == 302
    state, events, audit, _ = _state(runtime, case_id)
    assert state["category"] == "employer" and events[-1][0] == "category"
    with runtime.uow() as uow:
        corrections = [(c.from_category, c.to_category, c.corrected_by)
                       for c in uow.session.scalars(select(CategoryCorrection))]
    assert corrections == [("medical", "employer", "bkk1")]


def test_unknown_category_is_refused(officer, case_id):
    response = _act(officer, case_id, "category", category="nonsense")
    assert response.status_code == 422 and "ค่าที่เลือกไม่ถูกต้อง" in response.get_data(
        as_text=True)


def test_transfer_with_a_reason_leaves_the_officers_scope(officer, runtime, case_id):
    response = _act(officer, case_id, "transfer", unit_code="BKK02",
                    reason="สถานพยาบาลอยู่ในพื้นที่ 2")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/cases")
    state, events, audit, outbox = _state(runtime, case_id)
    assert state["unit"] == "BKK02" and outbox == ["case_transferred"]
    assert officer.get(f"/admin/cases/{case_id}").status_code == 404


def test_transfer_needs_a_reason(officer, case_id):
    response = _act(officer, case_id, "transfer", unit_code="BKK02", reason="")
    assert response.status_code == 422
    assert "กรุณาระบุเหตุผลในการโอนเรื่อง" in response.get_data(as_text=True)


def test_close_and_reopen(officer, runtime, case_id):
    closed = _act(officer, case_id, "close", outcome="1",
                  explanation="โรงพยาบาลคืนเงินให้แล้ว")
    assert closed.status_code == 302
    state, events, audit, outbox = _state(runtime, case_id)
    assert state["status"] == "closed" and state["outcome"] == 1
    assert events[-1][2]["explanation"] == "โรงพยาบาลคืนเงินให้แล้ว"
    assert outbox == ["case_closed"]
    page = officer.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert 'id="act-reopen"' in page and 'id="act-close"' not in page
    assert _act(officer, case_id, "reopen", reason="ผู้ร้องแจ้งว่ายังไม่ได้รับเงิน").status_code == 302
    state, _, audit, _ = _state(runtime, case_id)
    assert state["status"] == "in_progress" and "case_reopen" in audit


def test_outcome_five_on_a_named_complaint_is_refused_keeping_the_text(officer, runtime,
                                                                        case_id):
    response = _act(officer, case_id, "close", outcome="5", explanation="คำชี้แจงที่พิมพ์ไว้")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ผลแบบที่ 5 ใช้กับบัตรสนเท่ห์" in html and "คำชี้แจงที่พิมพ์ไว้" in html
    assert _state(runtime, case_id)[0]["status"] == "new"


def test_close_needs_an_outcome_and_an_explanation(officer, case_id):
    html = _act(officer, case_id, "close").get_data(as_text=True)
    assert "กรุณาเลือกผลการดำเนินการ" in html and "กรุณาระบุคำชี้แจงที่จะแจ้งผู้ร้อง" in html


def test_a_stale_form_is_refused_not_applied(officer, runtime, case_id):
    version = _version(officer, case_id)
    with runtime.uow() as uow:  # someone else adds a note meanwhile
        add_note(uow, uow.cases.get(case_id), "อีกคนบันทึก", public=False, now=NOW,
                 actor="ic1")
        uow.commit()
    response = officer.post(f"/admin/cases/{case_id}/close", {
        "close-version": version, "close-outcome": "1", "close-explanation": "ปิดเรื่อง"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "มีผู้แก้ไขไปแล้ว" in html and "อีกคนบันทึก" in html and "ปิดเรื่อง" in html
    assert _state(runtime, case_id)[0]["status"] == "in_progress"
    resent = re.search(r'name="close-version" type="hidden" value="(\d+)"', html).group(1)
    assert resent != version  # a deliberate resend after reading the change is accepted
    assert officer.post(f"/admin/cases/{case_id}/close", {
        "close-version": resent, "close-outcome": "1",
        "close-explanation": "ปิดเรื่อง"}).status_code == 302


def test_a_note_refused_because_the_case_closed_meanwhile_keeps_its_text(officer, runtime,
                                                                         case_id):
    version = _version(officer, case_id)
    with runtime.uow() as uow:  # someone else closes the case meanwhile
        close_case(uow, uow.cases.get(case_id), 1, "ชี้แจงแล้ว", now=NOW, actor="ic1")
        uow.commit()
    typed = "โทรแจ้งผู้ร้องเรื่องเอกสารเพิ่มเติมแล้ว รอส่งทางไปรษณีย์"
    for sent_version in (version, _version(officer, case_id)):  # stale, then current
        response = officer.post(f"/admin/cases/{case_id}/note", {
            "note-version": sent_version, "note-text": typed})
        html = response.get_data(as_text=True)
        assert response.status_code in (409, 422)
        assert 'id="unsaved"' in html and typed in html
        assert "มีผู้แก้ไขไปแล้ว" in html or "ยุติแล้ว" in html  # and why it was refused


def test_unknown_action_is_not_found(officer, case_id):
    assert officer.post(f"/admin/cases/{case_id}/delete", {}).status_code == 404
