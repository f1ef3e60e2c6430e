"""A report as a government web page: real tables with rowspan/colspan."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from tests.builders.common import closing, format_value, preamble, section_blocks, spec_of, title
from tests.builders.grid import Grid, GridCell, table_grid

BREAK_AFTER = 16  # labels longer than this get a <br> (before their inner bracket, or halfway)


def label_html(text: str) -> str:
    """A label, escaped, with a `<br>` inside if it is long, as editors break them."""
    if len(text) <= BREAK_AFTER:
        return escape(text)
    cut = text.find("（", 3)
    if cut <= 0:
        cut = len(text) // 2
    return f"{escape(text[:cut])}<br>{escape(text[cut:])}"


def cell_html(cell: GridCell, report: dict, blanks: set[str], units: bool, fullwidth: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.key is None:
        body = label_html(cell.text)
    elif cell.key in blanks:
        body = "&nbsp;"
    else:
        kind = spec_of(report).kind(cell.key)
        body = escape(format_value(report["cells"][cell.key], kind, units=units,
                                   fullwidth=fullwidth))
    return f"<td{attrs}>{body}</td>"


def table_html(grid: Grid, report: dict, blanks: set[str], units: bool, fullwidth: bool) -> str:
    rows = "\n".join(
        "  <tr>" + "".join(cell_html(c, report, blanks, units, fullwidth) for c in row) + "</tr>"
        for row in grid.rows()
    )
    return f'<table border="1" cellspacing="0" cellpadding="4" class="table{grid.table}">\n' \
           f"{rows}\n</table>"


def html_page(
    report: dict,
    sections: dict[str, str],
    *,
    encoding: str = "utf-8",
    units: bool = False,
    fullwidth: bool = False,
    blanks: Iterable[str] = (),
) -> bytes:
    """The report as an HTML page in `encoding` (e.g. "gbk", declared in a meta tag).

    `units` prints counts as "12件" and amounts in 元 ("32500元" for 3.25 万元); `fullwidth`
    prints digits full-width; cells of `blanks` are left empty (`&nbsp;`).
    """
    spec = spec_of(report)
    blank_keys = set(blanks)
    body = [
        '<div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div>',
        f"<h1>{escape(title(report))}</h1>",
        f"<p>{escape(preamble(report))}</p>",
    ]
    for section, paras in section_blocks(report, sections):
        body.append(f"<h2>{escape(section.title)}</h2>")
        body += [f"<p>{escape(p)}</p>" for p in paras]
        if section.table:
            grid = table_grid(spec, section.table)
            body.append(table_html(grid, report, blank_keys, units, fullwidth))
    body += [f"<p>{escape(closing(report))}</p>", '<div class="footer">版权所有</div>']
    page = (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{encoding}">\n'
        f"<title>{escape(title(report))}</title>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return page.encode(encoding)
