"""The monthly KPI with the carry-over rule: a worked example over three months."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain.kpi import Month
from core.services import cases as svc
from core.services.reports import monthly_report
from tests.integration.helpers import bkk, file, load


@pytest.fixture
def scenario(make_uow, now):
    """Seven invented cases around February 2026 (see each comment for its dates)."""
    ids = {
        "A": file(make_uow, now, received_at=bkk(2026, 1, 5)),  # due 9 Feb, never closed
        "B": file(make_uow, now, received_at=bkk(2026, 1, 30)),  # due 9 Mar, closed 10 Feb
        "C": file(make_uow, now, received_at=bkk(2026, 2, 2)),  # due 10 Mar, closed 20 Feb
        "D": file(make_uow, now, received_at=bkk(2026, 2, 25)),  # due 2 Apr, open
        "E": file(make_uow, now, received_at=bkk(2026, 2, 3)),  # due 11 Mar, closed 20 Mar
        "F": file(make_uow, now, received_at=bkk(2026, 2, 4), phone=None),  # anonymous
        "G": file(make_uow, now, received_at=bkk(2026, 3, 2)),  # due 8 Apr, open
    }
    closings = {"B": (bkk(2026, 2, 10), 1), "C": (bkk(2026, 2, 20), 2),
                "E": (bkk(2026, 3, 20), 1), "F": (bkk(2026, 2, 6), 4)}
    with make_uow() as uow:
        for key, (when, outcome) in closings.items():
            svc.close_case(uow, load(uow, ids[key]), outcome, "ชี้แจงผู้ร้องแล้ว", now=when,
                           actor="t")
        uow.commit()
    return ids


def test_february_counts_carry_in_and_carry_out(make_uow, scenario):
    with make_uow() as uow:
        report = monthly_report(uow, Month(2026, 2))
    assert {k: report[k] for k in ("received", "carried_in", "counted", "resolved_within_25",
                                   "carried_out", "percent", "level", "anonymous_counted")} == {
        "received": 4, "carried_in": 2, "counted": 4, "resolved_within_25": 3,
        "carried_out": 2, "percent": 75.0, "level": 0, "anonymous_counted": 1}
    assert report["by_unit"][0]["unit_code"] == "P20"
    assert report["by_unit"][0]["counted"] == 4


def test_march_counts_the_late_closure_as_not_resolved(make_uow, scenario):
    with make_uow() as uow:
        report = monthly_report(uow, Month(2026, 3))
    assert (report["received"], report["carried_in"], report["counted"],
            report["resolved_within_25"], report["carried_out"]) == (1, 2, 1, 0, 2)


def test_april_counts_what_was_carried_twice(make_uow, scenario):
    with make_uow() as uow:
        report = monthly_report(uow, Month(2026, 4))
    assert (report["carried_in"], report["counted"], report["resolved_within_25"]) == (2, 2, 0)


def test_an_early_report_date_carries_out_what_is_not_yet_due(make_uow, scenario):
    with make_uow() as uow:
        report = monthly_report(uow, Month(2026, 2), date(2026, 2, 15))
    # At 15 Feb: A is due (9 Feb), B closed (10 Feb), F closed (6 Feb); C, D, E received by
    # then are not yet closed or due, and D (25 Feb) was not yet received.
    assert (report["received"], report["counted"], report["resolved_within_25"],
            report["carried_out"]) == (3, 3, 2, 2)
    assert report["level"] == 0


def test_by_hospital_lists_network_hospitals_beside_other_cases(make_uow, scenario, now):
    with make_uow() as uow:
        hospital = next(h for h in uow.reference.hospitals() if h.province_code == "20")
        hospital_id, name = hospital.id, hospital.name_th
    file(make_uow, now, received_at=bkk(2026, 2, 9), category="medical", hospital_id=hospital_id)
    with make_uow() as uow:
        report = monthly_report(uow, Month(2026, 2))
    assert [(r["hospital_id"], r["hospital_name"], r["received"]) for r in report["by_hospital"]
            ] == [(hospital_id, name, 1)]
    assert sum(r["received"] for r in report["by_category"]) == report["received"] == 5


def test_a_report_date_after_the_month_takes_no_receipt_of_the_next_month(make_uow, scenario):
    with make_uow() as uow:
        late = monthly_report(uow, Month(2026, 2), date(2026, 3, 5))
        month_end = monthly_report(uow, Month(2026, 2))
    # G (received 2 March) is March's item, whatever February's report date; as of 5 March
    # nothing more of February's items is closed or due (E is due 11 March).
    assert late["received"] == month_end["received"] == 4
    assert {k: late[k] for k in ("carried_in", "counted", "resolved_within_25", "carried_out")
            } == {"carried_in": 2, "counted": 4, "resolved_within_25": 3, "carried_out": 2}
    # and it says that the next month's report counts such items again
    assert "หลังสิ้นเดือน" in late["method_th"] and "หลังสิ้นเดือน" not in month_end["method_th"]


def test_a_complaint_received_on_a_holiday(make_uow, now):
    """Received Monday 13 April 2026 (Songkran, 13-15 April): day 1 is Thursday 16 April, and
    with 1 May a working day for the civil service and 4 and 13 May holidays (Coronation Day,
    Royal Ploughing Day), the 25th working day is Friday 22 May, as for a receipt on 10 April."""
    on_time = file(make_uow, now, received_at=bkk(2026, 4, 13, 10))
    late = file(make_uow, now, received_at=bkk(2026, 4, 13, 15))
    friday_before = file(make_uow, now, received_at=bkk(2026, 4, 10, 9))
    with make_uow() as uow:
        assert {load(uow, i).due_date for i in (on_time, late, friday_before)} == {
            date(2026, 5, 22)}
        svc.close_case(uow, load(uow, on_time), 1, "ชี้แจงผู้ร้องแล้ว", now=bkk(2026, 5, 22, 16),
                       actor="t")
        svc.close_case(uow, load(uow, late), 1, "ชี้แจงผู้ร้องแล้ว", now=bkk(2026, 5, 25, 9),
                       actor="t")
        uow.commit()
    with make_uow() as uow:
        april = monthly_report(uow, Month(2026, 4))
        may = monthly_report(uow, Month(2026, 5))
    # April: all three received, none closed or due by 30 April, so all carried out to May.
    assert (april["received"], april["counted"], april["carried_out"]) == (3, 0, 3)
    # May: closed on the deadline is resolved; closed the next working day is not; the open
    # one is counted (its deadline passed) and not resolved.
    assert (may["carried_in"], may["counted"], may["resolved_within_25"], may["percent"]) == (
        3, 3, 1, 33.33)


def test_workbook_sheets_show_the_anonymous_among_the_counted(make_uow, scenario):
    import io

    from openpyxl import load_workbook

    from core.services.report_workbook import monthly_workbook

    with make_uow() as uow:
        data = monthly_workbook(uow, monthly_report(uow, Month(2026, 2)))
    book = load_workbook(io.BytesIO(data))
    summary = dict(row for row in book["สรุป"].iter_rows(min_row=2, values_only=True))
    assert summary["ในจำนวนที่นับ: ไม่ระบุตัวผู้ร้อง"] == 1
    for title in ("ตามหน่วยงาน", "ตามหมวดหมู่"):
        header, *rows = book[title].iter_rows(values_only=True)
        column = header.index("ในจำนวนที่นับ: ไม่ระบุตัวผู้ร้อง")
        assert sum(row[column] for row in rows) == 1


def _kpi(uow, month: Month) -> tuple[int, int, int]:
    report = monthly_report(uow, month)
    return report["counted"], report["resolved_within_25"], report["carried_out"]


def test_a_case_reopened_after_its_month_leaves_that_months_report_as_it_was(make_uow, now):
    """B closed in time on 10 Feb; reopened on 3 March (February is reported) and closed
    again on 20 March, after its deadline of 9 March: February still counts it resolved,
    and March does not count it a second time."""
    case_id = file(make_uow, now, received_at=bkk(2026, 1, 30))
    with make_uow() as uow:
        svc.close_case(uow, load(uow, case_id), 1, "ชี้แจงแล้ว", now=bkk(2026, 2, 10), actor="t")
        uow.commit()
        february = _kpi(uow, Month(2026, 2))
    assert february == (1, 1, 0)
    with make_uow() as uow:
        svc.reopen(uow, load(uow, case_id), "ผู้ร้องแจ้งว่ายังไม่ได้รับเงิน", now=bkk(2026, 3, 3),
                   actor="t")
        uow.commit()
        assert _kpi(uow, Month(2026, 2)) == february and _kpi(uow, Month(2026, 3))[0] == 0
        svc.close_case(uow, load(uow, case_id), 1, "ชี้แจงแล้ว", now=bkk(2026, 3, 20), actor="t")
        uow.commit()
        assert _kpi(uow, Month(2026, 2)) == february and _kpi(uow, Month(2026, 3))[0] == 0
        assert load(uow, case_id).kpi_closed_date == date(2026, 2, 10)


def test_a_case_reopened_in_the_month_it_closed_is_simply_open_again(make_uow, now):
    """Received 2 Feb (due 10 March), closed 10 Feb, reopened 20 Feb and still open at the
    end of February: carried out to March, counted there at its deadline, not resolved."""
    case_id = file(make_uow, now, received_at=bkk(2026, 2, 2))
    with make_uow() as uow:
        svc.close_case(uow, load(uow, case_id), 1, "ชี้แจงแล้ว", now=bkk(2026, 2, 10), actor="t")
        svc.reopen(uow, load(uow, case_id), "ยังไม่เรียบร้อย", now=bkk(2026, 2, 20), actor="t")
        uow.commit()
        assert _kpi(uow, Month(2026, 2)) == (0, 0, 1)
        assert _kpi(uow, Month(2026, 3)) == (1, 0, 0)
