"""信息处理费: what may be charged (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号).

Both standards are progressive (超额累进), and an agency applies one of them to an application,
never both (第三条):

- by piece (按件, 第四条): per applicant and natural month, applications 1–10 are free, 11–30
  cost 100 元 each, and from the 31st every further band of 10 costs 100 元 more per piece;
- by volume (按量, 第五条): per application, pages 1–30 are free, 31–100 cost 10 元 a page,
  101–200 20 元, and every page beyond 200 40 元.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from gongkai.register.model import Application

_FREE_PIECES = 10
_FIRST_BAND_END = 30
_PIECE_BASE_YUAN = 100
_BAND = 10
_PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (last page of band, 元 per page)


def piece_fee(nth: int) -> int:
    """元 for the `nth` application of an applicant within one natural month."""
    if nth <= _FREE_PIECES:
        return 0
    if nth <= _FIRST_BAND_END:
        return _PIECE_BASE_YUAN
    return _PIECE_BASE_YUAN * (2 + (nth - _FIRST_BAND_END - 1) // _BAND)


def volume_fee(pages: int) -> int:
    """元 for an application answered with `pages` pages."""
    if pages < 0:
        raise ValueError("页数不能为负")
    total, previous_end = 0, 0
    for band_end, price in _PAGE_BANDS:
        upper = pages if band_end is None else min(pages, band_end)
        if upper > previous_end:
            total += (upper - previous_end) * price
        if band_end is None or pages <= band_end:
            break
        previous_end = band_end
    return total


@dataclass(frozen=True)
class PieceFee:
    application: Application
    nth_in_month: int
    yuan: int


def piece_fees(applications: list[Application]) -> list[PieceFee]:
    """The by-piece fee of every application: its rank among the same applicant's applications
    received in the same natural month, in order of receipt (then number)."""
    groups: dict[tuple[str, date], list[Application]] = defaultdict(list)
    for app in applications:
        groups[(app.applicant, app.received.replace(day=1))].append(app)
    out: list[PieceFee] = []
    for apps in groups.values():
        apps.sort(key=lambda a: (a.received, a.number))
        out += [PieceFee(a, i, piece_fee(i)) for i, a in enumerate(apps, start=1)]
    return out
