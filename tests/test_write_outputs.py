"""What each output kind contains: the official DOCX layout, an accessible self-contained web
page, Markdown and Excel tables with every figure at its statutory label."""

from __future__ import annotations

import io
import random
import re
import zipfile
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.format import get_format, versions
from gongkai.interchange import from_dict
from gongkai.synth import random_report
from gongkai.write import render
from gongkai.write.layout import figure_text, table_grid
from gongkai.write.xlsx import GRID_LEFT, GRID_TOP

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def nonzero_report(version: str, seed: int = 11):
    data = random_report(random.Random(seed), version, density=1.0)
    assert sum(1 for v in data["cells"].values() if v) > len(data["cells"]) * 0.6
    return from_dict(data)


# ---------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render(nonzero_report("2021"), "docx")))


def _east_asia(style) -> str:
    return style.element.rPr.rFonts.get(f"{W}eastAsia")


def test_docx_page_is_gbt_9704(word):
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert abs(section.right_margin - Mm(26)) < Mm(0.1)
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}linePitch") == "579"  # 22 lines


def test_docx_names_the_official_fonts(word):
    styles = word.styles
    assert _east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)  # 三号
    assert _east_asia(styles["Title"]) == "方正小标宋简体"
    assert styles["Title"].font.size == Pt(22)  # 二号
    assert _east_asia(styles["Heading 1"]) == "黑体"
    assert _east_asia(styles["Heading 2"]) == "楷体_GB2312"
    # 28 characters a line: 16 pt condensed to the 156 mm text width
    pitch = 16 + int(styles["Normal"].element.rPr.find(f"{W}spacing").get(f"{W}val")) / 20
    text_width_pt = 156 / 25.4 * 72
    assert 28 * pitch <= text_width_pt < 29 * pitch
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in get_format("2021").sections]
    leads = [r for p in word.paragraphs for r in p.runs
             if r.element.rPr is not None and r.element.rPr.rFonts is not None
             and r.element.rPr.rFonts.get(f"{W}eastAsia") == "楷体_GB2312"]
    assert [r.text for r in leads][:2] == ["（一）主动公开。", "（二）依申请公开。"]


def test_docx_page_numbers(word):
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = etree.tostring(footer._element, encoding="unicode")
        assert "PAGE" in xml and xml.count("—") == 2
        assert f'w:val="{align}"' in xml


def test_docx_tables_have_the_formats_merged_cells(word):
    assert len(word.tables) == 3
    for table, name in zip(word.tables, ("二", "三", "四"), strict=True):
        grid = table_grid("2021", name)
        spans = sorted(int(e.get(f"{W}val")) for e in table._tbl.iter(f"{W}gridSpan"))
        # a merged cell is one w:tc per row it spans, each with the cell's gridSpan
        assert spans == sorted(c.colspan for c in grid.cells if c.colspan > 1
                               for _ in range(c.rowspan))
        restarts = [e for e in table._tbl.iter(f"{W}vMerge") if e.get(f"{W}val") == "restart"]
        assert len(restarts) == sum(1 for c in grid.cells if c.rowspan > 1)
        headers = [tr for tr in table._tbl.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader")
                   is not None]
        assert len(headers) == grid.header_rows
    note = word.tables[1].cell(0, 0).text
    assert note == f"（{get_format('2021').tables['三'].note}）"


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("version", versions())
def test_html_is_accessible_and_self_contained(version):
    report = nonzero_report(version)
    page = render(report, "html").decode("utf-8")
    root = etree.fromstring(page.encode(), etree.HTMLParser())
    assert root.get("lang") == "zh-CN"
    assert len(root.findall(".//h1")) == 1 and len(root.findall(".//h2")) == 6
    for forbidden in ("//script", "//link", "//img", "//iframe", "//object"):
        assert root.xpath(forbidden) == []
    assert not re.search(r"(?:https?:)?//|url\(|@import", page.split("<body>")[0].split(
        "<style>", 1)[1])
    tables = root.findall(".//table")
    assert len(tables) == 3
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").text
        ths = table.findall(".//th")
        assert ths and all(th.get("scope") in ("col", "row", "rowgroup") for th in ths)
        tds = [td for td in table.findall(".//td") if td.get("headers") is not None]
        assert tds
        for td in tds:
            assert set(td.get("headers").split()) <= ids
    figures = [td.text for t in tables for td in t.findall(".//td") if td.get("headers")]
    assert len(figures) == len(report.cells)
    assert "@page" in page and "@media print" in page and "A4" in page


