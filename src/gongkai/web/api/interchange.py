"""An interchange object sent to the API → the library's report model, every fault a Chinese
message (a `ValidationError` on the field `data`); nothing is saved before this passes.

A report stored for an agency names that agency: `report_model(data, agency)` sets the model's
agency to the target agency's name whatever `data.agency` says (exports, roll-ups and the
editor read the agency from the stored object)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError

from gongkai import interchange
from gongkai.diagnostics import ReadError
from gongkai.format.spec import versions
from gongkai.model import Report as ReportModel
from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR


def _refuse(message: str, field: str) -> ValidationError:
    return ValidationError({field: [message]})


def report_model(data: Any, agency: str | None = None, field: str = "data") -> ReportModel:
    """`data` (the JSON of `gongkai read`, or its minimal form: format, year, cells) as a report
    model; `agency` (the agency the report is stored for) replaces any agency name `data`
    gives."""
    if not isinstance(data, dict):
        raise _refuse("报告须为交换格式的 JSON 对象（含 format、year、cells）", field)
    known = versions()
    if str(data.get("format")) not in known:
        raise _refuse(f"格式版本 format 须为 {'、'.join(known)} 之一，收到 {data.get('format')!r}",
                      field)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(f"年度 year 须为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的整数，收到 {year!r}",
                      field)
    if not isinstance(data.get("cells"), dict):
        raise _refuse("cells 须为对象：单元格键名 → 数字或 null", field)
    for name in ("sections", "metadata", "provenance"):
        if name in data and not isinstance(data[name], dict):
            raise _refuse(f"{name} 须为对象", field)
    if "diagnostics" in data and not isinstance(data["diagnostics"], list):
        raise _refuse("diagnostics 须为数组", field)
    if agency:
        data = {**data, "agency": agency}
    try:
        return interchange.from_dict(data)
    except ReadError as exc:  # every fault of the object, in Chinese
        raise _refuse(refusal(exc), field) from None


def refusal(error: ReadError) -> str:
    """The API's words for a fault `interchange.from_dict` found: its message, said to be a
    fault of the object's structure when it lies in one of its parts (metadata, …)."""
    found = error.diagnostic
    part = found.location.get("part")
    return f"交换格式对象的结构无效（{part}）：{found.message}" if part else found.message
