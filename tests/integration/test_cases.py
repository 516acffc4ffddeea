"""The case life on SQLite and PostgreSQL: filing, milestones, actions, routing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.domain.errors import DomainError, StaleChange
from core.persistence.models import CategoryCorrection, OutboxMessage
from core.services import cases as svc
from core.services.calendar import add_holiday
from tests.integration.helpers import bkk, file, load, new_case


def test_filing_numbers_routes_and_computes_milestones(make_uow, now):
    first = file(make_uow, now)
    second = file(make_uow, now)
    with make_uow() as uow:
        case = load(uow, first)
        assert case.tracking_no == "2569-000001"
        assert load(uow, second).tracking_no == "2569-000002"
        assert case.phone == "0812345678"
        assert case.is_formal and case.status == "new"
        assert case.unit_code == "P20"
        assert case.received_date == date(2026, 3, 2)
        # Makha Bucha (3 March 2026) is skipped: 25 working days end on 8 April.
        assert case.due_date == date(2026, 4, 8)
        assert case.contact_due_at == bkk(2026, 3, 3, 22)
        kinds = [(m.kind, m.due_date) for m in case.milestones if m.due_date]
        assert ("consider", date(2026, 3, 4)) in kinds
        assert ("simple_done", date(2026, 3, 6)) in kinds
        assert not any(m.kind == "preliminary_report" for m in case.milestones)
        assert [e.kind for e in case.events] == ["created", "routed"]


def test_tracking_numbers_follow_the_buddhist_year_of_receipt(make_uow, now):
    case_id = file(make_uow, now, received_at=bkk(2025, 12, 31, 23, 30))
    with make_uow() as uow:
        assert load(uow, case_id).tracking_no == "2568-000001"


def test_received_on_a_holiday_starts_counting_on_the_next_working_day(make_uow, now):
    songkran = file(make_uow, now, received_at=bkk(2026, 4, 13))
    saturday = file(make_uow, now, received_at=bkk(2026, 4, 11))
    with make_uow() as uow:
        assert load(uow, songkran).due_date == date(2026, 5, 22)
        assert load(uow, saturday).due_date == date(2026, 5, 22)


def test_missing_personal_data_is_kept_as_an_anonymous_suggestion(make_uow, now):
    case_id = file(make_uow, now, phone=None, first_name=None, last_name=None, title=None)
    with make_uow() as uow:
        case = load(uow, case_id)
        assert not case.is_formal and case.status == "in_progress"
        assert [m.met_at for m in case.milestones if m.kind == "contact"] == [now]
        with pytest.raises(DomainError):
            svc.close_case(uow, case, 1, "ดำเนินการแล้ว", now=now, actor="t")
        svc.close_case(uow, case, 4, "นำไปปรับปรุงการให้บริการ", now=now, actor="t")
        assert case.outcome == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "12345"), ("phone", "+1 415 555 0100"), ("first_name", "ก"),
     ("category", "no_such"), ("channel", "pigeon"), ("province_code", "99"),
     ("description", "   "), ("unit_code", "NOPE")],
)
def test_bad_fields_are_refused_in_thai(make_uow, now, field, value):
    with make_uow() as uow, pytest.raises(DomainError) as error:
        svc.file_case(uow, new_case(**{field: value}), now=now, actor="t")
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(error.value))


def test_category_rule_and_hospital_location_route(make_uow, now):
    corruption = file(make_uow, now, category="corruption")
    with make_uow() as uow:
        hospital_id = next(h.id for h in uow.reference.hospitals() if h.province_code == "50")
    medical = file(make_uow, now, category="medical", hospital_id=hospital_id)
    bangkok = file(make_uow, now, province_code="10", district_code="1001")
    with make_uow() as uow:
        assert load(uow, corruption).unit_code == "HQ"
        assert load(uow, medical).unit_code == "P50"  # the hospital's province, not the person's
        assert load(uow, bangkok).unit_code == "IC"  # the district map ships empty


def test_actions_record_a_timeline_and_queue_complainant_updates(make_uow, now):
    case_id = file(make_uow, now, line_user_id="U" + "a" * 32)
    later = now + timedelta(hours=3)
    with make_uow() as uow:
        case = load(uow, case_id)
        svc.mark_contacted(uow, case, now=later, actor="officer1")
        svc.set_complexity(uow, case, "complex", now=later, actor="officer1")
        svc.add_note(uow, case, "ตรวจสอบข้อมูลกับนายจ้างแล้ว", public=True, now=later, actor="o")
        svc.add_note(uow, case, "บันทึกภายใน", public=False, now=later, actor="o")
        svc.change_category(uow, case, "contributions", now=later, actor="o")
        svc.transfer(uow, case, "P11", "นายจ้างตั้งอยู่ที่สมุทรปราการ", now=later, actor="o")
        svc.close_case(uow, case, 1, "นายจ้างนำส่งเงินสมทบแล้ว", now=later, actor="o")
        uow.commit()
    with make_uow() as uow:
        case = load(uow, case_id)
        assert [e.kind for e in case.events] == [
            "created", "routed", "contacted", "complexity", "note", "note", "category",
            "transferred", "closed"]
        assert case.status == "closed" and case.unit_code == "P11"
        assert case.closed_date == date(2026, 3, 2)
        assert any(m.kind == "preliminary_report" for m in case.milestones)
        corrections = uow.session.query(CategoryCorrection).all()
        assert [(c.from_category, c.to_category) for c in corrections] == [
            ("employer", "contributions")]
        kinds = sorted(m.kind for m in uow.session.query(OutboxMessage).all())
        assert kinds == ["case_closed", "case_contacted", "case_note", "case_transferred"]
        svc.reopen(uow, case, "ผู้ร้องแจ้งว่ายังไม่ได้รับการแก้ไข", now=later, actor="o")
        assert case.status == "in_progress" and case.closed_at is None


def test_closed_case_refuses_actions_until_reopened(make_uow, now):
    case_id = file(make_uow, now)
    with make_uow() as uow:
        case = load(uow, case_id)
        svc.close_case(uow, case, 2, "ชี้แจงแล้ว", now=now, actor="o")
        with pytest.raises(DomainError):
            svc.add_note(uow, case, "x", public=False, now=now, actor="o")
        with pytest.raises(DomainError):
            svc.close_case(uow, case, 1, "x", now=now, actor="o")


def test_stale_version_is_refused(make_uow, now):
    case_id = file(make_uow, now)
    with make_uow() as uow:
        version = load(uow, case_id).version
        svc.mark_contacted(uow, load(uow, case_id), now=now, actor="a")
        uow.commit()
    with make_uow() as uow, pytest.raises(StaleChange):
        svc.get_case(uow, case_id, expected_version=version)


def test_staff_holiday_moves_open_deadlines(make_uow, now):
    case_id = file(make_uow, now)
    with make_uow() as uow:
        add_holiday(uow, date(2026, 3, 20), "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ",
                    "มติ ครม. (ทดสอบ)", "admin", now)
        assert svc.recompute_deadlines(uow, date(2026, 3, 20), now=now).cases == 1
        uow.commit()
    with make_uow() as uow:
        case = load(uow, case_id)
        assert case.due_date == date(2026, 4, 9)
        assert case.events[-1].kind == "deadline_moved"


def test_the_policy_in_force_gives_new_cases_its_milestones(make_uow, now, monkeypatch):
    """SLA_POLICY=bma (seed 004): acknowledge in 1 working day, first report in 3, then
    reports on the 15th and 30th; a public note is the first report."""
    from core.domain import sla

    monkeypatch.setattr(sla, "_selected", None)  # restored after the test
    sla.select_policy(sla.policy_from_setting("bma"))
    case_id = file(make_uow, now)  # Monday 2 March 2026; 3 March is Makha Bucha
    with make_uow() as uow:
        case = load(uow, case_id)
        due = {(m.kind, m.seq): m.due_date for m in case.milestones}
        assert due[("contact", 0)] == date(2026, 3, 4)
        assert due[("preliminary_report", 0)] == date(2026, 3, 6)
        assert [due[("progress", n)] for n in range(3)] == [
            date(2026, 3, 15), date(2026, 3, 30), date(2026, 4, 15)]
        assert case.due_date == date(2026, 4, 8)
        assert "simple_done" not in {m.kind for m in case.milestones}
        svc.add_note(uow, case, "กำลังประสานนายจ้าง", public=True, now=now + timedelta(days=1),
                     actor="test")
        uow.commit()
    with make_uow() as uow:
        report = next(m for m in load(uow, case_id).milestones if m.kind == "preliminary_report")
        assert report.met_at is not None


@pytest.mark.parametrize("outcome", [1, 2, 3])
def test_the_closing_message_speaks_to_the_complainant(make_uow, now, outcome):
    from core.domain.cases import OUTCOMES, OUTCOMES_TO_COMPLAINANT
    from core.services.notify import complainant_text

    case_id = file(make_uow, now)
    with make_uow() as uow:
        case = load(uow, case_id)
        svc.close_case(uow, case, outcome, "โรงพยาบาลคืนเงินให้ท่านแล้ว", now=now, actor="t")
        text = complainant_text(case, case.events[-1])
    assert OUTCOMES_TO_COMPLAINANT[outcome] in text and OUTCOMES[outcome] not in text
    assert "ท่าน" in OUTCOMES_TO_COMPLAINANT[outcome] and "ผู้ร้อง" not in text.split("\n")[2]


def test_tracking_numbers_never_go_back_within_one_unit_of_work(make_uow):
    """An import mixes given numbers and new ones in one transaction: a given number below
    the counter must not pull the counter back (a later case would repeat a number), even
    while the counter's row is loaded in the session (new numbers bypass the ORM)."""
    from core.persistence.models import TrackingCounter

    with make_uow() as uow:
        assert [uow.cases.next_tracking_seq(2569) for _ in range(3)] == [1, 2, 3]
        held = uow.session.get(TrackingCounter, 2569)  # loaded: it says 3 from now on
        assert [uow.cases.next_tracking_seq(2569) for _ in range(3)] == [4, 5, 6]
        uow.cases.raise_tracking_seq(2569, 5)
        assert uow.cases.next_tracking_seq(2569) == 7
        uow.cases.raise_tracking_seq(2569, 9)
        uow.cases.raise_tracking_seq(2569, 8)  # two given numbers in a row
        assert uow.cases.next_tracking_seq(2569) == 10
        uow.commit()
        assert held is not None
    with make_uow() as uow:
        assert uow.cases.next_tracking_seq(2569) == 11
