"""The report as one self-contained web page, fit to publish on a government site.

- `lang="zh-CN"`, one `h1` title, one `section` with an `h2` per part of the report;
- the tables are real tables with the format's merged cells: a `caption`, `th` with `scope` for
  every label (`col` over columns, `row` beside rows, `rowgroup` for a 第二十条 item heading its
  block of table 二), and `headers` on every figure naming all the labels it stands under, so
  a screen reader reads each figure with its row and column;
- printable: A4 pages with the margins of GB/T 9704-2012, table headers repeated on each page,
  rows never split; the official fonts first in every font list, common CJK fonts after them;
- no external assets: one file, CSS inline, no scripts, no images, no web fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from typing import Protocol

from gongkai.format import get_format
from gongkai.model import Report
from gongkai.write import style as gb
from gongkai.write.compose import Composition, caption, compose
from gongkai.write.layout import FIGURE_HOLE, Grid, GridCell, TableTemplate, table_grid

_SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif'
_CSS = f"""
:root {{ color-scheme: light; }}
body {{ margin: 0; background: #eef0f2; color: #111;
  font: {gb.BODY_PT}pt/{gb.LINE_PITCH_PT}pt "{gb.BODY_FONT}", "仿宋", "FangSong", "STFangsong",
  {_SERIF}; }}
main {{ box-sizing: border-box; max-width: 210mm; margin: 2rem auto; background: #fff;
  padding: {gb.MARGIN_TOP_MM}mm {gb.MARGIN_RIGHT_MM}mm {gb.MARGIN_BOTTOM_MM}mm
  {gb.MARGIN_LEFT_MM}mm; box-shadow: 0 1px 4px rgba(0, 0, 0, .2); }}
h1 {{ margin: 0 0 {gb.LINE_PITCH_PT}pt; text-align: center; font: 700 {gb.TITLE_PT}pt/1.6
  "{gb.TITLE_FONT}", "方正小标宋_GBK", "小标宋", "STZhongsong", {_SERIF};
  font-synthesis: none; }}
