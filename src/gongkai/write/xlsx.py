"""The three tables as an Excel workbook (openpyxl): one sheet each, drawn as the format draws
them, with the format's merged cells.

Each sheet is named after its section (二、主动公开政府信息情况 …); row 1 holds the report's
title, row 2 the table's caption, and the grid of `layout` starts at row `GRID_TOP`. Figures are
numbers (counts with format "0", amounts in 万元 with "0.00"); a blank cell stays empty.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.format import SectionDef, get_format
from gongkai.model import Report
from gongkai.write import style as gb
from gongkai.write.compose import Composition, caption, compose
from gongkai.write.layout import Grid, table_grid

GRID_TOP = 3  # spreadsheet row (1-based) of the grid's first row
GRID_LEFT = 1  # spreadsheet column (1-based) of the grid's first column
_MM_PER_WIDTH_UNIT = 1.9  # an Excel column-width unit is about one "0" of Calibri 11
_LINE_PT = 14.5  # one line of 11 pt text
_UNITS_PER_CJK = 2.0  # column-width units taken by one CJK character of 11 pt
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=gb.TABLE_FONT, size=11)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _row_heights(grid: Grid, widths: list[float]) -> list[float]:
    """Row heights (pt) that show every label whole: wrapped text is not measured by Excel in
    merged cells, so the lines a label needs are estimated from its length and its width."""
    heights = [_LINE_PT + 4] * grid.n_rows
    for cell in sorted(grid.cells, key=lambda c: c.rowspan):
        capacity = max(1, int(sum(widths[cell.col: cell.last_col + 1]) / _UNITS_PER_CJK) - 1)
        needed = -(-len(cell.text) // capacity) * _LINE_PT + 4
        rows = range(cell.row, cell.last_row + 1)
        shortfall = needed - sum(heights[r] for r in rows)
        if shortfall > 0:
            for r in rows:
                heights[r] += shortfall / len(rows)
    return heights


def sheet_title(section: SectionDef) -> str:
    """The sheet's name: the section's title (Excel allows 31 characters)."""
    return section.title[:31]


def _fill_sheet(ws: Worksheet, grid: Grid, report: Report, title: str, heading: str) -> None:
    spec = get_format(report.format)
    last_col = GRID_LEFT + grid.n_cols - 1
    for row, text, size in ((1, title, 14), (2, heading, 12)):
        ws.cell(row, GRID_LEFT, text).font = Font(name=gb.HEADING_FONT, size=size, bold=row == 1)
        ws.cell(row, GRID_LEFT).alignment = _CENTRE
        ws.merge_cells(start_row=row, start_column=GRID_LEFT, end_row=row, end_column=last_col)
    for r in range(grid.n_rows):
        for c in range(grid.n_cols):
            cell = ws.cell(GRID_TOP + r, GRID_LEFT + c)
            cell.border, cell.font, cell.alignment = _BORDER, _FONT, _CENTRE
    for cell in grid.cells:
        target = ws.cell(GRID_TOP + cell.row, GRID_LEFT + cell.col)
        if cell.key is None:
            target.value = cell.text
            if cell.role == "row" and cell.rowspan == 1:
                target.alignment = _LEFT
        else:
            value = report.cells.get(cell.key)
            target.value = value
            amount = spec.kind(cell.key) == "amount_10k_yuan" or isinstance(value, Decimal)
            target.number_format = "0.00" if amount else "0"
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=GRID_TOP + cell.row, start_column=GRID_LEFT + cell.col,
                           end_row=GRID_TOP + cell.last_row, end_column=GRID_LEFT + cell.last_col)
    widths = [max(6.0, w / _MM_PER_WIDTH_UNIT) for w in grid.widths_mm]
    for c, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(GRID_LEFT + c)].width = width
    for r, height in enumerate(_row_heights(grid, widths)):
        ws.row_dimensions[GRID_TOP + r].height = height
    if grid.header_rows:
        first_figure = min(c.col for c in grid.figures)
        ws.freeze_panes = (f"{get_column_letter(GRID_LEFT + first_figure)}"
                           f"{GRID_TOP + grid.header_rows}")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.n_cols > 10 else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{GRID_TOP}:{GRID_TOP + grid.header_rows - 1}" if grid.header_rows \
        else None


def xlsx_bytes(composition: Composition) -> bytes:
    """The composed report's three tables as the bytes of an .xlsx file."""
    report = composition.report
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in composition.spec.sections:
        if section.table is None:
            continue
        ws = workbook.create_sheet(sheet_title(section))
        _fill_sheet(ws, table_grid(report.format, section.table), report, composition.title,
                    caption(section))
    workbook.properties.title = composition.title
    workbook.properties.creator = report.agency or "gongkai"
    workbook.properties.language = "zh-CN"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(report: Report, *, draft: bool = True) -> bytes:
    return xlsx_bytes(compose(report, draft=draft))
