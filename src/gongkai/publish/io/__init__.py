"""Import and export of a publication list: an XLSX workbook with the sheets 信息 and 审核记录,
or one CSV file for each, with the columns of `layout` (documented in docs/publish.md).

An import reads every row of every file, puts each item's review trail through the domain's
workflow (`replay`), and lists every problem with its sheet and row number; when there is
any, it gives nothing (`PublicationFileError`). The file helpers, the row reader and the cell
parsers are the register's (`gongkai.register.io`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.publish.io.layout import ALL_PARTS, PublishPart, sheet, sheet_named, sheets
from gongkai.publish.io.replay import Replayed, RowProblem, replay_item
from gongkai.publish.io.rows import TrailRow, part_rows, read_items, read_trail
from gongkai.publish.model import PublicationItem
from gongkai.publish.workflow import Workflow
from gongkai.register.io.csvfiles import csv_bytes, csv_rows
from gongkai.register.io.layout import quoted
from gongkai.register.io.rows import RegisterFileError, RowError, Table
from gongkai.register.io.sniff import best_sheet
from gongkai.register.io.xlsx import new_workbook, workbook_bytes, workbook_tables, write_sheet

SUFFIXES = (".xlsx", ".csv")

__all__ = [
    "ALL_PARTS", "SUFFIXES", "Imported", "PublicationFileError", "PublishPart", "RowError",
    "export_files", "read_files", "read_tables", "sheet", "sheets",
]


class PublicationFileError(RegisterFileError):
    """A publication list with bad rows: every problem found, in file order."""


@dataclass
class Imported:
    """The items a publication list holds, with the rows they came from."""

    agency: str
    items: list[PublicationItem]
    parts: tuple[PublishPart, ...]
    warnings: list[str] = field(default_factory=list)
    item_rows: dict[str, int] = field(default_factory=dict)  # key → row of 信息
    replayed: Replayed = field(default_factory=Replayed)  # rows of 审核记录


# ------------------------------------------------------------------------------ reading

def _table(found: PublishPart, rows: list[list]) -> Table:
    header = rows[0] if rows else []
    return Table(sheet(found), header, [(n, r) for n, r in enumerate(rows[1:], 2)])


def _tables_of(path: Path, warnings: list[str], name: str) -> list[Table]:
    """The tables of one file (`name`: its name in messages); `PublicationFileError` when it
    cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES and suffix != ".xls":
        raise PublicationFileError([RowError(name, None,
                                             "不支持的文件类型（应为 .xlsx 或 .csv）")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PublicationFileError([RowError(
            name, None, f"无法读取：{exc.strerror or exc}")]) from None
    if suffix == ".csv":
        rows = csv_rows(data, name)
        found = best_sheet(rows[0] if rows else [], sheets())
        if found is None:
            raise PublicationFileError([RowError(
                name, 1, f"无法从表头判断是{quoted([s.title for s in sheets()], '还是')}"
                "：请检查表头")])
        return [_table(found.part, rows)]  # type: ignore[arg-type]
    tables, more = workbook_tables(data, name, sheets())
    warnings += more
    return tables


def _resolve(ref: str, keys: set[str], titles: dict[str, list[str]]) -> str | None:
    if ref in keys:
        return ref
    found = titles.get(ref, [])
    return found[0] if len(found) == 1 else None


def read_tables(tables: list[Table], agency: str, workflow: Workflow) -> Imported:
    """The items the tables hold, their trails replayed under `workflow`; raises
    `PublicationFileError` listing every bad row."""
    errors: list[RowError] = []
    warnings: list[str] = []
    by_part: dict[PublishPart, Table] = {}
    for table in tables:
        part = PublishPart(table.sheet.part)
        if part in by_part:
            errors.append(RowError(table.sheet.title, None, "同一类数据出现了两次"))
        by_part.setdefault(part, table)
    if PublishPart.items not in by_part:
        items_, reviews_ = sheet(PublishPart.items).title, sheet(PublishPart.reviews).title
        raise PublicationFileError([*errors, RowError(
            items_, None, f"没有“{items_}”表（{reviews_}须与{items_}一起导入）")])
    items, bad_refs = read_items(by_part[PublishPart.items], errors, warnings)
    trail: list[TrailRow] = []
    unreadable: set[str] = set()  # items with a bad row in their trail
    if PublishPart.reviews in by_part:
        trail, unreadable = read_trail(by_part[PublishPart.reviews], workflow, errors, warnings)
    keys = {i.item.key for i in items}
    titles: dict[str, list[str]] = {}
    for found in items:
        titles.setdefault(found.item.title, []).append(found.item.key)
    grouped: dict[str, list[TrailRow]] = {k: [] for k in keys}
    review_title = sheet(PublishPart.reviews).title
    items_title = sheet(PublishPart.items).title
    item_header = sheet(PublishPart.reviews).column("item").header
    for tr in trail:
        key = _resolve(tr.ref, keys, titles)
        if key is not None:
            grouped[key].append(tr)
        elif tr.ref not in bad_refs:
            many = len(titles.get(tr.ref, [])) > 1
            errors.append(RowError(review_title, tr.row, (
                f"标题“{tr.ref}”对应多条信息，请写文号" if many else
                f"{item_header}“{tr.ref}”在“{items_title}”表中没有"), item_header))
    replayed = Replayed()
    problems: list[RowProblem] = []
    skipped = {_resolve(ref, keys, titles) for ref in unreadable}
    for found in items:
        if found.item.key in skipped:
            continue  # its bad trail rows are reported; the rest is judged once they are right
        problem = replay_item(found, grouped[found.item.key], workflow, replayed)
        if problem is not None:
            problems.append(problem)
    errors += [RowError(sheet(p.part).title, p.row, p.message) for p in problems]
    if errors:
        order = {p: n for n, p in enumerate(ALL_PARTS)}
        errors.sort(key=lambda e: (order.get(_part_of(e.sheet), -1), e.row or 0))
        raise PublicationFileError(errors)
    parts = tuple(p for p in ALL_PARTS if p in by_part)
    return Imported(agency, [i.item for i in items], parts, warnings,
                    {i.item.key: i.row for i in items}, replayed)


def _part_of(title: str) -> PublishPart | None:
    """The part of an error's sheet (None for a file's own problems, listed first)."""
    found = sheet_named(title)
    return PublishPart(found.part) if found else None


def read_files(paths: list[Path], agency: str, workflow: Workflow | None = None,
               parts: tuple[PublishPart, ...] = ALL_PARTS, *,
               names: Mapping[Path, str] | None = None) -> Imported:
    """The publication list held by `paths` (.xlsx and .csv), only its `parts` (the items
    alone give the year's figures); the trail is checked against `workflow` (the default
    one when None); `names` are the files' own names for the messages when they are kept
    under other ones (an upload). Raises `PublicationFileError` with every problem of every
    file."""
    tables: list[Table] = []
    warnings: list[str] = []
    errors: list[RowError] = []
    for path in paths:
        try:
            tables += [t for t in _tables_of(path, warnings, (names or {}).get(path, path.name))
                       if t.sheet.part in parts]
        except RegisterFileError as exc:
            errors += exc.errors
    has_items = any(t.sheet.part is PublishPart.items for t in tables)
    if has_items or not errors:
        try:
            imported = read_tables(tables, agency, workflow or Workflow())
        except PublicationFileError as exc:
            errors += exc.errors
    if errors:
        raise PublicationFileError(errors)
    imported.warnings[:0] = warnings
    return imported


# ------------------------------------------------------------------------------ writing

def export_files(items: list[PublicationItem], path: Path) -> dict[Path, bytes]:
    """The files to write for an export to `path`: one workbook for .xlsx; for .csv, one file
    per sheet beside it, `<stem>-信息.csv` and `<stem>-审核记录.csv`."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        book = new_workbook()
        for part in ALL_PARTS:
            s = sheet(part)
            write_sheet(book, s.title, s.columns, part_rows(items, part))
        return {path: workbook_bytes(book)}
    if suffix != ".csv":
        raise ValueError(f"不支持的文件类型“{path.suffix}”（应为 .xlsx 或 .csv）")
    return {path.with_name(f"{path.stem}-{sheet(part).title}.csv"):
            csv_bytes(sheet(part).headers, part_rows(items, part)) for part in ALL_PARTS}

