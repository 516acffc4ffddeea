"""Tables as CSV (UTF-8 with BOM, so Excel shows Thai) and as .xlsx workbooks.

Text is never a formula: complainants type names and hospitals on LINE, so a value such
as `=HYPERLINK(…)` must reach staff as the text typed (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV that opens correctly in Excel with Thai text; text that a spreadsheet would
    take for a formula gets a leading `'` (numbers stay numbers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(v) for v in headers])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per (title, headers, rows); every text is a text cell."""
    book = Workbook(write_only=False)
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(_cells(sheet, headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(_cells(sheet, row))
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(sheet: Worksheet, values: Iterable[Any]) -> list[Any]:
    """openpyxl stores a str starting with `=` as a formula and `#N/A` as an error: make
    every str a plain text cell, shown as typed (quote-prefixed where Excel would re-read
    it as a formula after an edit). Control characters a worksheet cannot hold are left
    out (openpyxl would refuse the whole file, quoting the text in its error)."""
    cells: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
            value = cell
        cells.append(value)
    return cells
