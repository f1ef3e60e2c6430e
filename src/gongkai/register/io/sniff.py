"""Which part a table holds, from its header row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gongkai.register.io.layout import Sheet, sheets
from gongkai.register.io.values import text
from gongkai.register.parts import Part


def best_sheet(header: list[Any], candidates: Iterable[Sheet]) -> Sheet | None:
    """The sheet of `candidates` whose required columns the header all has (the best match),
    or None when there is none or two match equally well."""
    names = [text(h) for h in header if text(h)]
    best: tuple[int, Sheet] | None = None
    tie = False
    for s in candidates:
        matched = {c.key for c in s.columns for n in names if c.matches(n)}
        if not all(c.key in matched for c in s.columns if c.required):
            continue
        if best is None or len(matched) > best[0]:
            best, tie = (len(matched), s), False
        elif len(matched) == best[0]:
            tie = True
    return None if best is None or tie else best[1]


def detect_sheet(header: list[Any]) -> Part | None:
    """The register part whose required columns the header all has (the best match), or None."""
    found = best_sheet(header, sheets())
    return None if found is None else found.part  # type: ignore[return-value]
