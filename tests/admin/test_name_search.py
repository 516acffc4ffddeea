"""The case list's search by name: the start of a first or last name, taken literally, read
through the name indexes (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.persistence.admin_queries import CaseFilter, _where, for_listing
from core.persistence.models import Case
from core.services import admin_case_list
from tests.admin.conftest import as_user, file_test_case

NUMBER = re.compile(r"\d{4}-\d{6}")


def _found(staff, text: str) -> set[str]:
    html = staff.get("/admin/cases", query_string={"q": text}).get_data(as_text=True)
    table = html.split('<table class="cases">', 1)[1].split("</table>", 1)[0]
    return set(NUMBER.findall(table))


@pytest.fixture
def people(runtime) -> dict[str, str]:
    """Invented complainants whose names share starts; tracking numbers by key."""
    names = {"somsri": ("สมศรี", "มีสุข"), "somsak": ("สมศักดิ์", "ศรีสุข"),
             "malee": ("มาลี", "สมบูรณ์"),
             "john": ("John", "Smith")}
    ids = {key: file_test_case(runtime, first_name=first, last_name=last)
           for key, (first, last) in names.items()}
    with runtime.uow() as uow:
        return {key: uow.cases.get(case_id).tracking_no for key, case_id in ids.items()}


@pytest.mark.parametrize("text,expected", [
    ("สมศรี มีสุข", {"somsri"}),  # the whole name, as before
    ("นางสาวสมศรี มีสุข", {"somsri"}),  # with a title
    ("สมศ", {"somsri", "somsak"}),  # the start of a first name
    ("สม", {"somsri", "somsak", "malee"}),  # ... or of a last name
    ("สมศ ศรี", {"somsak"}),  # the starts of both
    ("ศรี", {"somsak"}),  # a last name's start, not the middle of สมศรี
    ("สุข", set()),  # never the middle or the end of a name
    ("John", {"john"}), ("Jo Sm", {"john"}),
    # wildcards are taken as typed (no name holds one): they match nothing, not every name
    ("%", set()), ("*", set()), ("ส%", set()), ("ส_", set()), ("ส*", set()), ("ส?", set()),
    ("[ส]ม", set()), ("J_hn", set()),
])
def test_a_name_is_found_by_its_start(app, accounts, people, text, expected):
    ic = as_user(app, "ic1")
    assert _found(ic, text) == {people[key] for key in expected}


def test_the_name_search_reads_the_name_indexes(engine):
    """With scans made expensive, the search is answered from ix_cases_first_name and
    ix_cases_last_name; on PostgreSQL this needs the pattern-ops indexes of migration 0009
    (a plain index serves a prefix LIKE only under the C collation)."""
    query = select(Case.id).where(*_where(CaseFilter(any_name="สมศ")))
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in connection.exec_driver_sql("EXPLAIN " + sql))
            assert "Seq Scan" not in plan
        else:
            plan = "\n".join(r[-1] for r in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql))
            assert "SCAN cases" not in plan.replace("SCAN cases USING", "")
        assert "ix_cases_first_name" in plan and "ix_cases_last_name" in plan, plan


def test_one_app_answers_each_search_with_its_own_text(app, accounts, people):
    """The statement is compiled once and cached; each search still binds its own text."""
    ic = as_user(app, "ic1")
    for _ in range(2):
        assert _found(ic, "สมศ") == {people["somsri"], people["somsak"]}
        assert _found(ic, "มา") == {people["malee"]}
        assert _found(ic, "J") == {people["john"]}
        assert _found(ic, "สมศ ศรี") == {people["somsak"]}
        assert _found(ic, "มาลี สม") == {people["malee"]}


def test_a_start_that_many_names_share_lists_the_same_cases(app, accounts, people,
                                                           monkeypatch):
    """More matches than the count's cap: the list reads in its own order and checks each
    row's names (for_listing); what it finds is the same."""
    monkeypatch.setattr(admin_case_list, "COUNT_CAP", 2)
    ic = as_user(app, "ic1")
    assert _found(ic, "สม") == {people[k] for k in ("somsri", "somsak", "malee")}
    assert _found(ic, "สมศ ศรี") == {people["somsak"]}
    monkeypatch.setattr(admin_case_list, "COUNT_CAP", 0)
    export = ic.get("/admin/cases/export", query_string={"format": "csv", "q": "สมศ"})
    assert set(NUMBER.findall(export.data.decode("utf-8"))) == {people["somsri"],
                                                                people["somsak"]}


def test_many_matches_are_read_in_the_lists_order(engine):
    f = for_listing(CaseFilter(any_name="สม"), more_than_cap=True)
    assert f.names_by_sort and not for_listing(CaseFilter(phone="0812345678"), True).names_by_sort
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses by its statistics")
    query = (select(Case.id).where(*_where(f))
             .order_by(Case.received_at.desc(), Case.id.desc()).limit(51))
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = "\n".join(r[-1] for r in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_cases_received_at" in plan and "ix_cases_first_name" not in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives the order
