"""An interchange object sent to the API → the library's report model, every fault a Chinese
message (a `ValidationError` on the field `data`); nothing is saved before this passes.

A report stored for an agency names that agency: `report_model(data, agency)` sets the model's
agency to the target agency's name whatever `data.agency` says (exports, roll-ups and the
editor read the agency from the stored object)."""

from __future__ import annotations

import logging
from decimal import InvalidOperation
from typing import Any

from rest_framework.exceptions import ValidationError

from gongkai import interchange
from gongkai.diagnostics import ReadError
from gongkai.format.spec import versions
from gongkai.model import Report as ReportModel
from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR

log = logging.getLogger(__name__)

STRUCTURE = ("交换格式对象的结构无效：metadata、provenance、sections 或 diagnostics 中有不认识的"
             "字段或类型不对的值（请以 gongkai read 输出的 JSON 为准）")


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
    except ReadError as exc:  # a forbidden character in a text: Chinese, naming the place
        raise _refuse(exc.diagnostic.message, field) from None
    except KeyError as exc:
        text = str(exc.args[0]) if exc.args else ""
        message = text if not text.isascii() else f"交换格式对象缺少字段“{text}”"
        raise _refuse(message, field) from None
    except ValueError as exc:  # a cell that is not a number: the message is Chinese already
        if str(exc).isascii():  # not ours: a fixed message, the detail in the log
            log.info("interchange object refused", exc_info=True)
            raise _refuse(STRUCTURE, field) from None
        raise _refuse(str(exc), field) from None
    except (TypeError, AttributeError, InvalidOperation):
        log.info("interchange object refused", exc_info=True)
        raise _refuse(STRUCTURE, field) from None
