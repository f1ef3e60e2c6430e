"""The OCR engine: RapidOCR (PP-OCRv4 models inside the `rapidocr-onnxruntime` wheel).

Only the text recogniser is used on lines this package has already cut out of the page (table
cells and running text, see `lines.py`); nothing is downloaded, the models ship in the wheel.
One engine per process, created on first use, single-threaded unless GONGKAI_OCR_THREADS says
otherwise (a batch run already uses one process per core).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_HEIGHT = 48  # the recogniser's input height (PP-OCRv4)
# Narrowest input: the wheel's default pads every line to 320 pixels (a single "0" as well),
# which makes a table of short figures cost as much as a page of prose. 64 is enough for the
# network's receptive field; wider lines keep their own width.
_MIN_WIDTH = 64
_BATCH = 8


@dataclass(frozen=True)
class Recognised:
    text: str
    confidence: float  # 0..1, the recogniser's mean character probability


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("GONGKAI_OCR_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=1)
def _engine():  # -> rapidocr_onnxruntime.RapidOCR
    from rapidocr_onnxruntime import RapidOCR

    threads = _threads()
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                    rec_img_shape=[3, _HEIGHT, _MIN_WIDTH], rec_batch_num=_BATCH)


def recognise(crops: list[np.ndarray]) -> list[Recognised]:
    """Text and confidence of each crop (grey or colour images of one line of text each)."""
    if not crops:
        return []
    rec = _engine().text_rec
    images = [np.dstack([c, c, c]) if c.ndim == 2 else c for c in crops]
    results, _elapsed = rec(images)
    return [Recognised(str(text).strip(), float(score)) for text, score in results]
