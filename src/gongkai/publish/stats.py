"""The year's figures of proactive disclosure, and the three-synchronous rule (三同步).

`year_figures` gives the counts section 一 reports ("共主动公开信息91条，其中工作动态67条…") and
table 二's normative-document rows (本年制发 / 本年废止 / 现行有效) from the documents' dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gongkai.format.spec import get_format, version_for_year
from gongkai.publish.model import INTERPRETATION_KIND, NORMATIVE_KIND, PublicationItem
from gongkai.register.model import DocumentKind, stock_counts

NORMATIVE_ROW = f"t2.{DocumentKind.normative_document.value}"  # table 二's row stem
_NORMATIVE = "normative_"  # the fields of `YearFigures` holding that row: this + column id


@dataclass(frozen=True)
class YearFigures:
    year: int
    published: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    # table 二's normative-document row: `stock_counts` by column id, prefixed `_NORMATIVE`
    normative_issued: int = 0
    normative_repealed: int = 0
    normative_in_force: int = 0

    def table_two_cells(self) -> dict[str, int]:
        """Table 二's normative-document row in the format of `year`, when that format prints
        it as a stock with the year's changes (2021: 本年制发, 本年废止, 现行有效); empty for
        the 2019 format, whose row counts publications (本年新公开, 对外公开总数量)."""
        spec = get_format(version_for_year(self.year))
        if NORMATIVE_ROW not in spec.stock_rows():
            return {}
        columns = stock_counts((), self.year)  # the row's column ids
        return {f"{NORMATIVE_ROW}.{column}": getattr(self, f"{_NORMATIVE}{column}")
                for column in columns}

    def sentence(self) -> str:
        """The sentence of section 一 these figures support."""
        parts = "、".join(f"{kind}{n}条" for kind, n in self.by_kind.items())
        text = f"{self.year}年共主动公开政府信息{self.published}条"
        return f"{text}，其中{parts}。" if parts else f"{text}。"


def year_figures(items: list[PublicationItem], year: int) -> YearFigures:
    published = [i for i in items if i.published and i.published.year == year]
    kinds = Counter(i.kind for i in published)
    channels = Counter(c for i in published for c in i.channels)
    counts = stock_counts(((i.issued, i.repealed) for i in items
                           if i.kind == NORMATIVE_KIND and i.issued), year)
    return YearFigures(
        year=year,
        published=len(published),
        by_kind=dict(kinds.most_common()),
        by_channel=dict(channels.most_common()),
        **{f"{_NORMATIVE}{column}": n for column, n in counts.items()},
    )


@dataclass(frozen=True)
class UnaccompaniedDocument:
    document: PublicationItem
    reason: str


def three_synchronous(items: list[PublicationItem]) -> list[UnaccompaniedDocument]:
    """Normative documents published without their policy interpretation published by the same
    day (文件与解读同步起草、同步审签、同步发布)."""
    interpretations: dict[str, list[PublicationItem]] = {}
    for item in items:
        if item.kind == INTERPRETATION_KIND and item.interpretation_of:
            interpretations.setdefault(item.interpretation_of, []).append(item)
    out = []
    for doc in items:
        if doc.kind != NORMATIVE_KIND or doc.published is None:
            continue
        linked = interpretations.get(doc.number, []) + interpretations.get(doc.title, [])
        dates = [i.published for i in linked if i.published]
        if not linked:
            out.append(UnaccompaniedDocument(doc, "没有关联的政策解读"))
        elif not dates:
            out.append(UnaccompaniedDocument(doc, "政策解读尚未发布"))
        elif min(dates) > doc.published:
            out.append(UnaccompaniedDocument(
                doc, f"政策解读晚于文件发布（{min(dates).isoformat()}）"))
    return out
