"""Exports never turn typed text into a spreadsheet formula (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from core.services.spreadsheets import csv_bytes, xlsx_bytes

TYPED = ['=HYPERLINK("http://evil.example","x")', "+66812345678", "-1+1", "@SUM(A1)",
         "\t=1", "#N/A", "ปกติ"]


def test_xlsx_text_is_always_a_text_cell_and_numbers_stay_numbers():
    row = [*TYPED, 42, -3.5, date(2026, 3, 2), None]
    book = load_workbook(io.BytesIO(xlsx_bytes([("s", [f"c{i}" for i in range(len(row))],
                                                 [row])])))
    cells = list(book.active.iter_rows(min_row=2))[0]
    assert [(c.value, c.data_type) for c in cells[:len(TYPED)]] == [(t, "s") for t in TYPED]
    assert [c.value for c in cells[len(TYPED):]] == [42, -3.5, datetime(2026, 3, 2), None]
    assert [c.data_type for c in cells[len(TYPED):-1]] == ["n", "n", "d"]
    assert cells[0].quotePrefix and not cells[-5].quotePrefix  # "ปกติ" needs none


@pytest.mark.parametrize("text", [*TYPED[:5], "\r=1"])
def test_csv_quotes_text_a_spreadsheet_would_read_as_a_formula(text):
    data = csv_bytes(["a", "b", "c"], [[text, -3, "ok"]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data, newline="")))[1] == ["'" + text, "-3", "ok"]


def test_csv_leaves_ordinary_text_alone():
    data = csv_bytes(["a"], [["#N/A"], ["ปกติ"], ["2569-03-02"]]).decode("utf-8-sig")
    assert data.splitlines()[1:] == ["#N/A", "ปกติ", "2569-03-02"]


def test_xlsx_leaves_out_control_characters_instead_of_failing():
    data = xlsx_bytes([("s", ["a"], [["ก\x0bข\x1b"]])])
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "กข"
