"""Register workbooks (.xlsx): one sheet per part, named as in `layout.sheets()`.

`write_sheet`, `read_workbook` and `workbook_tables` are shared with the other lists written and
read the same way (`gongkai.publish.io`)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from gongkai.register.io import bounds
from gongkai.register.io.layout import (
    Column,
    ColumnType,
    Sheet,
    find_sheet,
    quoted,
    sheet,
    sheets,
)
from gongkai.register.io.rows import RegisterFileError, RowError, Table, part_rows
from gongkai.register.io.sniff import best_sheet
from gongkai.register.io.values import datetime_text
from gongkai.register.model import Register
from gongkai.register.parts import ALL_PARTS, Part

if TYPE_CHECKING:  # openpyxl is imported when a workbook is read or written, not before
    from openpyxl import Workbook

_FORMATS = {ColumnType.date: "yyyy-mm-dd", ColumnType.yuan: "0.00",
            ColumnType.amount_10k_yuan: "0.00####", ColumnType.count: "0",
            ColumnType.year: "0", ColumnType.datetime: "yyyy-mm-dd hh:mm:ss",
            ColumnType.ordinal: "0"}


def write_sheet(book: Workbook, title: str, columns: Sequence[Column],
                rows: list[list[Any]]) -> None:
    """A sheet of `book`: the header row in bold, then `rows` (values in `columns` order).
    Text stays text (never a formula); a time with a fraction of a second, which a workbook
    would round to the millisecond, is written as text."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    ws = book.create_sheet(title)
    for j, column in enumerate(columns, 1):
        ws.cell(row=1, column=j, value=column.header).font = bold
        wide = {ColumnType.date: 12, ColumnType.datetime: 20}.get(column.type, 6)
        shown = [_width(column.header), wide]
        shown += [_width(str(r[j - 1])) for r in rows[:500] if r[j - 1] is not None]
        ws.column_dimensions[get_column_letter(j)].width = min(max(shown) + 2, 60)
    for i, values in enumerate(rows, 2):
        for j, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            if value is None or value == "":
                continue
            if isinstance(value, datetime) and value.microsecond:
                value = datetime_text(value)
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even “=…” (never a formula)
            elif column.type in _FORMATS:
                cell.number_format = _FORMATS[column.type]
    ws.freeze_panes = "A2"


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def new_workbook() -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def write_xlsx(register: Register, parts: tuple[Part, ...] = ALL_PARTS) -> tuple[bytes, list[str]]:
    """The workbook of `register`'s `parts`, and warnings for what its layout cannot hold."""
    warnings: list[str] = []
    book = new_workbook()
    for part in parts:
        columns, rows = part_rows(register, part, warnings)
        write_sheet(book, sheet(part).title, columns, rows)
    return workbook_bytes(book), warnings


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    line = max(text.split("\n"), key=len) if text else ""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in line)


# A sheet as read: its title, its header row (row 1), its other rows that hold anything, each
# with its number as a spreadsheet shows it.
SheetRows = tuple[str, list[Any], list[tuple[int, list[Any]]]]


def read_workbook(data: bytes, name: str) -> list[SheetRows]:
    """Every sheet of a workbook; `RegisterFileError` when `data` is not a workbook, or is
    beyond the `bounds` (what it unpacks to, rows per sheet)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    bounds.check_workbook(data, name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        hint = "（.xls 文件请先在 Excel 中另存为 .xlsx）" if name.lower().endswith(".xls") else ""
        raise RegisterFileError(
            [RowError(name, None, f"不是有效的 Excel（.xlsx）文件{hint}")]) from None
    try:
        return [_sheet_rows(ws, name) for ws in book.worksheets]
    finally:
        book.close()


def _sheet_rows(ws: Any, name: str) -> SheetRows:
    """One sheet's rows, refused beyond `bounds.MAX_ROWS` data rows as soon as they are."""
    header: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), 1):
        if number == 1:
            header = list(values)
        elif any(value is not None for value in values):
            rows.append((number, list(values)))
            if len(rows) > bounds.MAX_ROWS:
                raise bounds.too_many_rows(name, ws.title)
    return ws.title, header, rows


def workbook_tables(data: bytes, name: str,
                    sheets_: tuple[Sheet, ...]) -> tuple[list[Table], list[str]]:
    """The tables of a workbook laid out as `sheets_`: sheets by name, or by their header
    when the name is unknown (one table per sheet of the layout); and warnings."""
    tables: list[Table] = []
    warnings: list[str] = []
    unnamed: list[SheetRows] = []
    for title, header, rows in read_workbook(data, name):
        known = find_sheet(sheets_, title)
        if known is None:
            unnamed.append((title, header, rows))
        else:
            tables.append(Table(known, header, rows))
    for title, header, rows in unnamed:
        found = best_sheet(header, sheets_)
        if found is not None and all(t.sheet.part is not found.part for t in tables):
            warnings.append(f"{name}：工作表“{title}”按表头作为“{found.title}”导入")
            tables.append(Table(found, header, rows))
        elif rows or any(v is not None for v in header):
            warnings.append(f"{name}：忽略了工作表“{title}”")
    if not tables:
        titles = quoted([s.title for s in sheets_])
        raise RegisterFileError([RowError(name, None, f"没有可导入的工作表（应为{titles}）")])
    return tables, warnings


def read_xlsx(data: bytes, name: str) -> tuple[list[Table], list[str]]:
    """The tables of a register workbook: sheets by name, or by their header when the name
    is unknown."""
    return workbook_tables(data, name, sheets())

