"""The report as a Word document in the official layout of GB/T 9704-2012.

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; a grid of 22 lines of 28
characters (`w:docGrid` plus an exact line pitch of 28.95 pt, so LibreOffice lays it out the
same); title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号, first-level headings in 黑体,
second-level in 楷体_GB2312; page numbers "— 1 —" in 宋体 四号, right on odd pages and left on
even ones. The three tables are real Word tables with the format's merged cells
(`w:gridSpan`, `w:vMerge`), header rows repeated on a new page, rows never split.

The styled empty document is built once with python-docx and kept as bytes; each report loads
it and appends its body, built as XML text (the tables from a template per format version, in
which only the figures change).
"""

from __future__ import annotations

import io
import math
from functools import cache
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm

from gongkai.format import get_format
from gongkai.model import Report
from gongkai.write import style as gb
from gongkai.write.compose import Composition, compose
from gongkai.write.layout import FIGURE_HOLE, Grid, GridCell, TableTemplate, table_grid

_W = nsdecls("w")
_TWIPS_PER_PT = 20
_TWIPS_PER_MM = 1440 / 25.4


def _twips_mm(mm: float) -> int:
    return round(mm * _TWIPS_PER_MM)


def _half_points(pt: float) -> int:
    return round(pt * 2)


def _fonts(east_asia: str, latin: str = gb.LATIN_FONT) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
            f'w:cs="{latin}" w:hint="eastAsia"/>')


def _rpr(east_asia: str, size_pt: float, latin: str = gb.LATIN_FONT, *,
         grid: bool = False) -> str:
    """Run properties; `grid`: condense the characters so that 28 fit on a line."""
    size = _half_points(size_pt)
    spacing = ""
    if grid:
        pitch = gb.text_width_pt() / gb.CHARS_PER_LINE
        spacing = f'<w:spacing w:val="{math.floor((pitch - size_pt) * _TWIPS_PER_PT)}"/>'
    return (f"<w:rPr {_W}>{_fonts(east_asia, latin)}<w:b w:val=\"0\"/>"
            f'<w:color w:val="000000"/>{spacing}<w:kern w:val="0"/><w:sz w:val="{size}"/>'
            f'<w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>')


def _line(pt: float) -> str:
    return f'w:line="{round(pt * _TWIPS_PER_PT)}" w:lineRule="exact"'


_BODY_LINE = _line(gb.LINE_PITCH_PT)
_INDENT_2 = f'<w:ind w:firstLineChars="200" w:firstLine="{round(2 * gb.BODY_PT * 20)}"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0" w:left="0" w:right="0"/>'

# styleId → (name, type, pPr inner XML, rPr XML); built-in ids keep Word's heading semantics.
_STYLES: dict[str, tuple[str, str, str]] = {
    "Normal": ("Normal",
               f'<w:widowControl/><w:spacing w:before="0" w:after="0" {_BODY_LINE}/>'
               f'{_INDENT_2}<w:jc w:val="both"/>',
               _rpr(gb.BODY_FONT, gb.BODY_PT, grid=True)),
    "Title": ("Title",
              f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
              f'{_line(gb.TITLE_PT * 1.5)}/>{_NO_INDENT}'
              '<w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
              _rpr(gb.TITLE_FONT, gb.TITLE_PT, gb.TITLE_FONT)),
    "Heading1": ("heading 1",
                 f'<w:keepNext/><w:spacing w:before="0" w:after="0" {_BODY_LINE}/>{_INDENT_2}'
                 '<w:jc w:val="both"/><w:outlineLvl w:val="0"/>',
                 _rpr(gb.HEADING_FONT, gb.BODY_PT, gb.HEADING_FONT, grid=True)),
    "Heading2": ("heading 2",
                 f'<w:keepNext/><w:spacing w:before="0" w:after="0" {_BODY_LINE}/>{_INDENT_2}'
                 '<w:jc w:val="both"/><w:outlineLvl w:val="1"/>',
                 _rpr(gb.SUBHEADING_FONT, gb.BODY_PT, gb.SUBHEADING_FONT, grid=True)),
    "TableText": ("表格文字",
                  f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
                  f'w:line="{round(gb.TABLE_PT * 1.25 * _TWIPS_PER_PT)}" w:lineRule="atLeast"/>'
                  f'{_NO_INDENT}<w:jc w:val="center"/>',
                  _rpr(gb.TABLE_FONT, gb.TABLE_PT)),
    "Signature": ("落款",
                  f'<w:spacing w:before="0" w:after="0" {_BODY_LINE}/>'
                  f'<w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="400" '
                  f'w:right="{round(4 * gb.BODY_PT * 20)}"/><w:jc w:val="right"/>',
                  _rpr(gb.BODY_FONT, gb.BODY_PT)),
    "Footer": ("footer",
               f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0"/>{_NO_INDENT}',
               _rpr(gb.PAGE_NUMBER_FONT, gb.PAGE_NUMBER_PT, gb.PAGE_NUMBER_FONT)),
}