def test_html_figure_headers_name_its_labels():
    report = nonzero_report("2021")
    root = etree.fromstring(render(report, "html"), etree.HTMLParser())
    by_id = {e.get("id"): "".join(e.itertext()) for e in root.iter() if e.get("id")}
    spec = get_format("2021")
    for td in root.iter("td"):
        if not td.get("headers"):
            continue
        labels = [by_id[i] for i in td.get("headers").split()]
        # every label of the cell's row and column path, at every level, is named
        matches = [k for k, c in spec.cells.items()
                   if c.row_path[-1] in labels and c.column_path[-1] in labels
                   and set(c.row_path) | set(c.column_path) <= set(labels)]
        assert len(matches) == 1, (labels, matches)  # the labels name one cell
        values = {figure_text(report.cells[k]) for k in matches}
        assert (td.text or "") in values, labels


# ---------------------------------------------------------------- Markdown


def _markdown_tables(text: str) -> dict[tuple[str, str], str]:
    """{(row label, column label): value} from every Markdown table."""
    out: dict[tuple[str, str], str] = {}
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if not header:
            header = cells
        elif not set("".join(cells)) <= set("-: "):
            for column, value in zip(header[1:], cells[1:], strict=True):
                out[(cells[0], column)] = value
    return out


@pytest.mark.parametrize("version", versions())
def test_markdown_has_every_figure_at_its_label(version):
    report = nonzero_report(version)
    spec = get_format(version)
    text = render(report, "md").decode("utf-8")
    assert text.startswith(f"# {report.agency}{report.year}年政府信息公开工作年度报告\n")
    assert all(f"## {s.title}" in text for s in spec.sections)
    table = _markdown_tables(text)
    for key, cell in spec.cells.items():
        if cell.table == "二":
            where = (cell.row_path[-1], "/".join(cell.column_path))
        elif cell.table == "三":
            where = (" / ".join(cell.row_path), " / ".join(cell.column_path))
        else:
            where = (" / ".join(cell.row_path), cell.column_path[-1])
        assert table[where] == figure_text(report.cells[key]), key


# ---------------------------------------------------------------- XLSX


def _resolved(ws, row: int, col: int):
    """A cell's value, looking through merged ranges to their top-left cell."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col).value
    return ws.cell(row, col).value


@pytest.mark.parametrize("version", versions())
def test_xlsx_three_sheets_labels_figures_and_merges(version):
    report = nonzero_report(version)
    spec = get_format(version)
    data = render(report, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    tables = [s for s in spec.sections if s.table]
    assert book.sheetnames == [s.title for s in tables]
    for section, ws in zip(tables, book.worksheets, strict=True):
        grid = table_grid(version, section.table)
        expected = {(GRID_TOP + c.row, GRID_LEFT + c.col, GRID_TOP + c.last_row,
                     GRID_LEFT + c.last_col) for c in grid.cells if c.rowspan > 1 or c.colspan > 1}
        merged = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges
                  if m.min_row >= GRID_TOP}
        assert merged == expected
        for cell in grid.cells:
            if cell.key is None:
                continue
            row, col = GRID_TOP + cell.row, GRID_LEFT + cell.col
            value = ws.cell(row, col).value
            truth = report.cells[cell.key]
            assert value == (float(truth) if isinstance(truth, Decimal) else truth), cell.key
            definition = spec.cells[cell.key]
            # the labels the sheet prints beside and above the figure are the format's
            if section.table != "四":
                label_col = GRID_LEFT + min(c.col for c in grid.figures) - 1
                assert _resolved(ws, row, label_col) == definition.row_path[-1], cell.key
            header_row = (GRID_TOP + grid.header_rows - 1 if grid.header_rows
                          else max(r for r in range(GRID_TOP, row)
                                   if ws.cell(r, GRID_LEFT).value == spec.tables["二"].headers[0]))
            assert _resolved(ws, header_row, col) == "/".join(definition.column_path) or (
                _resolved(ws, header_row, col) == definition.column_path[-1]), cell.key
            if section.table == "四":
                tops = {_resolved(ws, r, col) for r in range(GRID_TOP, header_row)}
                assert set(definition.row_path) <= tops
    assert ws.cell(1, 1).value == f"{report.agency}{report.year}年政府信息公开工作年度报告"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "xl/workbook.xml" in z.namelist()
