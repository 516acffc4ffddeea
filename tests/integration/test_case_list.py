"""The complainant's case list ("track"): one statement, and the same texts as the pushes."""

from __future__ import annotations

from datetime import timedelta

from core.persistence.bot_store import BotStore
from core.services import cases as svc
from core.services import notify
from tests.integration.helpers import bkk, file, load

USER = "U" + "c" * 32
OTHER = "U" + "d" * 32


def test_newest_first_with_the_newest_public_entry(make_uow, now) -> None:
    first = file(make_uow, now, line_user_id=USER, received_at=bkk(2026, 2, 2))
    second = file(make_uow, now, line_user_id=USER)
    file(make_uow, now, line_user_id=OTHER)
    with make_uow() as uow:
        case = load(uow, first)
        svc.add_note(uow, case, "ประสานนายจ้างแล้ว", public=True, now=now, actor="officer")
        svc.add_note(uow, case, "บันทึกภายใน", public=False, now=now + timedelta(minutes=1),
                     actor="officer")
        svc.transfer(uow, load(uow, second), "P11", "นายจ้างอยู่สมุทรปราการ",
                     now=now, actor="officer")
        uow.commit()
    with make_uow() as uow:
        rows = BotStore(uow.session).case_list(USER)
        cases = {c.id: c for c in (load(uow, first), load(uow, second))}
        assert [r.tracking_no for r in rows] == [cases[second].tracking_no,
                                                 cases[first].tracking_no]
        by_number = {r.tracking_no: r for r in rows}
        for case in cases.values():
            row = by_number[case.tracking_no]
            public = [e for e in case.events if e.public]
            newest = max(public, key=lambda e: e.id)
            assert (row.status, row.category, row.due_date) == (
                case.status, case.category, case.due_date)
            assert row.received_at == case.received_at
            assert (row.event_kind, row.event_data) == (newest.kind, newest.data)
            # the list's text is what the push said
            assert notify.event_text(row.tracking_no, row.status, row.unit_name,
                                     row.event_kind, row.event_data) == \
                notify.complainant_text(case, newest)
        noted = by_number[cases[first].tracking_no]
        assert noted.event_kind == "note" and noted.event_data["text"] == "ประสานนายจ้างแล้ว"
        assert by_number[cases[second].tracking_no].event_kind == "transferred"


def test_a_case_with_no_public_entry_and_a_stranger(make_uow, now) -> None:
    file(make_uow, now, line_user_id=USER)
    with make_uow() as uow:
        (row,) = BotStore(uow.session).case_list(USER)
        assert row.event_kind is None and row.event_data is None and row.unit_name
        assert BotStore(uow.session).case_list("U" + "e" * 32) == []
