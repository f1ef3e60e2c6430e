"""Find the ruled tables of a page image and their cells.

Rules are long thin runs of ink: a morphological opening with a long horizontal (vertical)
line keeps the horizontal (vertical) rules and drops text. A table is a group of touching
rules, large enough and with rules both ways. Its cells are the regions of paper the rules
enclose (connected components of "not a rule" inside the table), so merged cells (spanning
rows or columns) come out as one cell, whatever the table's structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Rule lengths, in fractions of an inch (dots per inch known or estimated from the page width).
_H_RULE = 0.22  # a horizontal run at least this long is a rule (longer than any text stroke)
_V_RULE = 0.12  # vertical: shorter, a one-row cell is about 0.16 in tall
_REACH = 0.02  # a rule's end within this of a rule the other way meets it
_MIN_TABLE_WIDTH = 0.2  # of the page width
_MIN_CELLS = 2
_MIN_CELL = 0.04  # inches: smaller regions are debris where rules cross


@dataclass(frozen=True)
class Cell:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass
class Table:
    x0: int
    y0: int
    x1: int
    y1: int
    cells: list[Cell] = field(default_factory=list)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x < self.x1 and self.y0 <= y < self.y1


def rule_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of an ink mask (255 ink).

    A run only counts as a rule if one of its ends meets a rule the other way: a tall "1"
    or a long dash in a cell is a run of ink as well, but it stands free."""
    h_len = max(8, round(_H_RULE * dpi))
    v_len = max(6, round(_V_RULE * dpi))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    reach = max(2, round(_REACH * dpi))
    grown = np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)
    h_near, v_near = cv2.dilate(horizontal, grown), cv2.dilate(vertical, grown)
    return _meeting(horizontal, v_near, axis=1), _meeting(vertical, h_near, axis=0)


def _meeting(runs: np.ndarray, other: np.ndarray, axis: int) -> np.ndarray:
    """The runs (components) one of whose ends lies on `other`."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        if axis == 1:  # horizontal: left and right ends
            ends = (other[y:y + h, x], other[y:y + h, x + w - 1])
        else:
            ends = (other[y, x:x + w], other[y + h - 1, x:x + w])
        keep[index] = any(end.any() for end in ends)
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def find_tables(ink: np.ndarray, dpi: float) -> tuple[list[Table], np.ndarray]:
    """The ruled tables of a page (top to bottom) and the mask of their rules."""
    horizontal, vertical = rule_masks(ink, dpi)
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    _page_h, page_w = ink.shape
    tables: list[Table] = []
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        if w < _MIN_TABLE_WIDTH * page_w or h < 2 * _V_RULE * dpi:
            continue
        own = (labels[y:y + h, x:x + w] == index)
        if not (horizontal[y:y + h, x:x + w][own].any() and vertical[y:y + h, x:x + w][own].any()):
            continue
        table = Table(int(x), int(y), int(x + w), int(y + h))
        table.cells = _cells(own, table, dpi)
        if len(table.cells) >= _MIN_CELLS:
            tables.append(table)
    tables.sort(key=lambda t: (t.y0, t.x0))
    return tables, rules


def _cells(rules: np.ndarray, table: Table, dpi: float) -> list[Cell]:
    """Regions of paper the table's rules enclose (4-connected), as boxes in page pixels."""
    paper = np.where(rules, 0, 255).astype(np.uint8)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    h, w = paper.shape
    smallest = max(3, round(_MIN_CELL * dpi))
    cells: list[Cell] = []
    for index in range(1, count):
        x, y, cw, ch, _area = stats[index]
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            continue  # outside the table's frame
        if cw < smallest or ch < smallest:
            continue
        cells.append(Cell(table.x0 + int(x), table.y0 + int(y),
                          table.x0 + int(x + cw), table.y0 + int(y + ch)))
    cells.sort(key=lambda c: (c.y0, c.x0))
    return cells
