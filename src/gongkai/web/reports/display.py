"""The editor's page as data for its templates: the three tables laid out as printed (from
`gongkai.write.layout`), each figure an input with its error and the findings that name it, and
the findings by section. The JSON check endpoint renders the same pieces, so a finding looks the
same after a save and after a check on change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from gongkai.check import section_order
from gongkai.check.registry import SEVERITIES, SEVERITY_ZH
from gongkai.format import get_format
from gongkai.web.reports.findings import ShownFinding
from gongkai.web.reports.forms import CELL
from gongkai.write.html import cell_scope, cell_spans
from gongkai.write.layout import HEADER_ROLES, table_grid

OTHER = "其他"


@dataclass(frozen=True)
class Note:
    """A finding as the editor shows it."""

    code: str
    severity: str
    message: str
    keys: tuple[str, ...]
    dismissed: bool
    reason: str = ""
    by: str = ""
    at: str = ""
    # Dismissed once, for other figures: shown with the old reason, counted as open.
    stale: bool = False

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH.get(self.severity, self.severity)

    @property
    def first_key(self) -> str | None:
        return self.keys[0] if self.keys else None


def note(shown: ShownFinding) -> Note:
    f, d = shown.finding, shown.dismissal
    if d is None:
        return Note(f.code, f.severity, f.message, f.keys, False)
    by = d.by.get_username() if d.by_id else ""
    return Note(f.code, f.severity, f.message, f.keys, shown.dismissed, d.reason, by,
                f"{d.at:%Y-%m-%d %H:%M}", stale=shown.stale)


def flag(notes: Iterable[Note]) -> str:
    """A cell's highlight: the gravest open finding's severity, "dismissed" when every finding
    naming it is dismissed, "" when none names it."""
    notes = list(notes)
    open_ = [n.severity for n in notes if not n.dismissed]
    if open_:
        return min(open_, key=SEVERITIES.index)
    return "dismissed" if notes else ""


@dataclass
class ShownCell:
    """One cell of a table as the editor draws it: a label, or a figure's input."""

    text: str
    role: str
    rowspan: int
    colspan: int
    key: str | None = None
    label: str = ""
    value: str = ""
    error: str = ""
    notes: list[Note] = field(default_factory=list)

    @property
    def header(self) -> bool:
        return self.role in HEADER_ROLES

    @property
    def name(self) -> str:
        return f"{CELL}{self.key}"

    @property
    def scope(self) -> str:
        """A label's `scope`, as the published page gives it."""
        return cell_scope(self)

    @property
    def spans(self) -> SafeString:
        """The ` rowspan`/` colspan` attributes of the cell (numbers only, safe to insert)."""
        return mark_safe(cell_spans(self))

    @property
    def flag(self) -> str:
        return flag(self.notes)


def table_rows(version: str, table: str, values: Mapping[str, str],
               errors: Mapping[str, str], notes: Mapping[str, list[Note]]
               ) -> list[list[ShownCell]]:
    """Table `table`'s rows as printed; `values` and `errors` by field name, `notes` by key."""
    grid = table_grid(version, table)
    spec = get_format(version)
    rows = []
    for cells in grid.rows():
        row = []
        for c in cells:
            shown = ShownCell(c.text, c.role, c.rowspan, c.colspan, c.key)
            if c.key is not None:
                shown.label = f"表{table} {spec.cells[c.key].label}"
                shown.value = values.get(shown.name, "")
                shown.error = errors.get(shown.name, "")
                shown.notes = notes.get(c.key, [])
            row.append(shown)
        rows.append(row)
    return rows


def notes_by_key(notes: Iterable[Note]) -> dict[str, list[Note]]:
    """The notes naming each cell, by key (a note naming a cell twice listed once)."""
    out: dict[str, list[Note]] = {}
    for n in notes:
        for key in dict.fromkeys(n.keys):
            out.setdefault(key, []).append(n)
    return out


def section_titles(version: str) -> dict[str, str]:
    """Section id → its statutory title; the text before the first section is 开头."""
    return {"preamble": "开头", **{s.id: s.title for s in get_format(version).sections}}


def notes_by_section(version: str, shown: list[ShownFinding]
                     ) -> list[tuple[str, str, list[Note]]]:
    """(section id, title, notes) in print order, sections without findings left out; findings
    of no section last, under 其他."""
    titles = section_titles(version)
    groups: dict[str, list[Note]] = {}
    for item in shown:
        sid = item.finding.section if item.finding.section in titles else ""
        groups.setdefault(sid or "", []).append(note(item))
    order = [s for s in section_order() if s in groups] + ([""] if "" in groups else [])
    return [(sid, titles.get(sid, OTHER), groups[sid]) for sid in order]


def rendered(version: str, shown: list[ShownFinding]) -> dict[str, object]:
    """The findings as HTML pieces for the check endpoint: each named cell's notes and flag,
    each section's list, and the whole list (`#findings`)."""
    notes = [note(s) for s in shown]
    cells = {key: {"flag": flag(ns),
                   "html": render_to_string("reports/_cell_notes.html", {"notes": ns})}
             for key, ns in notes_by_key(notes).items()}
    groups = notes_by_section(version, shown)
    sections = {sid: render_to_string("reports/_notes.html", {"notes": ns})
                for sid, _, ns in groups if sid}
    return {
        "cells": cells,
        "sections": sections,
        "findings_html": render_to_string("reports/_findings.html", {"groups": groups}),
    }
