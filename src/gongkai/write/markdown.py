"""The report as Markdown (GitHub-flavoured tables).

Markdown tables cannot merge cells, so each table is printed flat, every label in full:
表二 one small table per 第二十条 item; 表三 with the 勾稽关系 note in its corner and each
row's and column's label path joined by " / "; 表四 turned to one row per group (行政复议,
行政诉讼 / 未经复议直接起诉, 行政诉讼 / 复议后起诉) with the results as columns.
"""

from __future__ import annotations

import re

from gongkai.format import FormatSpec
from gongkai.model import Report
from gongkai.write.compose import Composition, compose
from gongkai.write.layout import column_label, figure_text, note_text, table_two_blocks

_SEPARATOR = " / "
_MD_SPECIAL = re.compile(r"([\\`*_|<>])")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _paragraph(text: str) -> str:
    """A paragraph as Markdown text: characters that would start markup escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^([#>+\-=]|\d+\.\s)", r"\\\1", text)


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _figure(report: Report, key: str) -> str:
    return figure_text(report.cells.get(key))


def table_two(spec: FormatSpec, report: Report) -> list[str]:
    out: list[str] = []
    stub = spec.tables["二"].headers[0]
    for item, rows in table_two_blocks(spec):
        header = [stub, *(column_label(spec, k) for k in rows[0].keys)]
        body = [[row.label, *(_figure(report, k) for k in row.keys)] for row in rows]
        out += [f"**{item}**", "", *_table(header, body), ""]
    return out


def table_three(spec: FormatSpec, report: Report) -> list[str]:
    table = spec.tables["三"]
    header = [note_text(table),
              *(_SEPARATOR.join(spec.cells[k].column_path) for k in table.rows[0].keys)]
    body = [[_SEPARATOR.join(row.label_path), *(_figure(report, k) for k in row.keys)]
            for row in table.rows]
    return [*_table(header, body), ""]


def table_four(spec: FormatSpec, report: Report) -> list[str]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for key in spec.tables["四"].keys:
        groups.setdefault(spec.cells[key].row_path, []).append(key)
    first = next(iter(groups.values()))
    header = ["", *(column_label(spec, k) for k in first)]
    body = [[_SEPARATOR.join(path), *(_figure(report, k) for k in keys)]
            for path, keys in groups.items()]
    return [*_table(header, body), ""]


_TABLES = {"二": table_two, "三": table_three, "四": table_four}


def markdown_text(composition: Composition) -> str:
    """The composed report as Markdown."""
    report, spec = composition.report, composition.spec
    lines = [f"# {composition.title}", ""]
    for p in composition.preamble:
        lines += [_paragraph(p), ""]
    for part in composition.sections:
        lines += [f"## {part.section.title}", ""]
        for p in part.text.before:
            lines += [_paragraph(p), ""]
        if part.table is not None:
            lines += _TABLES[part.table](spec, report)
        for p in part.text.after:
            lines += [_paragraph(p), ""]
    if composition.signature:
        lines += ["<p align=\"right\">" + "<br>".join(composition.signature) + "</p>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(report: Report, *, draft: bool = True) -> str:
    return markdown_text(compose(report, draft=draft))
