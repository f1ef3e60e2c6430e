"""Which part a table holds, from its header row."""

from __future__ import annotations

from typing import Any

from gongkai.register.io.layout import sheets
from gongkai.register.io.values import text
from gongkai.register.parts import Part


def detect_sheet(header: list[Any]) -> Part | None:
    """The part whose required columns the header all has (the best match), or None."""
    names = [text(h) for h in header if text(h)]
    best: tuple[int, Part] | None = None
    tie = False
    for s in sheets():
        matched = {c.key for c in s.columns for n in names if c.matches(n)}
        if not all(c.key in matched for c in s.columns if c.required):
            continue
        if best is None or len(matched) > best[0]:
            best, tie = (len(matched), s.part), False
        elif len(matched) == best[0]:
            tie = True
    return None if best is None or tie else best[1]
