"""A report as the documents of a corpus: plain text (as copied out of a PDF, one table row a
line, labels and figures separated by tabs), an HTML page or a DOCX file (gongkai.write's)."""

from __future__ import annotations

from gongkai.format import FormatSpec
from gongkai.model import Report
from gongkai.write import render
from gongkai.write.compose import compose
from gongkai.write.layout import figure_text, table_grid

KINDS = ("text", "html", "docx")
SUFFIXES = {"text": ".txt", "html": ".html", "docx": ".docx"}


def _table_lines(spec: FormatSpec, report: Report, table: str) -> list[str]:
    """A table as copied out of a PDF, row by row of its printed grid: a header row as its
    labels (each merged cell once), a row of figures as its full label path and figures. A
    block heading (第二十条第（一）项) is not a line of its own: it starts its rows' paths."""
    printed = iter(spec.tables[table].rows)
    lines = []
    for cells in table_grid(spec.version, table).rows():
        if any(c.key is not None for c in cells):
            row = next(printed)
            figures = (figure_text(report.cells.get(k)) for k in row.keys)
            lines.append("\t".join([*row.label_path, *figures]))
        elif texts := [c.text for c in cells if c.text and c.role != "group"]:
            lines.append("\t".join(texts))
    return lines


def text_document(report: Report) -> str:
    """The report as plain text: title, preamble, each section's text and table (with its
    column headers, which name the format version), signature."""
    composition = compose(report)
    spec = composition.spec
    lines = [*composition.title_lines, "", *composition.preamble]
    for part in composition.sections:
        lines.append(part.section.title)
        lines += part.text.before
        if part.table:
            lines += _table_lines(spec, report, part.table)
        lines += part.text.after
    lines += composition.signature
    return "\n".join(lines) + "\n"


def document_bytes(report: Report, kind: str) -> bytes:
    if kind == "text":
        return text_document(report).encode("utf-8")
    if kind in ("html", "docx"):
        return render(report, kind)
    raise ValueError(f"unknown document kind {kind!r}")
