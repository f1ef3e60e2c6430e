"""write: the annual report in the statutory format, as DOCX, PDF, HTML, Markdown or XLSX.

    from gongkai.write import render
    data = render(report, "docx")          # bytes of a .docx in the GB/T 9704-2012 layout

Modules, one job each:

- `layout`: the three tables as grids of merged cells, derived from `gongkai.format` only;
- `paragraphs`: a section's text as paragraphs (table text dropped, wrapped lines joined);
- `narrative`: draft sentences from the cells, for sections the clerk has not written;
- `compose`: the report's parts in print order, drafts filled in (`Composition`);
- `style`: the official layout's numbers and fonts;
- `docx`, `pdf` (DOCX → LibreOffice), `html`, `markdown`, `xlsx`: one output kind each.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.model import Report
from gongkai.write.compose import Composition, compose
from gongkai.write.errors import WriteError

# Output kinds by file suffix.
KINDS: dict[str, str] = {
    ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md",
    ".xlsx": "xlsx",
}

__all__ = ["KINDS", "Composition", "WriteError", "compose", "kind_of", "render",
           "render_composition"]


def kind_of(path: str | Path) -> str | None:
    """The output kind a file name asks for, or None for a suffix gongkai does not write."""
    return KINDS.get(Path(path).suffix.lower())


def render_composition(composition: Composition, kind: str) -> bytes:
    """A composed report as the bytes of a file of `kind` ("docx", "pdf", "html", "md",
    "xlsx")."""
    if kind == "docx":
        from gongkai.write.docx import docx_bytes

        return docx_bytes(composition)
    if kind == "pdf":
        from gongkai.write.pdf import pdf_bytes

        return pdf_bytes(composition)
    if kind == "html":
        from gongkai.write.html import html_text

        return html_text(composition).encode("utf-8")
    if kind == "md":
        from gongkai.write.markdown import markdown_text

        return markdown_text(composition).encode("utf-8")
    if kind == "xlsx":
        from gongkai.write.xlsx import xlsx_bytes

        return xlsx_bytes(composition)
    raise ValueError(f"unknown output kind {kind!r}")


def render(report: Report, kind: str, *, draft: bool = True) -> bytes:
    """`report` as a file of `kind`; `draft` writes draft text for sections that have none."""
    return render_composition(compose(report, draft=draft), kind)
