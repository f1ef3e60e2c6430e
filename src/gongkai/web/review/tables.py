"""The three statutory tables as read-only HTML for the workbench's pages, drawn by
`gongkai.write.html.grid_html` (merged cells as printed; no label spelled here). Each figure
cell has `id="<prefix>-<key>"` and `data-key`, and cells a finding concerns are marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gongkai.format.spec import TABLES
from gongkai.model import CellValue
from gongkai.write.html import grid_html, table_number
from gongkai.write.layout import GridCell, figure_text


@dataclass(frozen=True)
class Flag:
    """What marks a figure cell: the worst severity of the open findings on it, their codes."""

    severity: str
    codes: tuple[str, ...]


def _figure_attrs(cell: GridCell, flags: Mapping[str, Flag], prefix: str) -> str:
    key = cell.key or ""
    flag = flags.get(key)
    marks = ""
    if flag is not None:
        marks = (f' class="flagged {flag.severity}" title="{escape("、".join(flag.codes))}"')
    return f' id="{prefix}-{escape(key)}" data-key="{escape(key)}"{marks}'


def table_html(version: str, table: str, cells: Mapping[str, CellValue],
               flags: Mapping[str, Flag] | None = None, prefix: str = "cell") -> SafeString:
    """Statutory table `table` of format `version` filled with `cells`."""
    marked = flags or {}
    # grid_html escapes every label; the figure text and attributes are escaped here.
    return mark_safe(grid_html(
        version, table, lambda cell: escape(figure_text(cells.get(cell.key or ""))),
        f"{prefix}-table-{table_number(table)}",
        figure_attrs=lambda cell: _figure_attrs(cell, marked, prefix), table_class="statutory"))


def all_tables(version: str, cells: Mapping[str, CellValue],
               flags: Mapping[str, Flag] | None = None, prefix: str = "cell") -> list[SafeString]:
    """The three tables in print order."""
    return [table_html(version, t, cells, flags, prefix) for t in TABLES]