def _set_style(document: Document, style_id: str, name: str, ppr: str, rpr: str) -> None:
    styles = document.styles
    found = next((s for s in styles if s.style_id == style_id), None)
    if found is None:
        found = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        found.element.set(qn("w:styleId"), style_id)
        if style_id != "Normal":
            found.base_style = styles["Normal"]
    element = found.element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    element.append(parse_xml(f"<w:pPr {_W}>{ppr}</w:pPr>"))
    element.append(parse_xml(rpr))


def _page_number_footer(footer: BaseOxmlElement, align: str) -> None:
    """'—1—' with a PAGE field, one character in from the outer edge.

    The dashes and the number are set apart by character spacing, not by spaces, so that text
    extraction keeps "—1—" one word (a reader recognises it as a page number and drops it)."""
    side = "right" if align == "right" else "left"
    indent = round(gb.PAGE_NUMBER_PT * 20)
    apart = '<w:rPr><w:spacing w:val="40"/></w:rPr>'  # 2 pt after the character
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             f'<w:r>{apart}<w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    paragraph = parse_xml(
        f'<w:p {_W}><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}Chars="100" '
        f'w:{side}="{indent}"/><w:jc w:val="{align}"/></w:pPr>'
        f"<w:r>{apart}<w:t>—</w:t></w:r>{field}<w:r><w:t>—</w:t></w:r></w:p>")
    for old in list(footer):
        footer.remove(old)
    footer.append(paragraph)


@cache
def _template() -> bytes:
    """The styled, empty document: styles, page, grid, footers, settings."""
    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    document.styles.element.insert(0, parse_xml(
        f"<w:docDefaults {_W}><w:rPrDefault>{_rpr(gb.BODY_FONT, gb.BODY_PT)}</w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"))
    for style_id, (name, ppr, rpr) in _STYLES.items():
        _set_style(document, style_id, name, ppr, rpr)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(gb.PAGE_MM[0]), Mm(gb.PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(gb.MARGIN_TOP_MM), Mm(gb.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(gb.MARGIN_LEFT_MM), Mm(gb.MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The page number's dash line sits 7 mm below the text area (GB/T 9704-2012 §7.5).
    section.footer_distance = Mm(gb.MARGIN_BOTTOM_MM - 7 - gb.PAGE_NUMBER_PT / 72 * 25.4 * 1.2)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(gb.LINE_PITCH_PT * _TWIPS_PER_PT)))

    document.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer._element, "right")
    _page_number_footer(section.even_page_footer._element, "left")
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    core = document.core_properties
    core.language = "zh-CN"
    core.author = core.last_modified_by = "gongkai"
    core.comments = "由 gongkai 按 GB/T 9704-2012 版式生成"
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- body XML


def _run(text: str, font: str | None = None, highlight: bool = False) -> str:
    if not text:
        return ""
    props = ""
    if font is not None:
        props += _fonts(font, font)
    if highlight:
        props += '<w:highlight w:val="yellow"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _text_runs(text: str, font: str | None = None) -> str:
    """Runs of a text; placeholders in 【】 highlighted for the clerk."""
    return "".join(_run(piece, font, highlight=bool(gb.PLACEHOLDER.fullmatch(piece)))
                   for piece in gb.PLACEHOLDER.split(text))


