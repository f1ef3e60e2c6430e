"""Sum reports' tables into one: the totals of a government over its departments.

Every kind of cell adds: counts, 本年增/减 (signed counts), 现行有效 (a stock: the government's
documents in force are its departments' together) and amounts (as `Decimal`, exactly). A cell
blank in any input is blank in the sum — never treated as 0 — and is named in the result's
diagnostics with the inputs that left it blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.diagnostics import Diagnostic
from gongkai.format import get_format
from gongkai.model import CellValue, Report

DEFAULT_AGENCY = "汇总"
_NAMED = 10  # inputs named in a blank cell's diagnostic; `RollupResult.blank` has them all


class RollupError(ValueError):
    """The inputs cannot be summed (none given, several years or format versions)."""


@dataclass
class RollupResult:
    report: Report
    sources: list[str] = field(default_factory=list)
    # key → the inputs (source or agency) whose cell was blank
    blank: dict[str, list[str]] = field(default_factory=dict)


def _name(report: Report, index: int) -> str:
    return report.source or report.agency or f"第{index + 1}份报告"


def _common(reports: Sequence[Report], attribute: str, what: str) -> object:
    values: dict[object, list[str]] = {}
    for i, r in enumerate(reports):
        values.setdefault(getattr(r, attribute), []).append(_name(r, i))
    if len(values) > 1:
        listing = "；".join(f"{v if v is not None else '未知'}：{'、'.join(names[:3])}"
                            f"{'等' if len(names) > 3 else ''}" for v, names in values.items())
        raise RollupError(f"不能汇总不同{what}的报告（{listing}），请按{what}分别汇总")
    return next(iter(values))


def add(values: Sequence[CellValue], kind: str) -> CellValue:
    """The sum of one cell over the inputs; None when any input is None."""
    if any(v is None for v in values):
        return None
    if kind == "amount_10k_yuan":
        return sum((Decimal(v) for v in values), Decimal(0))  # type: ignore[arg-type]
    total = sum(values, 0)  # type: ignore[arg-type]
    return total


def rollup(reports: Sequence[Report], agency: str | None = None,
           year: int | None = None) -> RollupResult:
    """The reports summed cell by cell into one report of `agency`."""
    if not reports:
        raise RollupError("没有可汇总的报告")
    the_year = _common(reports, "year", "年度")
    if year is not None and the_year != year:
        raise RollupError(f"报告年度为 {the_year}，与指定的 --year {year} 不符")
    version = str(_common(reports, "format", "格式版本"))
    spec = get_format(version)
    cells: dict[str, CellValue] = {}
    blank: dict[str, list[str]] = {}
    for key in spec.keys:
        values = [r.cells.get(key) for r in reports]
        cells[key] = add(values, spec.kind(key))
        if cells[key] is None:
            blank[key] = [_name(r, i) for i, r in enumerate(reports) if r.cells.get(key) is None]
    report = Report(format=version, agency=agency or DEFAULT_AGENCY,
                    year=the_year, cells=cells)  # type: ignore[arg-type]
    sources = [_name(r, i) for i, r in enumerate(reports)]
    report.source = f"汇总（{len(reports)} 份报告）"
    for key, names in blank.items():
        report.diagnostics.append(Diagnostic("G002", _blank_message(spec.cells[key].label, names),
                                             [key]))
    return RollupResult(report, sources, blank)


def _blank_message(label: str, names: list[str]) -> str:
    shown = "、".join(names[:_NAMED])
    more = f"等 {len(names)} 份报告（全部见 rollup.blank_cells）" if len(names) > _NAMED else ""
    return f"汇总结果为空：{shown}{more}的“{label}”为空，不按 0 计算"
