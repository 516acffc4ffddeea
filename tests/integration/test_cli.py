"""The command line as CONTRACT.md describes it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from core.persistence import db
from core.persistence.models import Base
from core.persistence.uow import UnitOfWork
from core.services import cases as svc
from core.services.reference import load_reference
from rongrian.cli import main
from tests.integration.helpers import bkk, file, load


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path, capsys):
    """Run `rongrian …` against the test database; returns (code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path / "instance"))
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_holidays_add_and_remove_count_every_open_milestone_moved(cli, make_uow):
    """A complex case past its 25 working days: only its progress reports follow the new
    holiday, and the count says so."""
    from tests.integration.helpers import bkk, file

    received = bkk(2026, 11, 20)
    file(make_uow, received, received_at=received, complexity="complex")
    code, out, _ = cli("holidays", "add", "--date", "2027-01-15", "--name", "วันหยุดพิเศษ")
    assert code == 0 and out.startswith("added 2027-01-15; 12 open case deadline(s) moved")
    assert out.rstrip().endswith("(1 case(s): progress 12)")
    code, out, _ = cli("holidays", "remove", "--date", "2027-01-15")
    assert code == 0 and out.startswith("removed 2027-01-15; 12 open case deadline(s) moved")
    code, out, _ = cli("holidays", "add", "--date", "2028-01-17", "--name", "วันหยุดพิเศษ")
    assert out.startswith("added 2028-01-17; 0 open case deadline(s) moved")


def test_workdays(cli):
    assert cli("workdays", "deadline", "--received", "2026-04-10", "--days", "25")[1] == (
        "2026-05-22\n")
    assert cli("workdays", "count", "--from", "2026-04-10", "--to", "2026-05-22")[1] == "25\n"
    assert cli("workdays", "count", "--from", "2026-05-22", "--to", "2026-04-10")[1] == "0\n"


@pytest.mark.parametrize("argv", [
    ("workdays", "deadline", "--received", "2569-04-10", "--days", "25"),
    ("workdays", "deadline", "--received", "10/04/2026", "--days", "25"),
    ("workdays", "deadline", "--received", "2026-04-10", "--days", "-1"),
    ("holidays", "list", "--year", "2569"),
    ("report", "monthly", "--month", "2569-02"),
    ("users", "create", "--username", "x", "--role", "boss", "--password-stdin"),
])
def test_bad_arguments_exit_2_with_one_line(cli, argv):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv,reason", [
    (("holidays", "list", "--year", "2009"), "2010-01-01"),
    (("holidays", "remove", "--date", "2009-01-01"), "2010-01-01"),
    (("report", "monthly", "--month", "2010-01"), "รายงานได้ตั้งแต่ 1 กุมภาพันธ์ 2553 (2010-02)"),
])
def test_a_date_before_the_calendar_is_a_plain_one_line_reason(cli, argv, reason):
    code, out, err = cli(*argv)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert reason in err and "Error" not in err


@pytest.mark.parametrize("typed,example", [("2027-02-23", "2027-02-23T09:00:00+07:00"),
                                           ("2027-02-23T14:30", "2027-02-23T14:30:00+07:00")])
def test_tick_without_a_zone_suggests_a_whole_instant(cli, typed, example):
    code, _, err = cli("tick", "--now", typed)
    assert code == 2 and f"(e.g. {example})" in err
    assert cli("tick", "--no-dispatch", "--now", example)[0] == 0


def test_holidays_list_add_remove(cli):
    code, out, _ = cli("holidays", "list", "--year", "2026")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "2026-01-01\tวันขึ้นปีใหม่"
    assert all(line.startswith("2026-") for line in lines)
    assert "2026-05-01" not in out  # Labour Day is not a civil-service holiday
    assert cli("holidays", "add", "--date", "2026-06-19", "--name", "วันหยุดพิเศษ",
               "--note", "มติ ครม. ทดสอบ")[0] == 0
    assert "2026-06-19\tวันหยุดพิเศษ" in cli("holidays", "list", "--year", "2026")[1]
    assert cli("workdays", "count", "--from", "2026-06-18", "--to", "2026-06-19")[1] == "0\n"
    assert cli("holidays", "remove", "--date", "2026-06-19")[0] == 0
    assert cli("holidays", "remove", "--date", "2026-01-01")[0] == 0
    assert "2026-01-01" not in cli("holidays", "list", "--year", "2026")[1]
    code, _, err = cli("holidays", "remove", "--date", "2026-06-17")
    assert code == 1 and "not a holiday" in err


