"""Rows of a register file ↔ the register's domain objects.

Reading checks every row and collects every problem, each with its sheet and row number
(the header is row 1, as a spreadsheet shows it); a file with any bad row gives no register.
Writing gives one row per object, and a warning for anything the layout cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.register import rules
from gongkai.register.io import values as v
from gongkai.register.io.layout import (
    DATE_SEPARATOR,
    DATE_SEPARATORS,
    EXTENSION_REASON,
    NOTE_SUFFIX,
    Column,
    ColumnType,
    Sheet,
    case_kind_labels,
    case_result_labels,
    document_kind_labels,
    sheet,
)
from gongkai.register.model import (
    YEARLY_KEYS,
    Application,
    Case,
    CaseResult,
    Event,
    EventKind,
    NormativeDocument,
    Register,
    YearlyFigures,
    applicant_types,
    outcomes,
)
from gongkai.register.parts import ALL_PARTS, Part
from gongkai.register.rules import Problem

_EVENT_ORDER = {kind: n for n, kind in enumerate(EventKind)}


def event_key(event: Event) -> tuple[date, int]:
    """The order of an application's events in a register read from a file."""
    return event.on, _EVENT_ORDER[event.kind]


@dataclass(frozen=True)
class RowError:
    """A problem of a file, of one of its rows, or of one cell: `column` is the header of the
    column it concerns, as printed in the file (None: the row or the file as a whole)."""

    sheet: str
    row: int | None
    message: str
    column: str | None = None

    def __str__(self) -> str:
        """“申请 第 3 行 缴费日期：…”; the column is left out when the message names it already
        (“申请 第 3 行：申请人为空”)."""
        where = f"{self.sheet} 第 {self.row} 行" if self.row else self.sheet
        if self.column and self.column not in self.message:
            where = f"{where} {self.column}"
        return f"{where}：{self.message}"


class RegisterFileError(ValueError):
    """A register file with bad rows: every problem found, in file order."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Table:
    """One sheet or CSV file as read: its header row and its data rows with their numbers."""

    sheet: Sheet
    header: list[Any]
    rows: list[tuple[int, list[Any]]]


@dataclass
class Imported:
    """What a register file holds: the parts it has (each replaces the stored part)."""

    register: Register
    parts: tuple[Part, ...]
    warnings: list[str] = field(default_factory=list)

    def count(self, part: Part) -> int:
        r = self.register
        return {Part.applications: len(r.applications), Part.cases: len(r.cases),
                Part.documents: len(r.documents), Part.yearly: len(r.yearly)}[part]


# ---------------------------------------------------------------------------- reading

class Row:
    """One data row: typed access to its cells, collecting what is wrong with it (shared with
    the other lists read the same way, e.g. `gongkai.publish.io`)."""

    def __init__(self, table: Table, number: int, cells: dict[str, Any],
                 errors: list[RowError]) -> None:
        self.table, self.number, self.cells, self.errors = table, number, cells, errors
        self.failed: set[str] = set()  # keys of the cells that could not be read
        self._errors_before = len(errors)

    def fail(self, message: str, key: str | None = None, *, unread: bool = False) -> None:
        """Record a problem of this row; `key` is the column it concerns (None: several or
        none), `unread` says that column's cell could not be read at all."""
        header = self.table.sheet.column(key).header if key else None
        self.errors.append(RowError(self.table.sheet.title, self.number, message, header))
        if key and unread:
            self.failed.add(key)

    @property
    def bad(self) -> bool:
        return len(self.errors) > self._errors_before

    def get(self, key: str, parse: Callable[[Any], Any], required: bool = False) -> Any:
        column = self.table.sheet.column(key)
        raw = self.cells.get(key)
        if v.is_blank(raw):
            if required:
                self.fail(f"{column.header}为空", key, unread=True)
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            self.fail(f"{column.header}{exc}", key, unread=True)
            return None

    def text(self, key: str, required: bool = False) -> str | None:
        return self.get(key, v.text, required)

    def choice(self, key: str, choices: v.Choices, required: bool = False) -> Any:
        return self.get(key, choices.resolve, required)

    def date(self, key: str, required: bool = False) -> date | None:
        raw = self.cells.get(key)
        if isinstance(raw, str) and len([p for p in DATE_SEPARATORS.split(raw) if p.strip()]) > 1:
            self.fail(f"{self.table.sheet.column(key).header}只能填一个日期", key, unread=True)
            return None
        return self.get(key, v.parse_date, required)

    def dates(self, key: str) -> list[date]:
        return self.get(key, v.parse_dates, False) or []

    def amount(self, key: str, unit: str, places: int) -> Decimal | None:
        return self.get(key, lambda raw: v.parse_amount(raw, unit, places), False)

    def count(self, key: str) -> int | None:
        """A count; None when the cell is blank (not recorded, never taken as 0)."""
        return self.get(key, v.parse_count, False)


