"""A report as a Word document: headings, paragraphs, and tables with real merged cells."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from tests.builders.common import closing, format_value, preamble, section_blocks, spec_of, title
from tests.builders.grid import Grid, table_grid

FONT = "Noto Sans CJK SC"
# This document is not the writer's: python-docx's default page (Letter, 16.5 cm of text), an
# 11 pt font and Word's default cell margins, so its columns are its own. (The writer's 156 mm
# grid, drawn in this font, wraps a four-digit total over two lines in a figure column.)
TEXT_WIDTH_CM = 16.5
# Widths of the label columns of each table (the figure columns share the rest).
LABEL_COLUMNS_CM = {"二": (4.5,), "三": (1.3, 1.6, 4.6), "四": ()}


def column_widths(grid: Grid) -> list[Cm]:
    labels = list(LABEL_COLUMNS_CM.get(grid.table, ()))
    rest = (TEXT_WIDTH_CM - sum(labels)) / (grid.n_cols - len(labels))
    return [Cm(w) for w in labels + [rest] * (grid.n_cols - len(labels))]


def _use_cjk_font(document: docx.document.Document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def add_table(document: docx.document.Document, grid: Grid, report: dict,
              blanks: set[str]) -> None:
    spec = spec_of(report)
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(grid)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            target = target.merge(corner)
        if cell.key is None:
            target.text = cell.text
        elif cell.key not in blanks:
            target.text = format_value(report["cells"][cell.key], spec.kind(cell.key))


def docx_file(
    report: dict, sections: dict[str, str], path: str | Path, *, blanks: Iterable[str] = ()
) -> Path:
    """Write the report as a .docx at `path`; cells of `blanks` are left empty."""
    path = Path(path)
    document = docx.Document()
    _use_cjk_font(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title(report)).bold = True
    document.add_paragraph(preamble(report))
    spec = spec_of(report)
    for section, paras in section_blocks(report, sections):
        document.add_heading(section.title, level=2)
        for p in paras:
            document.add_paragraph(p)
        if section.table:
            add_table(document, table_grid(spec, section.table), report, set(blanks))
    document.add_paragraph(closing(report))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