def test_removing_a_renamed_holiday_makes_it_a_working_day(cli):
    assert cli("holidays", "add", "--date", "2026-12-10", "--name", "ชื่อที่แก้ไข")[0] == 0
    assert "2026-12-10\tชื่อที่แก้ไข" in cli("holidays", "list", "--year", "2026")[1]
    assert cli("holidays", "remove", "--date", "2026-12-10")[0] == 0
    assert "2026-12-10" not in cli("holidays", "list", "--year", "2026")[1]
    assert cli("workdays", "count", "--from", "2026-12-09", "--to", "2026-12-10")[1] == "1\n"
    code, _, err = cli("holidays", "remove", "--date", "2026-12-10")
    assert code == 1 and "not a holiday" in err


def test_units_list_and_link(cli):
    code, out, _ = cli("units", "list")
    assert code == 0 and "IC\tศูนย์สารนิเทศ" in out.splitlines()
    assert len(out.splitlines()) == 140
    assert cli("units", "link-line", "--unit", "P20", "--line-id", "C" + "0" * 32)[0] == 0
    assert cli("units", "link-line", "--unit", "P20", "--line-id", "bad")[0] == 2
    assert cli("units", "link-line", "--unit", "ZZ", "--line-id", "C" + "0" * 32)[0] == 1


def test_users_create(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin("a-long-password-1\n"))
    code, out, _ = cli("users", "create", "--username", "admin1", "--role", "admin",
                       "--password-stdin")
    assert code == 0 and "admin1" in out
    monkeypatch.setattr("sys.stdin", _Stdin("short\n"))
    code, _, err = cli("users", "create", "--username", "o1", "--role", "officer",
                       "--unit", "P20", "--password-stdin")
    assert code == 1 and len(err.splitlines()) == 1
    monkeypatch.setattr("sys.stdin", _Stdin("a-long-password-1\n"))
    code, _, err = cli("users", "create", "--username", "viewer1", "--role", "viewer",
                       "--password-stdin")
    assert code == 1 and "ต้องระบุหน่วยงาน (--unit)" in err


ROWS = [
    {"tracking_no": "2568-000777", "channel": "letter", "category": "medical",
     "description": "โรงพยาบาลปฏิเสธการรักษา", "received_at": "2025-11-03T09:00:00+07:00",
     "status": "closed", "outcome": 1, "closed_at": "2025-11-20T15:00:00+07:00",
     "unit": {"code": "BKK03"}, "line_user_id": "U" + "b" * 32,
     "complainant": {"first_name": "มานี", "last_name": "ทดสอบ", "address": "กทม.",
                     "province_code": "10", "phone": "02-123-4567"}},
    {"channel": "hotline_1506", "category": "unemployment", "description": "ยังไม่ได้รับเงินว่างงาน",
     "received_at": "2026-02-02T09:00:00+07:00",
     "complainant": {"first_name": "ปิติ", "last_name": "สมมุติ", "address": "เชียงใหม่",
                     "province_code": "50", "phone": "+66 81 234 5678"}},
]


def test_import_then_export_round_trip(cli, tmp_path: Path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(ROWS, ensure_ascii=False), "utf-8")
    code, out, _ = cli("cases", "import", str(source))
    assert (code, out) == (0, "imported 2 case(s)\n")
    exported = json.loads(cli("cases", "export", "--format", "json")[1])
    first, second = exported
    assert first["tracking_no"] == "2568-000777" and first["unit"]["code"] == "BKK03"
    assert first["status"] == "closed" and first["resolved_within_deadline"] is True
    assert first["closed_at"] == "2025-11-20T15:00:00+07:00"
    assert first["complainant"]["phone"] == "021234567"
    assert second["tracking_no"] == "2569-000001" and second["unit"]["code"] == "P50"
    assert second["complainant"]["phone"] == "0812345678"
    assert second["due_date"] == "2026-03-10"
    assert second["contact_due_at"] == "2026-02-03T21:00:00+07:00"