def header_map(table: Table, errors: list[RowError], warnings: list[str]) -> dict[int, str]:
    """Column index → column key, from the header row."""
    title = table.sheet.title
    found: dict[int, str] = {}
    for index, raw in enumerate(table.header):
        name = v.text(raw)
        if not name:
            continue
        column = next((c for c in table.sheet.columns if c.matches(name)), None)
        if column is None:
            warnings.append(f"{title}：忽略了不认识的列“{name}”")
        elif column.key in found.values():
            errors.append(RowError(title, 1, f"“{column.header}”列出现了两次", column.header))
        else:
            found[index] = column.key
    for column in table.sheet.columns:
        if column.required and column.key not in found.values():
            errors.append(RowError(title, 1, f"缺少“{column.header}”列", column.header))
    return found


def data_rows(table: Table, errors: list[RowError], warnings: list[str]) -> Iterable[Row]:
    """The table's non-blank data rows; none when its header row has a problem."""
    before = len(errors)
    columns = header_map(table, errors, warnings)
    if len(errors) > before:
        return
    for number, raw in table.rows:
        cells = {key: raw[i] if i < len(raw) else None for i, key in columns.items()}
        if all(v.is_blank(c) for c in cells.values()):
            continue
        yield Row(table, number, cells, errors)


# The column of each event kind's date, and of the values events carry.
EVENT_COLUMNS = {
    EventKind.correction_requested: "correction_requested",
    EventKind.correction_received: "correction_received",
    EventKind.third_party_started: "third_party_started",
    EventKind.third_party_answered: "third_party_answered",
    EventKind.extension_approved: "extension",
    EventKind.fee_notice_issued: "fee_notice",
    EventKind.fee_paid: "fee_paid",
    EventKind.answered: "answered",
    EventKind.withdrawn: "withdrawn",
}
# The column of each event kind's note: its date column's, with the layout's suffix (延期理由
# for an extension; one line per event for the kinds an application may have several of).
NOTE_COLUMNS = {
    kind: EXTENSION_REASON if kind is EventKind.extension_approved else f"{key}{NOTE_SUFFIX}"
    for kind, key in EVENT_COLUMNS.items()
}
_VALUE_COLUMNS = {"outcome": "outcome", "amount_yuan": "fee_yuan", "confirmed": "confirmed"}
_LISTED = (EventKind.third_party_started, EventKind.third_party_answered)  # several a row
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _problem_column(problem: Problem) -> str | None:
    """The column of an application's row a problem of `gongkai.register.rules` is about."""
    if problem.field is None:
        return None
    if problem.field == "on" and problem.event is not None:
        return EVENT_COLUMNS[problem.event.kind]
    return _VALUE_COLUMNS.get(problem.field)


