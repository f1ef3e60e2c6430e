"""The statutory basis rules cite: the regulation, the format documents, the fee measures.

Document numbers and the years each format applies to come from the format spec
(`gongkai.format.spec`); this module only names the instruments and phrases the citations.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.format.deadline import REGULATION  # noqa: F401  (re-exported: rules cite it)
from gongkai.format.spec import get_format, versions

FORMAT_NAME = "《政府信息公开工作年度报告格式》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


def years_of(version: str) -> str:
    """The report years a format applies to: "2021年度起", "2019、2020年度"."""
    spec = get_format(version)
    if spec.last_year is None:
        return f"{spec.first_year}年度起"
    years = range(spec.first_year, spec.last_year + 1)
    if len(years) <= 2:
        return "、".join(map(str, years)) + "年度"
    return f"{spec.first_year}—{spec.last_year}年度"


def format_documents() -> str:
    """Every format document with the years it applies to, newest first:
    "国办公开办函〔2021〕30号（2021年度起适用）；国办公开办函〔2019〕60号（2019、2020年度适用）"."""
    return "；".join(f"{get_format(v).document}（{years_of(v)}适用）" for v in versions())


def documents_with(keys: Iterable[str]) -> str:
    """The format documents whose tables have every cell of `keys` (e.g. the documents that
    print 本年废止件数), joined by "、"."""
    keys = tuple(keys)
    found = [get_format(v).document for v in versions()
             if all(k in get_format(v).cells for k in keys)]
    if not found:
        raise KeyError(f"no format has the cells {keys}")
    return "、".join(found)


def all_cells() -> set[str]:
    """The cell keys of every format version."""
    return {k for v in versions() for k in get_format(v).cells}


def _format_basis() -> str:
    newest, *older = versions()
    parts = [get_format(newest).document]
    parts += [f"{years_of(v)}报告适用{get_format(v).document}" for v in older]
    return f"{FORMAT_NAME}（{'；'.join(parts)}）"


# 《政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号；2019、2020年度报告适用…60号）
FORMAT_BASIS = _format_basis()
