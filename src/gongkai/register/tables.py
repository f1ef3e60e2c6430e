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
yearly figures. In the 2019 format, （六）其他处理 is one row: the sum of the 2021 rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.format.spec import get_format, version_for_year
from gongkai.model import CellValue
from gongkai.register.model import DocumentKind, Register, YearlyFigures


def _row_key(version: str, row: str, column: str) -> str:
    """The key of an outcome row in `version`: 2019 has （六）其他处理 as one row."""
    key = f"t3.{row}.{column}"
    if version == "2019" and row.startswith("other_handling."):
        key = f"t3.other_handling.{column}"
    return key


def _table_three(register: Register, year: int, version: str, cells: dict) -> None:
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
                cells[_row_key(version, row, col)] += 1


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


def _table_two(register: Register, year: int, version: str, cells: dict) -> list[str]:
    """Fill table 二; returns the keys the register cannot know (left None)."""
    last = date(year, 12, 31)
    figures = register.yearly.get(year, YearlyFigures(year))
    unknown: list[str] = []
    for kind in DocumentKind:
        docs = [d for d in register.documents if d.kind is kind]
        issued = sum(1 for d in docs if d.issued.year == year)
        in_force = sum(1 for d in docs if d.in_force_on(last))
        if version == "2021":
            cells[f"t2.{kind.value}.issued"] = issued
            cells[f"t2.{kind.value}.repealed"] = sum(
                1 for d in docs if d.repealed and d.repealed.year == year)
            cells[f"t2.{kind.value}.in_force"] = in_force
        else:  # 2019: 本年新制作, 本年新公开 (published when issued), 对外公开总数量
            cells[f"t2.{kind.value}.made"] = issued
            cells[f"t2.{kind.value}.published"] = issued
            cells[f"t2.{kind.value}.total_published"] = in_force
    cells["t2.licensing.decisions"] = figures.licensing_decisions
    cells["t2.penalty.decisions"] = figures.penalty_decisions
    cells["t2.coercion.decisions"] = figures.coercion_decisions
    if version == "2021":
        cells["t2.fees.amount"] = Decimal(figures.fees_10k_yuan)
    for key, value in cells.items():
        if key.startswith("t2.") and value is None:
            unknown.append(key)
    return unknown


def year_tables(register: Register, year: int) -> dict[str, Any]:
    """The interchange object of `register`'s tables for `year` (format by year).

    Cells of the 2019 format's table 二 that no register records (项目数量, 政府集中采购) are
    null and named in `diagnostics`."""
    version = version_for_year(year)
    spec = get_format(version)
    cells: dict[str, CellValue] = dict.fromkeys(spec.keys)
    _table_three(register, year, version, cells)
    _table_four(register, year, cells)
    unknown = _table_two(register, year, version, cells)
    diagnostics = []
    if unknown:
        diagnostics.append({
            "code": "G001", "severity": "warning",
            "message": "台账中没有这些单元格的数据，请在报告中手工填写",
            "keys": unknown,
        })
    return {"format": version, "agency": register.agency, "year": year, "cells": cells,
            "source": "register", "register_diagnostics": diagnostics}