def _note_lines(row: Row, kind: EventKind, days: int) -> list[str]:
    """The notes of the `days` events of a listed kind: one line each, in the order of their
    dates (a blank line: no note); more lines than dates is a problem of the row."""
    key = NOTE_COLUMNS[kind]
    raw = row.cells.get(key)
    if EVENT_COLUMNS[kind] in row.failed:
        return [""] * days  # the dates are wrong: the notes are judged once they are right
    lines = [] if v.is_blank(raw) else [line.strip() for line in _LINE_BREAK.split(str(raw))]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > days:
        header = row.table.sheet.column(key).header
        dates = row.table.sheet.column(EVENT_COLUMNS[kind]).header
        row.fail(f"{header}有 {len(lines)} 行，{dates}却只有 {days} 个（每行对应一个日期，"
                 "按先后顺序）", key)
    return (lines + [""] * days)[:days]


def _application(row: Row) -> Application | None:
    """An application row: its cells read, the pairs of cells the layout ties together
    checked here (an outcome needs an answer date, an amount a fee notice date, a note its
    event's date), then its dates and events checked by `gongkai.register.rules`."""
    number = row.text("number", required=True)
    channel = row.choice("channel", v.channel_choices(), required=True)
    submitted = row.date("submitted", required=True)
    confirmed = row.date("confirmed")
    applicant = row.text("applicant", required=True)
    applicant_type = row.choice("applicant_type", v.applicant_choices(), required=True)
    content = row.text("content") or ""
    days = {kind: row.date(key) for kind, key in EVENT_COLUMNS.items() if kind not in _LISTED}
    listed = {kind: row.dates(EVENT_COLUMNS[kind]) for kind in _LISTED}
    notes = {kind: row.text(NOTE_COLUMNS[kind]) or "" for kind in days}
    listed_notes = {kind: _note_lines(row, kind, len(listed[kind])) for kind in _LISTED}
    fee = row.amount("fee_yuan", "元", 2)
    outcome = row.choice("outcome", v.outcome_choices())

    answered, withdrawn = days[EventKind.answered], days[EventKind.withdrawn]
    if answered and not outcome and "outcome" not in row.failed:
        row.fail(rules.outcome_problem(EventKind.answered, None), "outcome")
    if outcome and not answered and not withdrawn and "answered" not in row.failed:
        row.fail(rules.outcome_problem(None, outcome), "outcome")
    notice = days[EventKind.fee_notice_issued]
    if fee is not None and not notice and "fee_notice" not in row.failed:
        row.fail(rules.amount_problem(None, fee), "fee_yuan")
    for kind, note in notes.items():
        date_key = EVENT_COLUMNS[kind]
        if note and not days[kind] and date_key not in row.failed:
            headers = [row.table.sheet.column(k).header for k in (NOTE_COLUMNS[kind], date_key)]
            row.fail(f"有{headers[0]}但没有{headers[1]}", NOTE_COLUMNS[kind])

    events = [Event(kind, day, note=note) for kind in _LISTED
              for day, note in zip(listed[kind], listed_notes[kind], strict=True)]
    for kind, day in days.items():
        if day is None:
            continue
        if kind is EventKind.answered:
            # A missing outcome is reported above; any outcome lets the rules see the answer.
            events.append(Event(kind, day, outcome=outcome or next(iter(outcomes())),
                                note=notes[kind]))
        elif kind is EventKind.withdrawn:
            events.append(Event(kind, day, outcome=None if answered else outcome,
                                note=notes[kind]))
        elif kind is EventKind.fee_notice_issued:
            events.append(Event(kind, day, note=notes[kind], amount_yuan=fee))
        else:
            events.append(Event(kind, day, note=notes[kind]))
    dated = {"submitted", "confirmed", *EVENT_COLUMNS.values()}
    if not row.failed & dated:  # the dates are compared once every one of them is read
        for problem in rules.history_problems(submitted, confirmed, events):
            row.fail(problem.message, _problem_column(problem))
    if row.bad:
        return None

    assert number and channel and submitted and applicant and applicant_type
    return Application(number, channel, submitted, applicant, applicant_type, content,
                       confirmed, sorted(events, key=event_key))