def emptied(database_url: str) -> None:
    """Make the database a fresh one: every table emptied, the reference data loaded again."""
    engine = db.make_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
    engine.dispose()


def test_export_then_import_keeps_when_the_complainant_was_contacted(
        cli, make_uow, database_url, tmp_path: Path):
    """contacted_at is in all three export formats (+07:00, or null), and importing the JSON
    into an empty database gives every case the same contacted_at, never contacted included."""
    received = bkk(2026, 3, 2, 9)
    contacted = bkk(2026, 3, 2, 14, 30).replace(second=15, microsecond=250000)
    ids = [file(make_uow, received, received_at=received) for _ in range(5)]
    with make_uow() as uow:
        done, closed, noted, closed_quietly, _new = (load(uow, i) for i in ids)
        for case in (done, closed):
            svc.mark_contacted(uow, case, now=contacted, actor="o")
        svc.close_case(uow, closed, 1, "แก้ไขแล้ว", now=bkk(2026, 3, 4), actor="o")
        svc.add_note(uow, noted, "ประสานนายจ้างแล้ว", public=False, now=bkk(2026, 3, 3), actor="o")
        svc.close_case(uow, closed_quietly, 3, "นอกอำนาจ", now=bkk(2026, 3, 5), actor="o")
        uow.commit()
    expected = ["2026-03-02T14:30:15.250000+07:00", "2026-03-02T14:30:15.250000+07:00",
                None, None, None]
    before = json.loads(cli("cases", "export", "--format", "json")[1])
    assert [c["contacted_at"] for c in before] == expected
    assert [c["status"] for c in before] == ["contacted", "closed", "in_progress", "closed",
                                             "new"]
    csv_path, xlsx_path = tmp_path / "cases.csv", tmp_path / "cases.xlsx"
    cli("cases", "export", "--format", "csv", "--output", str(csv_path))
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert [r["contacted_at"] or None for r in rows] == expected
    cli("cases", "export", "--format", "xlsx", "--output", str(xlsx_path))
    sheet = openpyxl.load_workbook(xlsx_path).active
    column = [c.value for c in sheet[1]].index("contacted_at")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
    source = tmp_path / "export.json"
    source.write_text(json.dumps(before, ensure_ascii=False), "utf-8")
    emptied(database_url)
    assert json.loads(cli("cases", "export")[1]) == []
    assert cli("cases", "import", str(source))[:2] == (0, "imported 5 case(s)\n")
    after = json.loads(cli("cases", "export", "--format", "json")[1])
    assert [(c["tracking_no"], c["contacted_at"]) for c in after] == [
        (c["tracking_no"], c["contacted_at"]) for c in before]
    assert after == before  # nothing else is lost either


def test_import_is_all_or_nothing_with_errors_by_row(cli, tmp_path: Path):
    bad = [ROWS[1], {**ROWS[1], "complainant": {**ROWS[1]["complainant"], "phone": "123"}},
           {**ROWS[1], "category": "nope"}, "not an object"]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    assert [line.split(":")[0] for line in err.splitlines()[:-1]] == ["row 2", "row 3", "row 4"]
    assert json.loads(cli("cases", "export")[1]) == []


def test_import_refuses_outcomes_a_case_cannot_be_closed_with(cli, tmp_path: Path):
    """The closing rules of the admin page hold for imported history too: outcome 5 is for
    anonymous accusations only, and an anonymous suggestion closes with 4 or 5."""
    closed = {**ROWS[0], "tracking_no": None, "outcome_explanation": "ชี้แจงแล้ว"}
    anonymous = {**closed, "complainant": {"address": "กทม.", "province_code": "10"}}
    rows = [{**closed, "outcome": 5}, {**anonymous, "outcome": 1}, {**anonymous, "outcome": 4}]
    source = tmp_path / "outcomes.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    assert [line.split(":")[0] for line in err.splitlines()[:-1]] == ["row 1", "row 2"]
    assert "ผลแบบที่ 5" in err and "4 หรือ 5" in err