def _paragraph(text: str, style: str = "Normal") -> str:
    lead, rest = gb.split_lead(text) if style == "Normal" else ("", text)
    runs = _run(lead, gb.SUBHEADING_FONT) + _text_runs(rest)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'


def _cell_xml(cell: GridCell, width: int, start: bool, keep: bool) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.colspan > 1:
        props += f'<w:gridSpan w:val="{cell.colspan}"/>'
    if cell.rowspan > 1:
        props += '<w:vMerge w:val="restart"/>' if start else "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    left = cell.role == "row" and cell.rowspan == 1
    jc = '<w:jc w:val="left"/>' if left else ""
    keep_next = "<w:keepNext/>" if keep else ""
    ppr = f'<w:pPr><w:pStyle w:val="TableText"/>{keep_next}{jc}</w:pPr>'
    if not start:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}</w:p></w:tc>"
    body = FIGURE_HOLE if cell.key is not None else _run(cell.text)
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{body}</w:p></w:tc>"


_KEEP_WITH_HEADER = 3
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


@cache
def _table_template(version: str, table: str) -> TableTemplate:
    """The table's XML cut at its figures, in print order."""
    grid: Grid = table_grid(version, table)
    widths = [_twips_mm(w) for w in grid.widths_mm]
    cover: dict[tuple[int, int], GridCell] = {
        (r, c): cell for cell in grid.cells
        for r in range(cell.row, cell.last_row + 1) for c in range(cell.col, cell.last_col + 1)
    }
    borders = "".join(_BORDER.format(side=s)
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
           '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/>'
           '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    keys: list[str] = []
    # The header rows stay on a page with the first rows of figures (keep with next).
    keep_rows = grid.header_rows + _KEEP_WITH_HEADER if grid.header_rows else 0
    for r in range(grid.n_rows):
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        xml.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        c = 0
        while c < grid.n_cols:
            cell = cover[(r, c)]
            width = sum(widths[cell.col: cell.last_col + 1])
            xml.append(_cell_xml(cell, width, start=cell.row == r, keep=r < keep_rows))
            if cell.row == r and cell.key is not None:
                keys.append(cell.key)
            c = cell.last_col + 1
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return TableTemplate.cut("".join(xml), keys)


def _table(report: Report, table: str) -> str:
    return _table_template(report.format, table).fill(report.cells, _run)


def _title_runs(composition: Composition) -> str:
    """The title: the agency on a line of its own, as GB/T 9704 breaks a long title where the
    sense breaks (the agency, then the year and the subject); when the agency does not fit one
    line, one paragraph that wraps where the page ends it."""
    lines = composition.title_lines
    fits = len(lines[0]) <= int(gb.text_width_pt() // gb.TITLE_PT)
    if len(lines) == 2 and fits:
        return _run(lines[0]) + "<w:r><w:br/></w:r>" + _run(lines[1])
    return _run("".join(lines))


def body_xml(composition: Composition) -> str:
    """The document body (without its section properties) as WordprocessingML."""
    report = composition.report
    title_runs = _title_runs(composition)
    parts = [f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{title_runs}</w:p>',
             '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>']
    parts += [_paragraph(p) for p in composition.preamble]
    for part in composition.sections:
        parts.append(_paragraph(part.section.title, "Heading1"))
        parts += [_paragraph(p) for p in part.text.before]
        if part.table is not None:
            parts.append(_table(report, part.table))
        parts += [_paragraph(p) for p in part.text.after]
    if composition.signature:
        parts.append('<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>')
        parts += [_paragraph(s, "Signature") for s in composition.signature]
    return "".join(parts)


def docx_bytes(composition: Composition) -> bytes:
    """The composed report as the bytes of a .docx file."""
    get_format(composition.report.format)  # fail early on an unknown version
    document = docx.Document(io.BytesIO(_template()))
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in parse_xml(f"<w:body {_W}>{body_xml(composition)}</w:body>"):
        sect_pr.addprevious(child)
    core = document.core_properties
    core.title = composition.title
    core.subject = composition.title_lines[-1]
    if composition.report.agency:
        core.author = composition.report.agency
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(report: Report, *, draft: bool = True) -> bytes:
    return docx_bytes(compose(report, draft=draft))
