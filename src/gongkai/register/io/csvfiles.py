"""Register CSV files: one file per part. Written as UTF-8 with a BOM (so Excel opens it as
UTF-8); read as UTF-8, UTF-8 with a BOM, or GBK (GB 18030).

`csv_bytes`, `csv_rows` and `decode` are shared with the other lists written and read the same
way (`gongkai.publish.io`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from gongkai.register.io import bounds
from gongkai.register.io.layout import quoted, sheet, sheets
from gongkai.register.io.rows import RegisterFileError, RowError, Table, part_rows
from gongkai.register.io.sniff import detect_sheet
from gongkai.register.io.values import datetime_text
from gongkai.register.model import Register
from gongkai.register.parts import Part

BOM = "\ufeff"
# A spreadsheet takes text starting with one of these as a formula (CSV injection). Such text is
# written behind an apostrophe, which reading takes off again; text already starting with an
# apostrophe gets a second one, so every text reads back as it was written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def _guard(text: str) -> str:
    return _QUOTE + text if text.startswith((*_FORMULA_START, _QUOTE)) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith(_QUOTE) and text[1:].startswith(
        (*_FORMULA_START, _QUOTE)) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _guard(value)
    return str(value)


def csv_bytes(headers: Sequence[str], rows: list[list[Any]]) -> bytes:
    """A CSV file: the header row, then `rows`; UTF-8 with a BOM."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(headers))
    writer.writerows([_cell(v) for v in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def write_csv(register: Register, part: Part) -> tuple[bytes, list[str]]:
    """The CSV file of one part of `register`, and warnings for what it cannot hold."""
    warnings: list[str] = []
    columns, rows = part_rows(register, part, warnings)
    return csv_bytes([c.header for c in columns], rows), warnings


def decode(data: bytes, name: str) -> str:
    if data.startswith(BOM.encode("utf-8")):
        return data.decode("utf-8-sig")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegisterFileError([RowError(name, None, "无法识别文件的编码（应为 UTF-8 或 GBK）")])


def csv_rows(data: bytes, name: str) -> list[list[str]]:
    """The records of a CSV file (comma- or tab-separated), the header first; refused beyond
    `bounds.MAX_ROWS` records with anything in them after the header."""
    text = decode(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    records: list[list[str]] = []
    filled = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append([_unguard(cell) for cell in record])
            filled += len(records) > 1 and any(cell.strip() for cell in record)
            if filled > bounds.MAX_ROWS:
                raise bounds.too_many_rows(name)
    except csv.Error as exc:
        raise RegisterFileError([RowError(name, None, f"不是有效的 CSV 文件：{exc}")]) from None
    return records


def read_csv(data: bytes, name: str, part: Part | None = None) -> tuple[Table, list[str]]:
    """The table of a CSV file; its part is `part`, or found from its header row. Row numbers
    count records (the header is row 1), as a spreadsheet shows them."""
    rows = csv_rows(data, name)
    header = rows[0] if rows else []
    warnings: list[str] = []
    if part is None:
        part = detect_sheet(list(header))
        if part is None:
            titles = [s.title for s in sheets()]
            raise RegisterFileError([RowError(
                name, 1, f"无法从表头判断是哪一类数据（{quoted(titles, '或')}）："
                "请检查表头，或用 --kind 指定")])
    return Table(sheet(part), list(header), [(n, r) for n, r in enumerate(rows[1:], 2)]), warnings