def test_import_refuses_a_gregorian_year_in_a_tracking_number(cli, tmp_path: Path):
    """The year is Buddhist Era, that of receipt (BE 2568 here) or the next; not earlier."""
    rows = [{**ROWS[0], "tracking_no": "2025-000777"}, {**ROWS[0], "tracking_no": "2575-000001"},
            {**ROWS[0], "tracking_no": "2560-000001"}, {**ROWS[0], "tracking_no": "2567-000001"}]
    source = tmp_path / "years.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    row1, row2, row3, row4 = err.splitlines()[:4]
    assert row1.startswith("row 1") and "พ.ศ. 2568" in row1
    assert row2.startswith("row 2") and "หลังวันที่รับเรื่อง" in row2
    assert row3 == "row 3: ปีในเลขที่เรื่อง 2560-000001 อยู่ก่อนวันที่รับเรื่อง (พ.ศ. 2568)"
    assert row4.startswith("row 4") and "ก่อนวันที่รับเรื่อง" in row4
    rows = [{**ROWS[0], "tracking_no": "2568-000001"}, {**ROWS[0], "tracking_no": "2569-000001"}]
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    assert cli("cases", "import", str(source))[:2] == (0, "imported 2 case(s)\n")


def test_import_refuses_contradictory_rows(cli, tmp_path: Path):
    """An open case with an outcome or a closing time (dropped before without a word), a
    closed one without them, and an outcome that only equals 1 (JSON true, 1.0)."""
    open_case, closed = ROWS[1], {**ROWS[0], "tracking_no": None}
    rows = [{**open_case, "status": "in_progress", "outcome": 1,
             "closed_at": "2026-02-10T09:00:00+07:00"},
            {**open_case, "status": "new", "closed_at": "2026-02-10T09:00:00+07:00"},
            {**open_case, "status": "contacted", "outcome_explanation": "ชี้แจงแล้ว"},
            {**open_case, "status": "in_progress", "outcome": None, "closed_at": ""},
            {**closed, "outcome": None}, {**closed, "closed_at": None},
            {**closed, "outcome": True}, {**closed, "outcome": 1.0}]
    source = tmp_path / "contradictions.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    only_closed = "only a closed case has an outcome and a closing time"
    assert err.splitlines()[:-1] == [
        f"row 1: outcome, closed_at given but status is in_progress: {only_closed}",
        f"row 2: closed_at given but status is new: {only_closed}",
        f"row 3: outcome_explanation given but status is contacted: {only_closed}",
        "row 5: a closed case needs outcome 1-5",
        "row 6: closed_at is required (ISO-8601 with a zone, e.g. 2026-01-05T09:30:00+07:00)",
        "row 7: a closed case needs outcome 1-5",
        "row 8: a closed case needs outcome 1-5"]


def test_import_checks_a_given_contact_time(cli, tmp_path: Path):
    """contacted_at (optional) needs a status saying contact was made, and lies between
    the receipt and the closing."""
    rows = [{**ROWS[1], "contacted_at": "2026-02-02T10:00:00+07:00"},
            {**ROWS[1], "status": "contacted", "contacted_at": "2026-02-02T08:00:00+07:00"},
            {**ROWS[0], "contacted_at": "2025-11-21T09:00:00+07:00"},
            {**ROWS[0], "tracking_no": None, "contacted_at": "2025-11-03"}]
    source = tmp_path / "contact.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    assert err.splitlines()[:-1] == [
        "row 1: contacted_at is given but status is new",
        "row 2: contacted_at is before received_at",
        "row 3: contacted_at is after closed_at",
        "row 4: contacted_at needs a zone such as +07:00: '2025-11-03'"]