def _case(row: Row) -> Case | None:
    number = row.text("number", required=True)
    kind = row.choice("kind", v.case_kind_choices(), required=True)
    filed = row.date("filed", required=True)
    decided = row.date("decided")
    result = row.choice("result", v.case_result_choices())
    pending = case_result_labels()[CaseResult.pending]
    if filed and decided and decided < filed:
        row.fail("审结日期早于立案日期", "decided")
    if decided and result in (None, CaseResult.pending) and "result" not in row.failed:
        row.fail(f"有审结日期，结果却为空或“{pending}”", "result")
    if result not in (None, CaseResult.pending) and not decided and "decided" not in row.failed:
        row.fail("有结果但没有审结日期", "result")
    if row.bad:
        return None
    assert number and kind and filed
    return Case(number, kind, filed, decided, result or CaseResult.pending)


def _document(row: Row) -> NormativeDocument | None:
    kind = row.choice("kind", v.document_kind_choices(), required=True)
    title = row.text("title", required=True)
    number = row.text("number") or ""
    issued = row.date("issued", required=True)
    repealed = row.date("repealed")
    if problem := rules.repeal_problem(issued, repealed):
        row.fail(problem, "repealed")
    if row.bad:
        return None
    assert kind and title and issued
    return NormativeDocument(kind, title, issued, number, repealed)


def _yearly(row: Row) -> YearlyFigures | None:
    """A yearly row: each figure read as its column's type (a count, or an amount in 万元)."""
    year = row.get("year", v.parse_year, True)
    figures = {key: row.amount(key, "万元", 6)
               if row.table.sheet.column(key).type is ColumnType.amount_10k_yuan
               else row.count(key) for key in YEARLY_KEYS}
    if row.bad:
        return None
    return YearlyFigures(year, **figures)


# The column whose cells must not repeat within a part, and how its cells compare.
_UNIQUE_COLUMNS: dict[Part, tuple[str, Callable[[Any], Any]]] = {
    Part.applications: ("number", v.text),
    Part.cases: ("number", v.text),
    Part.yearly: ("year", v.parse_year),
}


def _readers(register: Register) -> dict[Part, tuple[Callable[[Row], Any], Callable[[Any], None]]]:
    """Each part's row reader, and where what it reads goes in `register`."""
    def add_yearly(figures: YearlyFigures) -> None:
        register.yearly[figures.year] = figures

    return {
        Part.applications: (_application, register.applications.append),
        Part.cases: (_case, register.cases.append),
        Part.documents: (_document, register.documents.append),
        Part.yearly: (_yearly, add_yearly),
    }


def read_tables(tables: list[Table], agency: str) -> Imported:
    """The register the tables hold; raises `RegisterFileError` listing every bad row."""
    errors: list[RowError] = []
    warnings: list[str] = []
    register = Register(agency)
    readers = _readers(register)
    seen: dict[Part, Table] = {}
    for table in tables:
        part = table.sheet.part
        if part in seen:
            errors.append(RowError(table.sheet.title, None, "同一类数据出现了两次"))
            continue
        seen[part] = table
        read, add = readers[part]
        unique_key, compared = _UNIQUE_COLUMNS.get(part, (None, v.text))
        first_row: dict[Any, int] = {}
        for row in data_rows(table, errors, warnings):
            found = read(row)
            if unique_key and unique_key not in row.failed:
                raw = row.cells.get(unique_key)
                value = None if v.is_blank(raw) else compared(raw)
                if value in first_row:
                    header = table.sheet.column(unique_key).header
                    row.fail(f"{header}“{value}”与第 {first_row[value]} 行重复", unique_key)
                elif value is not None:
                    first_row[value] = row.number
            if found and not row.bad:
                add(found)
    if errors:
        raise RegisterFileError(errors)
    parts = tuple(p for p in ALL_PARTS if p in seen)
    return Imported(register, parts, warnings)


# ---------------------------------------------------------------------------- writing

