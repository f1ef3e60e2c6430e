"""The common intermediate form every reader produces: lines of fragments with positions.

A text dump gives one `Line` a source line; HTML and DOCX give one a paragraph and one a table
row (a fragment a cell); a PDF gives one a visual line (a fragment a word). The section splitter
and the table engine work on this form only, so every input kind shares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Fragment:
    text: str
    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table_cell: tuple[int, int, int] | None = None
    # A cell the document shows as empty (HTML/DOCX/PDF grid): a blank, not a lost figure.
    blank: bool = False


@dataclass
class Line:
    fragments: list[Fragment] = field(default_factory=list)
    in_table: bool = False  # a row of a real table (HTML/DOCX), not running text

    @property
    def text(self) -> str:
        return "\t".join(f.text for f in self.fragments)


@dataclass
class Document:
    source: str
    kind: str  # "text", "html", "docx", "pdf"
    lines: list[Line] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None  # of a text or HTML file: the codec it was decoded with
