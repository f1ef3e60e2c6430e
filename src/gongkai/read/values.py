"""Parse what a table cell says into a figure of the cell's kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gongkai.format.normalize import nfkc

# A printed figure: optional sign, digits with optional thousands commas and decimals, and an
# optional unit. Units of count (件, 个…) and of money (元, 万元).
_FIGURE = re.compile(
    r"^(?P<sign>[+\-]?)(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>件|个|项|条|次|人|元|万元)?$"
)
# What a cell prints when it means "nothing here".
_BLANK_MARKS = {"", "-", "--", "—", "——", "/", "\\", "无", "空", "－"}
COUNT_UNITS = {"件", "个", "项", "条", "次", "人"}


@dataclass(frozen=True)
class Figure:
    """A figure as printed: its value and how it was read."""

    value: int | Decimal | None
    blank: bool = False
    converted_from_yuan: bool = False
    error: str | None = None  # Chinese reason when the text is not a figure of the kind
    # The diagnostic code of `error`: R105 not a figure (of the kind), R108 not a non-negative
    # integer where a count must be one.
    code: str | None = None


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    text = nfkc(text).replace("\u2212", "-")
    return re.sub(r"\s+", "", text)


def looks_like_figure(text: str) -> bool:
    """Is this token a printed figure (as opposed to label text or list numbering)?"""
    return _FIGURE.match(clean(text)) is not None


def is_blank_mark(text: str) -> bool:
    return clean(text) in _BLANK_MARKS


def parse_figure(text: str, kind: str) -> Figure:
    """The value of `text` in a cell of `kind` (count, signed_count, amount_10k_yuan)."""
    raw = clean(text)
    if raw.isdigit() and raw.isascii():  # the usual case: plain digits, what _FIGURE reads
        return Figure(Decimal(raw)) if kind == "amount_10k_yuan" else Figure(int(raw))
    if raw in _BLANK_MARKS:
        return Figure(None, blank=True)
    m = _FIGURE.match(raw)
    if m is None:
        return Figure(None, error=f"“{text.strip()}”不是数字", code="R105")
    try:
        number = Decimal(m["num"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return Figure(None, error=f"“{text.strip()}”不是数字", code="R105")
    if m["sign"] == "-":
        number = -number
    unit = m["unit"]
    if kind == "amount_10k_yuan":
        if unit in COUNT_UNITS:
            return Figure(None, error=f"金额单元格写的是计数单位“{unit}”",
                          code="R105")
        if unit == "元":
            return Figure(number / Decimal(10000), converted_from_yuan=True)
        return Figure(number)
    if unit in ("元", "万元"):
        return Figure(None, error=f"计数单元格写的是金额单位“{unit}”", code="R105")
    if number != number.to_integral_value():
        return Figure(None, error=f"“{text.strip()}”不是整数", code="R108")
    if kind == "count" and number < 0:
        return Figure(None, error=f"“{text.strip()}”为负数，计数不能为负",
                      code="R108")
    return Figure(int(number))