h1 span {{ display: block; }}
h2 {{ margin: 0; text-indent: 2em; font: 400 {gb.BODY_PT}pt/{gb.LINE_PITCH_PT}pt
  "{gb.HEADING_FONT}", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.lead {{ font-family: "{gb.SUBHEADING_FONT}", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN",
  {_SERIF}; }}
mark {{ background: #ffeb3b; }}
.signature {{ text-align: right; padding-right: 4em; text-indent: 0; }}
.signature:first-of-type {{ margin-top: {gb.LINE_PITCH_PT}pt; }}
table {{ width: 100%; margin: .5em 0 1em; border-collapse: collapse; table-layout: fixed;
  font: {gb.TABLE_PT}pt/1.35 "{gb.TABLE_FONT}", {_SERIF}; }}
caption {{ padding: 0 0 .3em; font: {gb.TABLE_PT + 1.5}pt/1.5 "{gb.HEADING_FONT}",
  "SimHei", "Noto Sans CJK SC", sans-serif; }}
th, td {{ border: 1px solid #000; padding: 2px 3px; text-align: center;
  vertical-align: middle; font-weight: 400; overflow-wrap: anywhere; }}
th.item {{ text-align: left; }}
td {{ font-variant-numeric: tabular-nums; }}
@media screen and (max-width: 800px) {{
  main {{ margin: 0; padding: 1rem; box-shadow: none; }}
  .tables {{ overflow-x: auto; }}
  table {{ min-width: 40rem; }}
}}
@media print {{
  @page {{ size: A4; margin: {gb.MARGIN_TOP_MM}mm {gb.MARGIN_RIGHT_MM}mm
    {gb.MARGIN_BOTTOM_MM}mm {gb.MARGIN_LEFT_MM}mm; }}
  body {{ background: none; }}
  main {{ max-width: none; margin: 0; padding: 0; box-shadow: none; }}
  mark {{ background: none; outline: 1px dashed #000; }}
  h2 {{ break-after: avoid; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
}}
"""


def _text(text: str) -> str:
    """Escaped text; placeholders in 【】 marked for the clerk."""
    pieces = gb.PLACEHOLDER.split(text)
    return "".join(f"<mark>{escape(p)}</mark>" if gb.PLACEHOLDER.fullmatch(p) else escape(p)
                   for p in pieces)


def _paragraph(text: str) -> str:
    lead, rest = gb.split_lead(text)
    lead_html = f'<span class="lead">{escape(lead)}</span>' if lead else ""
    return f"<p>{lead_html}{_text(rest)}</p>"


class Spanned(Protocol):
    """A drawn cell: a `GridCell`, or a page's own cell made from one."""

    @property
    def role(self) -> str: ...

    @property
    def rowspan(self) -> int: ...

    @property
    def colspan(self) -> int: ...


def table_number(table: str) -> int:
    """The printed number of statutory table 二/三/四: 2, 3 or 4."""
    return "二三四".index(table) + 2


def cell_scope(cell: Spanned) -> str:
    """The `scope` of a label cell: `rowgroup` for a 第二十条 item heading its block, `row` beside
    rows, `col` over columns."""
    if cell.role == "group":
        return "rowgroup"
    if cell.role == "row":
        return "row"
    return "col"


def cell_spans(cell: Spanned) -> str:
    """The cell's ` rowspan`/` colspan` attributes, those above 1 only."""
    out = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    return out + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")


def _header_id(table_id: str, cell: GridCell) -> str:
    return f"{table_id}-r{cell.row}c{cell.col}"


def _cell_html(grid: Grid, cell: GridCell, table_id: str, figure: Callable[[GridCell], str],
               figure_attrs: Callable[[GridCell], str]) -> str:
    if cell.key is not None:
        headers = " ".join(_header_id(table_id, h) for h in grid.headers_of(cell))
        return (f'<td{cell_spans(cell)} headers="{headers}"{figure_attrs(cell)}>'
                f"{figure(cell)}</td>")
    if cell.role == "note":
        return f'<td{cell_spans(cell)} class="note">{escape(cell.text)}</td>'
    css = ' class="item"' if cell.role == "row" and cell.rowspan == 1 else ""
    return (f'<th{cell_spans(cell)} id="{_header_id(table_id, cell)}" scope="{cell_scope(cell)}"'
            f"{css}>{escape(cell.text)}</th>")


def _row_groups(grid: Grid) -> list[tuple[str, list[int]]]:
    """(tag, row indexes): the header rows in thead; table 二's blocks each in a tbody."""
    groups: list[tuple[str, list[int]]] = []
    if grid.header_rows:
        groups.append(("thead", list(range(grid.header_rows))))
    body = list(range(grid.header_rows, grid.n_rows))
    starts = [r for r in body if any(c.role == "group" for c in grid.rows()[r])] or body[:1]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else grid.n_rows
        groups.append(("tbody", list(range(start, end))))
    return groups


def _no_attrs(cell: GridCell) -> str:
    return ""


def grid_html(version: str, table: str, figure: Callable[[GridCell], str], table_id: str, *,
              figure_attrs: Callable[[GridCell], str] = _no_attrs, table_class: str = "") -> str:
    """Statutory table `table` of format `version` as an HTML `table` with id `table_id`: its
    caption, column widths, merged cells as printed, header rows in `thead`, every label a `th`
    with `scope` and every figure a `td` with `headers`. `figure(cell)` gives a figure cell's
    content and `figure_attrs(cell)` its further attributes (each with a leading space), both
    already escaped; every label is escaped here."""
    grid = table_grid(version, table)
    section = next(s for s in get_format(version).sections if s.table == table)
    total = sum(grid.widths_mm)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in grid.widths_mm)
    css = f' class="{escape(table_class)}"' if table_class else ""
    html = [f'<table{css} id="{escape(table_id)}">'
            f"<caption>{escape(caption(section))}</caption><colgroup>{cols}</colgroup>"]
    for tag, rows in _row_groups(grid):
        html.append(f"<{tag}>")
        for r in rows:
            html.append("<tr>" + "".join(_cell_html(grid, c, table_id, figure, figure_attrs)
                                         for c in grid.rows()[r]) + "</tr>")
        html.append(f"</{tag}>")
    html.append("</table>")
    return "".join(html)


def _hole(cell: GridCell) -> str:
    return FIGURE_HOLE


@cache
def _table_template(version: str, table: str) -> TableTemplate:
    """The table's HTML cut at its figures, in document order."""
    html = grid_html(version, table, _hole, f"table-{table_number(table)}")
    keys = [c.key for row in table_grid(version, table).rows() for c in row if c.key is not None]
    return TableTemplate.cut(f'<div class="tables">{html}</div>', keys)


def table_html(report: Report, table: str) -> str:
    return _table_template(report.format, table).fill(report.cells, escape)


def html_text(composition: Composition) -> str:
    """The composed report as an HTML page."""
    report = composition.report
    title = "".join(f"<span>{escape(line)}</span>" for line in composition.title_lines)
    body = [f"<header><h1>{title}</h1></header>"]
    body += [_paragraph(p) for p in composition.preamble]
    for i, part in enumerate(composition.sections, start=1):
        body.append(f'<section aria-labelledby="part{i}"><h2 id="part{i}">'
                    f"{escape(part.section.title)}</h2>")
        body += [_paragraph(p) for p in part.text.before]
        if part.table is not None:
            body.append(table_html(report, part.table))
        body += [_paragraph(p) for p in part.text.after]
        body.append("</section>")
    body += [f'<p class="signature">{escape(s)}</p>' for s in composition.signature]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gongkai">\n'
        f"<title>{escape(composition.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def write_html(report: Report, *, draft: bool = True) -> str:
    return html_text(compose(report, draft=draft))

