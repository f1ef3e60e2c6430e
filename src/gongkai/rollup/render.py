"""A report as the documents of a corpus: plain text (as copied out of a PDF, one table row a
line, labels and figures separated by tabs), an HTML page or a DOCX file (gongkai.write's)."""

from __future__ import annotations

from gongkai.model import Report
from gongkai.write import render
from gongkai.write.compose import compose
from gongkai.write.layout import figure_text

KINDS = ("text", "html", "docx")
SUFFIXES = {"text": ".txt", "html": ".html", "docx": ".docx"}


def text_document(report: Report) -> str:
    """The report as plain text: title, preamble, each section's text and table, signature."""
    composition = compose(report)
    spec = composition.spec
    lines = [*composition.title_lines, "", *composition.preamble]
    for part in composition.sections:
        lines.append(part.section.title)
        lines += part.text.before
        if part.table:
            for row in spec.tables[part.table].rows:
                figures = (figure_text(report.cells.get(k)) for k in row.keys)
                lines.append("\t".join([*row.label_path, *figures]))
        lines += part.text.after
    lines += composition.signature
    return "\n".join(lines) + "\n"


def document_bytes(report: Report, kind: str) -> bytes:
    if kind == "text":
        return text_document(report).encode("utf-8")
    if kind in ("html", "docx"):
        return render(report, kind)
    raise ValueError(f"unknown document kind {kind!r}")
