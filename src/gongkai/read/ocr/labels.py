"""Mend a misread label in a table cell from the format's own vocabulary.

A row is found by its printed label; OCR that misreads one character of "行政强制" as "厅政强制"
would lose the row. A cell's text is compared with every label the formats print (row and
column paths and table headers, from `gongkai.format`, never retyped); when exactly one label
is close enough (`_CLOSE`), the cell reads as that label.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from gongkai.format.normalize import norm_label
from gongkai.format.spec import get_format, label_variants, versions

_CLOSE = 0.75  # SequenceMatcher ratio: one character in four may be misread
_MIN_LENGTH = 4  # shorter labels ("总计", "其他") are not mended: one character is too much


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, str], ...]:
    """(normalised form, printed label) of every label any format prints in its tables."""
    labels: dict[str, str] = {}
    for version in versions():
        spec = get_format(version)
        printed = {p for c in spec.cells.values() for p in (*c.row_path, *c.column_path)}
        printed |= {h for t in spec.tables.values() for h in t.headers}
        for label in printed:
            for form in label_variants(label):
                labels.setdefault(form, label)
    return tuple(labels.items())


@lru_cache(maxsize=4096)
def mend_label(text: str) -> str:
    """`text`, or the one printed label it is a slight misreading of."""
    normal = norm_label(text)
    if len(normal) < _MIN_LENGTH:
        return text
    scores: dict[str, float] = {}
    for form, label in _vocabulary():
        if form == normal:
            return text
        if abs(len(form) - len(normal)) > max(1, len(form) // 4):
            continue
        ratio = SequenceMatcher(None, normal, form, autojunk=False).ratio()
        if ratio >= _CLOSE:
            scores[label] = max(ratio, scores.get(label, 0.0))
    if not scores:
        return text
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) > 1 and ranked[1] == ranked[0]:
        return text  # two labels as close: no telling which
    return max(scores, key=scores.__getitem__)