def test_a_null_contact_time_says_no_contact_unless_the_status_does(cli, tmp_path: Path):
    """Without the field an open or closed row's contact is assumed (an older system's
    record); the export's explicit null is kept, except for `contacted`, which says it."""
    rows = [{**ROWS[1], "status": "in_progress"},
            {**ROWS[1], "status": "in_progress", "contacted_at": None},
            {**ROWS[1], "status": "contacted", "contacted_at": None},
            {**ROWS[0], "tracking_no": None, "contacted_at": None}]
    source = tmp_path / "nulls.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    assert cli("cases", "import", str(source))[0] == 0
    exported = json.loads(cli("cases", "export")[1])
    assert [c["contacted_at"] for c in exported] == [
        "2026-02-03T21:00:00+07:00", None, "2026-02-03T21:00:00+07:00", None]


def test_import_refuses_what_is_not_a_line_user_id(cli, tmp_path: Path):
    """line_user_id links a case to a LINE follower: "U" and 32 lowercase hex digits, or
    nothing (null or empty)."""
    good = "U" + "4f" * 16
    rows = [{**ROWS[1], "line_user_id": value} for value in (
        good, None, "", "0812345678", "U" + "4F" * 16, "C" + "4f" * 16, good + "0", 12345)]
    source = tmp_path / "line.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    refused = "line_user_id must be a LINE user ID: U followed by 32 lowercase hex digits"
    assert err.splitlines()[:-1] == [f"row {n}: {refused}" for n in (4, 5, 6, 7, 8)]
    assert json.loads(cli("cases", "export")[1]) == []
    source.write_text(json.dumps(rows[:3], ensure_ascii=False), "utf-8")
    assert cli("cases", "import", str(source))[:2] == (0, "imported 3 case(s)\n")
    exported = json.loads(cli("cases", "export")[1])
    assert [c["line_user_id"] for c in exported] == [good, None, None]


def test_import_refuses_times_after_now(cli, tmp_path: Path, monkeypatch):
    """What an older system recorded cannot have happened after the import (its clock)."""
    monkeypatch.setattr("rongrian.commands.cases.utcnow",
                        lambda: datetime(2025, 11, 20, 8, 0, tzinfo=UTC))  # 15:00 Bangkok
    rows = [ROWS[0],  # closed at 15:00 Bangkok: now, not after it
            {**ROWS[1], "received_at": "2025-11-20T15:01:00+07:00"},
            {**ROWS[0], "tracking_no": None, "closed_at": "2025-11-20T08:01:00+00:00"},
            {**ROWS[0], "tracking_no": None, "contacted_at": "2025-11-21T09:00:00+07:00",
             "closed_at": "2025-11-21T10:00:00+07:00"}]
    source = tmp_path / "future.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    code, _, err = cli("cases", "import", str(source))
    assert code == 1
    assert err.splitlines()[:-1] == [
        "row 2: received_at is in the future: '2025-11-20T15:01:00+07:00'",
        "row 3: closed_at is in the future: '2025-11-20T08:01:00+00:00'",
        "row 4: contacted_at is in the future: '2025-11-21T09:00:00+07:00'"]
    source.write_text(json.dumps(rows[:1], ensure_ascii=False), "utf-8")
    assert cli("cases", "import", str(source))[:2] == (0, "imported 1 case(s)\n")


def test_export_csv_has_bom_and_xlsx_opens(cli, tmp_path: Path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(ROWS, ensure_ascii=False), "utf-8")
    cli("cases", "import", str(source))
    target = tmp_path / "cases.csv"
    assert cli("cases", "export", "--format", "csv", "--output", str(target))[0] == 0
    text = target.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "มานี".encode() in text
    book_path = tmp_path / "cases.xlsx"
    assert cli("cases", "export", "--format", "xlsx", "--output", str(book_path))[0] == 0
    sheet = openpyxl.load_workbook(book_path).active
    assert sheet.max_row == 3 and sheet["A2"].value == "2568-000777"


