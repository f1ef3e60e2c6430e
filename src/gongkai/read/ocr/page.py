"""One page image → its text: the cells of its ruled tables and its running-text lines, each
with the recogniser's confidence.

The page is straightened (`deskew`), its tables and cells found from the rules (`grid`), the
lines of text cut out inside every cell and in the rest of the page (`lines`), and all crops
recognised in one batch (`engine`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np

from gongkai.read.ocr.deskew import RULE_CONTRAST, deskew, ink_mask
from gongkai.read.ocr.engine import recognise
from gongkai.read.ocr.grid import Cell, Table, find_tables
from gongkai.read.ocr.lines import Box, crop, text_lines


@dataclass
class Text:
    """Recognised text at a place on the page (pixels of the straightened page)."""

    text: str
    box: Box
    confidence: float


@dataclass
class CellText:
    cell: Cell
    texts: list[Text] = field(default_factory=list)  # the cell's lines, top to bottom

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.texts)

    @property
    def confidence(self) -> float | None:
        """The lowest confidence of the cell's lines; None for an empty cell."""
        return min((t.confidence for t in self.texts), default=None)


@dataclass
class PageText:
    number: int  # 1-based
    dpi: float
    angle: float  # degrees the page was turned to straighten it
    tables: list[list[CellText]] = field(default_factory=list)
    table_boxes: list[Table] = field(default_factory=list)
    lines: list[Text] = field(default_factory=list)  # running text outside the tables


def _inset(cell: Cell, margin: int) -> Box:
    return Box(cell.x0 + margin, cell.y0 + margin, cell.x1 - margin, cell.y1 - margin)


_SPECK = 8  # pixels at 150 dpi: a speck blurred by the threshold's smoothing is about 5
_DARK = 128  # grey level below which a pixel is dark (for speck removal)
_JUNK = 0.5  # running text below this confidence is kept only if it has letters or digits
_MARGIN = 0.1  # top and bottom tenth of the page: where page numbers stand
# "-2-", "— 3 —", "第3页", "3/10": a page number (OCR reads the dashes of "－2－" as 一 too)
_PAGE_NUMBER = re.compile(r"^[-—–一_·\s]*(?:\d{1,3}|第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3})"
                          r"[-—–一_·\s]*$")


def _despeckle(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The ink without specks (scanner dust and grain): blobs of a few pixels. Only where the
    lines are cut is decided on this mask; the recogniser sees the page itself, so a decimal
    point or a full stop at the end of a line that is dropped here is still read."""
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    smallest = max(2, round(_SPECK * (dpi / 150) ** 2))
    keep = stats[:, cv2.CC_STAT_AREA] > smallest
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _without_specks(gray: np.ndarray) -> np.ndarray:
    """The page with isolated dark pixels (salt-and-pepper noise, dust) turned to paper.

    A pixel is a speck if it is dark and none of its eight neighbours is: a rule or a stroke
    of a character, however thin, always has a dark neighbour."""
    dark = (gray < _DARK).astype(np.uint8)
    neighbours = cv2.filter2D(dark, -1, np.ones((3, 3), np.float32),
                              borderType=cv2.BORDER_CONSTANT) - dark
    specks = (dark == 1) & (neighbours == 0)
    if not specks.any():
        return gray
    out = gray.copy()
    out[specks] = 255
    return out


def _kept(text: Text, height: int) -> bool:
    """A line of running text worth keeping: some letter, digit or character, read with some
    confidence or at least two of them (not a stain read as a few dots); and not a page number
    in the top or bottom margin."""
    letters = sum(c.isalnum() for c in text.text)
    if not letters or (letters < 2 and text.confidence < _JUNK):
        return False
    in_margin = text.box.y1 < _MARGIN * height or text.box.y0 > (1 - _MARGIN) * height
    return not (in_margin and _PAGE_NUMBER.match(text.text))


def read_page(gray: np.ndarray, number: int, dpi: float) -> PageText:
    """Everything legible on one page (a grey image at `dpi` dots per inch)."""
    straight, angle = deskew(_without_specks(gray))
    ink = ink_mask(straight)
    tables, rules = find_tables(ink_mask(straight, RULE_CONTRAST), dpi)
    text_ink = _despeckle(ink & ~rules, dpi) > 0
    page = PageText(number, dpi, angle, table_boxes=tables)
    crops: list[np.ndarray] = []
    places: list[tuple[list[Text], Box]] = []
    pad = max(2, round(0.02 * dpi))
    margin = max(1, round(0.012 * dpi))
    for table in tables:
        cells = [CellText(cell) for cell in table.cells]
        page.tables.append(cells)
        for cell in cells:
            for box in text_lines(text_ink, _inset(cell.cell, margin), dpi, split_words=False):
                crops.append(crop(straight, box, pad))
                places.append((cell.texts, box))
    free = text_ink.copy()
    for table in tables:
        free[table.y0:table.y1, table.x0:table.x1] = False
    h, w = free.shape
    for box in text_lines(free, Box(0, 0, w, h), dpi, split_words=True):
        crops.append(crop(straight, box, pad))
        places.append((page.lines, box))
    for (target, box), result in zip(places, recognise(crops), strict=True):
        if result.text:
            target.append(Text(result.text, box, result.confidence))
        else:
            target.append(Text("", box, 0.0))
    page.lines = [t for t in page.lines if _kept(t, straight.shape[0])]
    return page
