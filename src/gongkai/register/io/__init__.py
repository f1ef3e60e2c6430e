"""Import and export of a register: XLSX workbooks (one sheet per part) and CSV files (one
file per part), with the column layout of `layout` (documented in docs/register.md).

An import reads every row of every file and lists every problem with its sheet and row
number; when there is any, it gives nothing (`RegisterFileError`), so a store is never
half-updated."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gongkai.register.io.csvfiles import read_csv, write_csv
from gongkai.register.io.layout import Column, Sheet, sheet, sheets
from gongkai.register.io.rows import (
    Imported,
    RegisterFileError,
    RowError,
    Table,
    event_key,
    read_tables,
)
from gongkai.register.io.xlsx import read_xlsx, write_xlsx
from gongkai.register.model import Register
from gongkai.register.parts import ALL_PARTS, Part

SUFFIXES = (".xlsx", ".csv")

__all__ = [
    "SUFFIXES", "Column", "Imported", "RegisterFileError", "RowError", "Sheet", "Table",
    "event_key", "export_files", "read_csv", "read_files", "read_tables", "read_xlsx", "sheet",
    "sheets", "write_csv", "write_xlsx",
]


def read_files(paths: list[Path], agency: str, part: Part | None = None, *,
               names: Mapping[Path, str] | None = None) -> Imported:
    """The register held by `paths` (.xlsx and .csv); `part` says what a CSV file holds when
    its header does not; `names` are the files' own names for the messages when they are
    kept under other ones (an upload). Raises `RegisterFileError` with every problem of
    every file."""
    tables: list[Table] = []
    warnings: list[str] = []
    errors: list[RowError] = []
    for path in paths:
        name = (names or {}).get(path, path.name)
        try:
            suffix = path.suffix.lower()
            if suffix not in SUFFIXES and suffix != ".xls":
                raise RegisterFileError([RowError(
                    name, None, "不支持的文件类型（应为 .xlsx 或 .csv）")])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise RegisterFileError([RowError(
                    name, None, f"无法读取：{exc.strerror or exc}")]) from None
            if suffix == ".csv":
                table, more = read_csv(data, name, part)
                tables.append(table)
            else:
                found, more = read_xlsx(data, name)
                tables += [t for t in found if part is None or t.sheet.part is part]
            warnings += more
        except RegisterFileError as exc:
            errors += exc.errors
    try:
        imported = read_tables(tables, agency)
    except RegisterFileError as exc:
        errors += exc.errors
    if errors:
        raise RegisterFileError(errors)
    imported.warnings[:0] = warnings
    return imported


def export_files(register: Register, path: Path,
                 parts: tuple[Part, ...] = ALL_PARTS) -> tuple[dict[Path, bytes], list[str]]:
    """The files to write for an export to `path`: one workbook for .xlsx; for .csv, `path`
    itself for one part, else `<stem>-<sheet title>.csv` beside it for each part."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data, warnings = write_xlsx(register, parts)
        return {path: data}, warnings
    if suffix != ".csv":
        raise ValueError(f"不支持的文件类型“{path.suffix}”（应为 .xlsx 或 .csv）")
    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    for part in parts:
        target = path if len(parts) == 1 else path.with_name(
            f"{path.stem}-{sheet(part).title}.csv")
        files[target], more = write_csv(register, part)
        warnings += more
    return files, warnings