def test_export_keeps_a_typed_formula_as_text(cli, tmp_path: Path):
    evil = '=HYPERLINK("http://evil.example","x")'
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{**ROWS[1], "description": evil}], ensure_ascii=False),
                      "utf-8")
    assert cli("cases", "import", str(source))[0] == 0
    target = tmp_path / "cases.csv"
    cli("cases", "export", "--format", "csv", "--output", str(target))
    assert "'" + evil.replace('"', '""') in target.read_text("utf-8-sig")
    book = tmp_path / "cases.xlsx"
    cli("cases", "export", "--format", "xlsx", "--output", str(book))
    sheet = openpyxl.load_workbook(book).active
    cell = sheet.cell(2, [c.value for c in sheet[1]].index("description") + 1)
    assert (cell.value, cell.data_type) == (evil, "s")


def test_report_monthly_json_and_xlsx(cli, tmp_path: Path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(ROWS, ensure_ascii=False), "utf-8")
    cli("cases", "import", str(source))
    report = json.loads(cli("report", "monthly", "--month", "2025-11")[1])
    assert (report["received"], report["counted"], report["resolved_within_25"]) == (1, 1, 1)
    assert report["percent"] == 100.0 and report["level"] == 5
    book = tmp_path / "r.xlsx"
    assert cli("report", "monthly", "--month", "2025-11", "--format", "xlsx",
               "--output", str(book))[0] == 0
    assert "สรุป" in openpyxl.load_workbook(book).sheetnames


def test_unmigrated_or_unreachable_database_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["units", "list"]) == 1
    assert "rongrian db upgrade" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["units", "list"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the database" in err and len(err.splitlines()) == 1


class _Stdin:
    def __init__(self, text: str) -> None:
        self.text = text

    def readline(self) -> str:
        return self.text


def test_a_database_behind_or_ahead_of_the_code_is_one_line(monkeypatch, tmp_path, capsys):
    """Code upgraded without its migrations (or rolled back after them): a clear line, not
    an SQL error about a missing column."""
    from alembic import command
    from alembic.config import Config

    from core.persistence import db

    url = f"sqlite:///{tmp_path / 'partial.db'}"
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    engine = db.make_engine(url)
    with engine.begin() as connection:
        cfg = Config()
        cfg.set_main_option("script_location", str(db.MIGRATIONS))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0002_bot")
    assert main(["units", "list"]) == 1
    err = capsys.readouterr().err
    assert "older than this version" in err and "rongrian db upgrade" in err
    assert len(err.splitlines()) == 1
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    assert main(["units", "list"]) == 1
    err = capsys.readouterr().err
    assert "does not know" in err and len(err.splitlines()) == 1
    engine.dispose()


@pytest.mark.parametrize("command", [("privacy", "anonymise"), ("tick", "--no-dispatch")])
def test_a_buddhist_era_instant_is_refused_with_the_gregorian_one(cli, command):
    code, out, err = cli(*command, "--now", "2569-01-01T00:00:00+07:00")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "(2026-01-01T00:00:00+07:00)" in err


def test_privacy_anonymise_refuses_an_instant_in_the_future(cli):
    code, out, err = cli("privacy", "anonymise", "--now", "2099-01-01T00:00:00+07:00")
    assert code == 2 and out == "" and "in the future" in err
    assert len(err.strip().splitlines()) == 1
    assert cli("privacy", "anonymise", "--now", "2026-01-01T00:00:00+07:00")[0] == 0


@pytest.mark.parametrize("value", ["abc", "0", "-3"])
def test_a_bad_web_concurrency_is_refused_by_web_only(cli, monkeypatch, value):
    monkeypatch.setenv("WEB_CONCURRENCY", value)
    assert cli("workdays", "count", "--from", "2026-04-10", "--to", "2026-04-13")[0] == 0
    code, out, err = cli("web")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "WEB_CONCURRENCY" in err and repr(value) in err
    code, _, err = cli("web", "--workers", value)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_privacy_export_refuses_a_bad_phone_in_the_operators_words(cli):
    code, out, err = cli("privacy", "export", "--phone", "abc")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "--phone must be a Thai phone number" in err and "ค่ะ" not in err
    assert cli("privacy", "export", "--phone", "081-234-5678")[0] == 0