def _one(app: Application, kind: EventKind, warnings: list[str]) -> Event | None:
    found = sorted(app.events_of(kind), key=event_key)
    if len(found) > 1:
        warnings.append(f"申请 {app.number}：有 {len(found)} 个“{kind.value}”，只导出了第一个")
    return found[0] if found else None


def _listed_cells(app: Application, kind: EventKind,
                  warnings: list[str]) -> tuple[str | None, str | None]:
    """The dates of an application's events of a listed kind, in date order, and their notes,
    one a line in the same order (a note's own line breaks become spaces, with a warning)."""
    found = sorted(app.events_of(kind), key=lambda e: e.on)
    notes = []
    for e in found:
        if _LINE_BREAK.search(e.note):
            warnings.append(f"申请 {app.number}：“{kind.value}”（{e.on.isoformat()}）的说明有多行，"
                            "导出时合并为一行")
        notes.append(" ".join(_LINE_BREAK.split(e.note)))
    while notes and not notes[-1]:
        notes.pop()
    return (DATE_SEPARATOR.join(e.on.isoformat() for e in found) or None,
            "\n".join(notes) or None)


def application_row(app: Application, warnings: list[str]) -> dict[str, Any]:
    """The cells of an application's row, by column key: each event kind's date and note in
    its columns (`EVENT_COLUMNS`, `NOTE_COLUMNS`), the answer's outcome and the fee notice's
    amount in theirs."""
    for e in app.events:
        if e.amount_yuan is not None and e.kind is not EventKind.fee_notice_issued:
            warnings.append(f"申请 {app.number}：“{e.kind.value}”的金额没有对应的列，未导出")
    cells: dict[str, Any] = {
        "number": app.number, "channel": app.channel.value, "submitted": app.submitted,
        "confirmed": app.confirmed, "applicant": app.applicant,
        "applicant_type": applicant_types()[app.applicant_type], "content": app.content,
    }
    single: dict[EventKind, Event | None] = {}
    for kind, key in EVENT_COLUMNS.items():
        if kind in _LISTED:
            cells[key], cells[NOTE_COLUMNS[kind]] = _listed_cells(app, kind, warnings)
            continue
        single[kind] = event = _one(app, kind, warnings)
        cells[key] = event.on if event else None
        cells[NOTE_COLUMNS[kind]] = (event.note or None) if event else None
    notice, answer = single[EventKind.fee_notice_issued], single[EventKind.answered]
    cells["fee_yuan"] = notice.amount_yuan if notice else None
    cells["outcome"] = outcomes()[answer.outcome] if answer and answer.outcome else None
    return cells


def case_row(case: Case, warnings: list[str]) -> dict[str, Any]:
    if case.decided is None and case.result is not CaseResult.pending:
        warnings.append(f"案件 {case.number}：有结果但没有审结日期")
    return {"number": case.number, "kind": case_kind_labels()[case.kind], "filed": case.filed,
            "decided": case.decided, "result": case_result_labels()[case.result]}


def document_row(doc: NormativeDocument, warnings: list[str]) -> dict[str, Any]:
    return {"kind": document_kind_labels()[doc.kind], "title": doc.title, "number": doc.number,
            "issued": doc.issued, "repealed": doc.repealed}


def yearly_row(figures: YearlyFigures, warnings: list[str]) -> dict[str, Any]:
    return {"year": figures.year, **{key: getattr(figures, key) for key in YEARLY_KEYS}}


def part_rows(register: Register, part: Part,
              warnings: list[str]) -> tuple[tuple[Column, ...], list[list[Any]]]:
    """The columns of `part` and the rows of `register` in it."""
    columns = sheet(part).columns
    if part is Part.applications:
        records = [application_row(a, warnings) for a in register.applications]
    elif part is Part.cases:
        records = [case_row(c, warnings) for c in register.cases]
    elif part is Part.documents:
        records = [document_row(d, warnings) for d in register.documents]
    else:
        records = [yearly_row(register.yearly[y], warnings) for y in sorted(register.yearly)]
    return columns, [[record.get(c.key) for c in columns] for record in records]
