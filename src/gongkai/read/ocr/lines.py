"""Cut lines of text out of a page image: inside one table cell, and in the running text.

Printed reports are set in straight lines, so after deskewing a projection of the ink onto the
vertical axis separates the lines (runs of ink rows) and a projection of one line onto the
horizontal axis separates its words where the gap is wide. Each line (or wide-gap word group)
is one crop for the recogniser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def _runs(profile: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of non-zero entries, runs closer than `min_gap` merged."""
    on = np.flatnonzero(profile > 0)
    if on.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(on) > min_gap)
    starts = np.concatenate(([on[0]], on[breaks + 1]))
    ends = np.concatenate((on[breaks], [on[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def text_lines(ink: np.ndarray, box: Box, dpi: float, *, split_words: bool) -> list[Box]:
    """Lines of text inside `box` of an ink mask (1 ink, 0 paper), top to bottom; each line
    split at gaps wider than about two characters when `split_words`."""
    region = ink[box.y0:box.y1, box.x0:box.x1]
    if region.size == 0:
        return []
    min_height = max(2, round(0.03 * dpi))  # a line is at least ~2 points tall
    out: list[Box] = []
    rows = region.sum(axis=1)
    for top, bottom in _runs(rows, max(1, round(0.012 * dpi))):
        if bottom - top < min_height and rows[top:bottom].sum() < min_height * 3:
            continue  # specks
        band = region[top:bottom]
        gap = 2 * (bottom - top) if split_words else region.shape[1]
        for left, right in _runs(band.sum(axis=0), gap):
            piece = band[:, left:right]
            if piece.sum() < 3:
                continue
            ys = np.flatnonzero(piece.sum(axis=1))
            out.append(Box(box.x0 + left, box.y0 + top + int(ys[0]),
                           box.x0 + right, box.y0 + top + int(ys[-1]) + 1))
    return out


def crop(gray: np.ndarray, box: Box, pad: int) -> np.ndarray:
    """The box with `pad` pixels of the page around it (white beyond the page)."""
    h, w = gray.shape
    x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad
    out = np.full((y1 - y0, x1 - x0), 255, dtype=np.uint8)
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    out[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = gray[sy0:sy1, sx0:sx1]
    return out
