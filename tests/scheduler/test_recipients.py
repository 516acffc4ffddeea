"""Who staff alerts reach when a unit has nobody on LINE: the Information Center stands in."""

from __future__ import annotations

from sqlalchemy import update

from core.persistence.models import Unit
from tests.scheduler.conftest import group_of, head_of
from tests.scheduler.helpers import bkk, file, outbox, scan

NO_RECIPIENT = "ยังไม่มีผู้รับแจ้งเตือนทาง LINE ระบบจึงส่งถึงศูนย์สารนิเทศแทน"


def _link(make_uow, code: str) -> None:
    with make_uow() as uow:
        uow.session.execute(update(Unit).where(Unit.code == code).values(
            line_group_id=group_of(code)))
        uow.commit()


def test_alerts_of_a_unit_with_nobody_on_line_go_to_the_information_center(make_uow):
    _link(make_uow, "IC")
    received = bkk(2026, 3, 2, 10)
    case_id = file(make_uow, received, received_at=received, line_user_id="U" + "c" * 32)
    [filed] = outbox(make_uow, "staff_new")
    assert filed.to == group_of("IC") and filed.dedupe_key == f"staff:new:{case_id}:ic-grp"
    text = filed.messages[0]["text"]
    assert "สปส.จ.ชลบุรี" in text.split("\n\n")[-1] and NO_RECIPIENT in text
    scan(make_uow, bkk(2026, 3, 3, 22, 1))  # the contact breach: told once, with the note
    alerts = outbox(make_uow, "staff_alert")
    assert [(r.to, r.dedupe_key.rsplit(":", 1)[1]) for r in alerts] == [
        (group_of("IC"), "ic-grp")]
    assert NO_RECIPIENT in alerts[0].messages[0]["text"]


def test_a_unit_on_line_hears_of_its_cases_itself(make_uow):
    _link(make_uow, "IC")
    _link(make_uow, "P20")
    file(make_uow, bkk(2026, 3, 2, 10), received_at=bkk(2026, 3, 2, 10))
    [filed] = outbox(make_uow, "staff_new")
    assert filed.to == group_of("P20") and NO_RECIPIENT not in filed.messages[0]["text"]


def _breach_text(make_uow, unit_code: str) -> str:
    received = bkk(2026, 3, 2, 10)
    file(make_uow, received, received_at=received, unit_code=unit_code)
    scan(make_uow, bkk(2026, 3, 3, 22, 1))  # the contact breach
    return outbox(make_uow, "staff_alert")[0].messages[0]["text"]


def _set_head(make_uow, code: str) -> None:
    with make_uow() as uow:
        uow.session.execute(update(Unit).where(Unit.code == code).values(
            head_line_id=head_of(code)))
        uow.commit()


def test_a_breach_names_who_else_was_told_without_a_head(make_uow):
    _link(make_uow, "IC")
    _link(make_uow, "P20")
    text = _breach_text(make_uow, "P20")
    assert text.endswith("\n(แจ้งศูนย์สารนิเทศเพื่อทราบ)")


def test_a_breach_names_who_else_was_told_with_a_head(make_uow):
    _link(make_uow, "IC")
    _link(make_uow, "P20")
    _set_head(make_uow, "P20")
    assert _breach_text(make_uow, "P20").endswith(
        "\n(แจ้งหัวหน้าหน่วยงานและศูนย์สารนิเทศเพื่อทราบ)")


def test_a_breach_at_the_information_center_names_only_its_head(make_uow):
    _link(make_uow, "IC")
    _set_head(make_uow, "IC")
    assert _breach_text(make_uow, "IC").endswith("\n(แจ้งหัวหน้าหน่วยงานเพื่อทราบ)")


def test_a_breach_nobody_else_heard_of_claims_nobody(make_uow):
    _link(make_uow, "P20")
    assert "เพื่อทราบ" not in _breach_text(make_uow, "P20")



def test_units_with_nobody_on_line_are_summed_up_for_the_information_center(make_uow):
    from core.services.digests import daily_digests

    _link(make_uow, "IC")
    for unit in ("P20", "P20", "BKK01"):  # overdue on 17 April; neither unit is on LINE
        file(make_uow, bkk(2026, 3, 2), received_at=bkk(2026, 3, 2), unit_code=unit)
    for when in (bkk(2026, 4, 17, 8, 30), bkk(2026, 4, 17, 8, 31)):  # once a day
        with make_uow() as uow:
            daily_digests(uow, when)
            uow.commit()
    [row] = outbox(make_uow, "staff_digest")  # one push, not one per unit
    assert row.to == group_of("IC") and row.dedupe_key == "digest:unheard:2026-04-17:ic-grp"
    [message] = row.messages
    assert "ยังไม่มีผู้รับแจ้งเตือนทาง LINE 2 หน่วยงาน" in message["text"]
    assert "สปส.จ.ชลบุรี: ครบกำหนดวันนี้ 0 · เกินกำหนด 2 · รอติดต่อผู้ร้อง 2 เรื่อง" in (
        message["text"])
    _link(make_uow, "P20")  # once a unit is on LINE, it reads its own digest
    with make_uow() as uow:
        daily_digests(uow, bkk(2026, 4, 20, 8, 30))
        uow.commit()
    latest = {r.to: r for r in outbox(make_uow, "staff_digest")}
    assert "เกินกำหนด 25 วันทำการ: 2 เรื่อง" in latest[group_of("P20")].messages[0]["text"]
    assert "LINE 1 หน่วยงาน" in latest[group_of("IC")].messages[0]["text"]


def test_the_summary_fits_one_push_and_counts_what_does_not_fit():
    from datetime import date

    from core.services import alert_texts as texts

    lines = [texts.unheard_unit(f"หน่วยงานทดสอบ {i}", 1, 2, 3) for i in range(400)]
    out = texts.unheard_digest(date(2026, 4, 17), lines)
    assert len(out) == 5 and all(len(t) <= texts.TEXT_MAX - 1 for t in out)  # 📋 is two
    shown = sum(t.count("• หน่วยงานทดสอบ") for t in out)
    assert out[-1].endswith(f"• และอีก {400 - shown} หน่วยงาน") and 300 < shown < 400
    assert texts.unheard_digest(date(2026, 4, 17), lines[:2])[0].endswith(lines[1])


def test_a_scan_reads_the_units_once_however_many_it_asks_for(make_uow, engine):
    """Two units are read one row each (filing); from the third on all are read once and
    kept, so a digest over 140 units is not 140 reads (nor a reload per unit)."""
    import gc

    from sqlalchemy import event, select

    from core.persistence.scheduling import store

    reads: list[str] = []

    def count(conn, cursor, statement, params, context, many):
        if "FROM units" in statement:
            reads.append(statement)

    with make_uow() as uow:
        codes = list(uow.session.scalars(select(Unit.code).order_by(Unit.code)))
    event.listen(engine, "before_cursor_execute", count)
    try:
        with make_uow() as uow:
            st = store(uow.session)
            for _ in range(2):
                for code in codes:
                    assert st.unit(code).code == code
                    gc.collect()  # the session holds loaded rows only weakly
            assert st.unit("NONE") is None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(reads) == 4, reads  # two single rows, every unit once, the unknown code
