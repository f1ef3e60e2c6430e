"""The year's tables computed from a register, as interchange data.

Table 三 for year Y:
- 一、本年新收: applications received in Y;
- 二、上年结转: applications received before Y and still open on 1 January of Y;
- 三、办理结果: applications closed in Y, each under its one outcome row; （七）总计 their sum;
- 四、结转下年度继续办理: applications still open at the end of 31 December of Y.
Every application received by the end of Y and open at the start of Y is closed in Y or open at
its end, so 一 + 二 = （七）+ 四 holds by construction, and Y's 四 is Y+1's 二.

Table 四: the cases filed in Y, each under its result as known at the end of Y (尚未审结 when it
was decided later). Table 二: documents issued and repealed in Y and in force at its end, and the
yearly figures; what the register does not record stays null and is named (G001). In the
2019 format, （六）其他处理 is one row: the sum of the 2021 rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai import interchange
from gongkai.diagnostics import Diagnostic
from gongkai.format.spec import FormatSpec, get_format, version_for_year
from gongkai.model import CellValue, Report
from gongkai.register.model import YEARLY_KEYS, DocumentKind, Register, stock_counts


def _row_key(spec: FormatSpec, row: str, column: str) -> str:
    """The key of an outcome row in `spec`'s table 三: a row the format does not print (the
    2019 format has （六）其他处理 as one row) counts under its parent row."""
    key = f"t3.{row}.{column}"
    if key not in spec.cells:
        key = f"t3.{row.split('.')[0]}.{column}"
    return key


def _table_three(register: Register, year: int, spec: FormatSpec, cells: dict) -> None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    for key in cells:
        if key.startswith("t3."):
            cells[key] = 0
    for app in register.applications:
        column = app.applicant_type
        rows: list[str] = []
        if first <= app.received <= last:
            rows.append("new_received")
        elif app.received < first and app.open_on(first - date.resolution):
            rows.append("carried_over")
        else:
            continue
        closed = app.closed_on
        if closed is not None and closed <= last:
            rows.append("total_processed")
            rows.append(app.outcome)  # type: ignore[arg-type]
        else:
            rows.append("carried_forward")
        for row in rows:
            for col in (column, "total"):
                cells[_row_key(spec, row, col)] += 1


def _table_four(register: Register, year: int, cells: dict) -> None:
    last = date(year, 12, 31)
    for key in cells:
        if key.startswith("t4."):
            cells[key] = 0
    for case in register.cases:
        if case.filed.year != year:
            continue
        result = case.result_at(last)
        cells[f"t4.{case.kind.value}.{result.value}"] += 1
        cells[f"t4.{case.kind.value}.total"] += 1


def _table_two(register: Register, year: int, spec: FormatSpec, cells: dict) -> None:
    """Fill what the register knows of table 二; every other cell stays None."""
    for stem in spec.stock_rows():  # 2021: 本年制发, 本年废止, 现行有效 of each document kind
        kind = DocumentKind(stem.removeprefix("t2."))
        counts = stock_counts(((d.issued, d.repealed) for d in register.documents
                               if d.kind is kind), year)
        for column, count in counts.items():
            cells[f"{stem}.{column}"] = count
    for kind in DocumentKind:
        # 2019: 本年新制作数量 is the documents issued in the year. 本年新公开数量 and
        # 对外公开总数量 count publications, which the register does not hold: left blank.
        made = f"t2.{kind.value}.made"
        if made in spec.cells:
            cells[made] = sum(1 for d in register.documents
                              if d.kind is kind and d.issued.year == year)
    figures = register.yearly.get(year)
    for field, key in YEARLY_KEYS.items():
        if key in spec.cells:
            cells[key] = getattr(figures, field) if figures is not None else None


def _unknown_cells(register: Register, year: int, spec: FormatSpec,
                   cells: dict) -> Diagnostic | None:
    """G001 naming the cells of table 二 the register does not give (left None)."""
    unknown = [key for key in spec.tables["二"].keys if cells[key] is None]
    if not unknown:
        return None
    labels = "；".join(spec.cells[key].label for key in unknown)
    why = "" if year in register.yearly else f"（台账中没有 {year} 年的年度数据）"
    return Diagnostic("G001", f"台账中没有这些单元格的数据{why}，请在报告中手工填写：{labels}",
                      unknown)


def year_tables(register: Register, year: int) -> dict[str, Any]:
    """The interchange object of `register`'s tables for `year` (format by year).

    Cells of table 二 the register does not record — a year without yearly figures, a blank
    yearly figure, and in the 2019 format 项目数量, 本年新公开数量, 对外公开总数量 and 政府集中采购
    — are null and named in a G001 diagnostic. The register cannot tell a year without
    documents from documents never imported: the document counts are then 0."""
    version = version_for_year(year)
    spec = get_format(version)
    cells: dict[str, CellValue] = dict.fromkeys(spec.keys)
    _table_three(register, year, spec, cells)
    _table_four(register, year, cells)
    _table_two(register, year, spec, cells)
    report = Report(version, register.agency, year, cells, source="register")
    diagnostic = _unknown_cells(register, year, spec, cells)
    if diagnostic is not None:
        report.diagnostics.append(diagnostic)
    return interchange.to_dict(report)
