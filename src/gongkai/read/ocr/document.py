"""Recognised pages → the `Document` every reader produces, so the table logic of the text
readers (`gongkai.read.tables`) reads scans as well.

A table row (cells whose tops are level) becomes one `Line(in_table=True)` with one fragment
per cell, exactly like a DOCX or HTML table row; a line of running text becomes a `Line` with
one fragment per word group, like a PDF line. Lines are in reading order: top to bottom on each
page, the table rows among the text lines where they stand. Every fragment's box is in points
from the top left of the page (pixels × 72 / dpi); the confidence of the text in each box is
kept aside (`ScannedDocument.confidence`), since a `Fragment` has no place for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.read.document import Document, Fragment, Line
from gongkai.read.ocr.labels import mend_label
from gongkai.read.ocr.page import CellText, PageText, Text
from gongkai.read.values import looks_like_figure

BBox = tuple[float, float, float, float]

# What a recogniser writes for a digit in a cell that holds a figure: O for 0, l or | for 1.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1"})
_FIGURE_LIKE = re.compile(r"^[\d.,，Oo〇lI|]+$")
_FIGURE_SPACES = re.compile(r"^[\d.,，Oo〇lI|\s]+$")


@dataclass
class ScannedDocument(Document):
    """A Document read by OCR, with the confidence of every fragment's text."""

    # (page, bbox) → confidence of the fragment at that place (0..1)
    confidence: dict[tuple[int, BBox], float] = field(default_factory=dict)
    # (page, bbox) → what the recogniser read there, where it differs from the fragment's
    # text (a figure with a letter for a digit, or spaces inside it)
    recognised: dict[tuple[int, BBox], str] = field(default_factory=dict)
    angles: dict[int, float] = field(default_factory=dict)  # page → degrees straightened
    dpi: dict[int, float] = field(default_factory=dict)  # page → dots per inch
    tables: int = 0  # ruled tables found


def figure_text(text: str) -> str:
    """A cell's text with the recogniser's look-alikes of digits read as digits, when the
    text is a figure otherwise (digits, separators and look-alikes only, at least one digit)."""
    if not _FIGURE_SPACES.match(text) or not any(c.isdigit() for c in text):
        return text
    compact = "".join(text.split()).strip(".,，")  # a speck beside a figure read as a point
    if not _FIGURE_LIKE.match(compact):
        return text
    return compact.translate(_DIGIT_LOOKALIKES)


def _bbox(x0: float, y0: float, x1: float, y1: float, dpi: float) -> BBox:
    k = 72.0 / dpi
    return (round(x0 * k, 2), round(y0 * k, 2), round(x1 * k, 2), round(y1 * k, 2))


def _table_rows(cells: list[CellText]) -> list[list[CellText]]:
    """Cells grouped into rows: a cell whose top is level with the row's first cell (within a
    third of the smallest cell height) joins it; rows top to bottom, cells left to right."""
    rows: list[list[CellText]] = []
    for cell in sorted(cells, key=lambda c: (c.cell.y0, c.cell.x0)):
        if rows:
            first = rows[-1][0].cell
            tolerance = min(first.height, cell.cell.height) / 3
            if abs(cell.cell.y0 - first.y0) <= tolerance:
                rows[-1].append(cell)
                continue
        rows.append([cell])
    for row in rows:
        row.sort(key=lambda c: c.cell.x0)
    return rows


def _text_lines(texts: list[Text]) -> list[list[Text]]:
    """Running-text boxes grouped into visual lines by their vertical centres."""
    lines: list[list[Text]] = []
    for text in sorted(texts, key=lambda t: (t.box.y0 + t.box.y1, t.box.x0)):
        centre = (text.box.y0 + text.box.y1) / 2
        if lines:
            anchor = lines[-1][0].box
            if abs(centre - (anchor.y0 + anchor.y1) / 2) <= min(anchor.height,
                                                                text.box.height) / 2:
                lines[-1].append(text)
                continue
        lines.append([text])
    for line in lines:
        line.sort(key=lambda t: t.box.x0)
    return lines


def build_document(pages: list[PageText], source: str) -> ScannedDocument:
    """The recognised pages as one document of lines and fragments."""
    doc = ScannedDocument(source=source, kind="scan", pages=len(pages))
    for page in pages:
        doc.angles[page.number] = page.angle
        doc.dpi[page.number] = page.dpi
        placed: list[tuple[float, Line, list[tuple[BBox, float, str]]]] = []
        for cells in page.tables:
            table = doc.tables
            doc.tables += 1
            for row_index, row in enumerate(_table_rows(cells)):
                fragments, notes = [], []
                for col, cell in enumerate(row):
                    c = cell.cell
                    box = _bbox(c.x0, c.y0, c.x1, c.y1, page.dpi)
                    read = cell.text
                    # Ink the recogniser made nothing of: not a blank, an unreadable cell.
                    text = figure_text(read) if read or not cell.texts else "?"
                    if text == read and not looks_like_figure(text):
                        text = mend_label(text)
                    fragments.append(Fragment(text, page.number, None, box,
                                              table_cell=(table, row_index, col),
                                              blank=not cell.texts))
                    if cell.confidence is not None:
                        notes.append((box, cell.confidence, read if read != text else ""))
                placed.append((row[0].cell.y0, Line(fragments, in_table=True), notes))
        for words in _text_lines([t for t in page.lines if t.text]):
            fragments, notes = [], []
            for word in words:
                b = word.box
                box = _bbox(b.x0, b.y0, b.x1, b.y1, page.dpi)
                fragments.append(Fragment(word.text, page.number, None, box))
                notes.append((box, word.confidence, ""))
            placed.append((min(w.box.y0 for w in words), Line(fragments), notes))
        placed.sort(key=lambda p: p[0])
        for _top, line, notes in placed:
            number = len(doc.lines) + 1
            for fragment in line.fragments:
                fragment.line = number
            doc.lines.append(line)
            for box, confidence, read in notes:
                doc.confidence[(page.number, box)] = confidence
                if read:
                    doc.recognised[(page.number, box)] = read
    return doc
