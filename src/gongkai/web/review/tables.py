"""The three statutory tables as read-only HTML for the workbench's pages, drawn from
`gongkai.write.layout` (merged cells as printed; no label spelled here). Each figure cell has
`id="<prefix>-<key>"` and `data-key`, and cells a finding concerns are marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gongkai.format import get_format
from gongkai.format.spec import TABLES
from gongkai.model import CellValue
from gongkai.write.compose import caption
from gongkai.write.layout import GridCell, figure_text, table_grid


@dataclass(frozen=True)
class Flag:
    """What marks a figure cell: the worst severity of the open findings on it, their codes."""

    severity: str
    codes: tuple[str, ...]


def _spans(cell: GridCell) -> str:
    out = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    return out + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")


def _figure(cell: GridCell, cells: Mapping[str, CellValue], flags: Mapping[str, Flag],
            prefix: str) -> str:
    key = cell.key or ""
    flag = flags.get(key)
    marks = ""
    if flag is not None:
        marks = (f' class="flagged {flag.severity}" title="{escape("、".join(flag.codes))}"')
    return (f'<td{_spans(cell)} id="{prefix}-{escape(key)}" data-key="{escape(key)}"{marks}>'
            f"{escape(figure_text(cells.get(key)))}</td>")


def table_html(version: str, table: str, cells: Mapping[str, CellValue],
               flags: Mapping[str, Flag] | None = None, prefix: str = "cell") -> SafeString:
    """Statutory table `table` of format `version` filled with `cells`."""
    grid = table_grid(version, table)
    section = next(s for s in get_format(version).sections if s.table == table)
    rows = []
    for row in grid.rows():
        html = []
        for cell in row:
            if cell.key is not None:
                html.append(_figure(cell, cells, flags or {}, prefix))
            else:
                tag = "td" if cell.role == "note" else "th"
                html.append(f"<{tag}{_spans(cell)}>{escape(cell.text)}</{tag}>")
        rows.append("<tr>" + "".join(html) + "</tr>")
    # Every text above is escaped.
    return mark_safe(
        f'<table class="statutory" id="{prefix}-table-{"二三四".index(table) + 2}">'
        f"<caption>{escape(caption(section))}</caption>" + "".join(rows) + "</table>")


def all_tables(version: str, cells: Mapping[str, CellValue],
               flags: Mapping[str, Flag] | None = None, prefix: str = "cell") -> list[SafeString]:
    """The three tables in print order."""
    return [table_html(version, t, cells, flags, prefix) for t in TABLES]
