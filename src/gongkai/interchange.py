"""The interchange JSON of shared/format/README.md, to and from the report model."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from gongkai.diagnostics import Diagnostic, ReadError
from gongkai.format.spec import get_format
from gongkai.model import CellValue, Metadata, Provenance, Report, Section

# What no text of a report may hold: C0 control characters other than tab, line feed and
# carriage return (NUL above all: PostgreSQL stores it neither in text nor in jsonb), and lone
# UTF-16 surrogates (not characters at all: they cannot be written as UTF-8).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

# A metadata, section, provenance or diagnostic entry of the wrong shape: an unknown field, or
# a value of the wrong type.
STRUCTURE = "交换格式 JSON 中有无法识别的字段或数值"

T = TypeVar("T")


def _number(value: CellValue) -> int | float | None:
    """A cell as a JSON number: integral amounts as integers, others as exact short decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell(key: str, value: Any, kind: str) -> CellValue:
    """A JSON cell value → the model's: int for whole counts, Decimal for amounts and for any
    fractional count (kept as printed, so the checker can name it, never rounded away)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ReadError("R010", f"单元格 {key} 的值 {value!r} 不是数字")
    number = Decimal(str(value))
    if not number.is_finite():
        raise ReadError("R010", f"单元格 {key} 的值 {value!r} 不是有限的数字")
    if kind == "amount_10k_yuan" or number != number.to_integral_value():
        return number
    return int(number)


def to_dict(report: Report) -> dict[str, Any]:
    spec = get_format(report.format)
    return {
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "cells": {key: _number(report.cells.get(key)) for key in spec.keys},
        "source": report.source,
        "metadata": report.metadata.to_dict(),
        "preamble": report.preamble,
        "sections": {
            sid: {"heading": s.heading, "text": s.text} for sid, s in report.sections.items()
        },
        "provenance": {k: p.to_dict() for k, p in report.provenance.items()},
        "diagnostics": [d.to_dict() for d in report.diagnostics],
    }


def _check_texts(value: Any, where: str) -> None:
    """`ReadError` R010 for the first text (a value or a key, at any depth) holding a
    character of `_FORBIDDEN`; `where` names its place ("sections.s1.text")."""
    if isinstance(value, str):
        found = _FORBIDDEN.search(value)
        if found:
            code = ord(found.group())
            what = ("无效的 Unicode 代理字符" if code >= 0xD800
                    else "控制字符（文本中除制表符、换行和回车外不能有控制字符）")
            raise ReadError("R010", f"交换格式 JSON 无效：{where or '对象'} 中含有 "
                                    f"U+{code:04X}，这是{what}")
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{key}" if where else str(key)
            _check_texts(key, f"{where} 的键名" if where else "键名")
            _check_texts(item, place)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_texts(item, f"{where}[{i}]")


def from_dict(data: dict[str, Any]) -> Report:
    """An interchange object (as written by `to_dict`, or the minimal form) → Report.

    Every structural fault is a `ReadError` R010 with a Chinese message: an object that is not
    one, an unknown format version, unknown cell keys, a cell that is not a finite number, a
    missing field, an unknown field or a value of the wrong type in metadata, sections,
    provenance or diagnostics; and any text in it (agency, sections, metadata, provenance,
    diagnostics, keys) holding a control character other than tab, line feed and carriage
    return, or a lone surrogate (such a report could be checked but not stored)."""
    if not isinstance(data, dict):
        raise ReadError("R010", "交换格式 JSON 须为对象（含 format、cells）")
    _check_texts(data, "")
    if "format" not in data:
        raise ReadError("R010", "交换格式 JSON 缺少字段“format”")
    try:
        spec = get_format(str(data["format"]))
    except KeyError as exc:  # the format module's own message, in Chinese
        raise ReadError("R010", f"交换格式 JSON 无效：{exc.args[0]}") from None
    given = data.get("cells", {})
    if not isinstance(given, dict):
        raise ReadError("R010", "交换格式 JSON 无效：cells 须为对象（单元格键名 → 数字或 null）")
    unknown = sorted(set(given) - set(spec.keys))
    if unknown:
        raise ReadError("R010", f"交换格式 JSON 无效：{spec.version} 版格式中没有这些单元格键名："
                                f"{'、'.join(unknown[:5])}")
    cells = {key: _cell(key, given.get(key), spec.kind(key)) for key in spec.keys}
    return Report(
        format=spec.version,
        agency=data.get("agency"),
        year=data.get("year"),
        cells=cells,
        provenance=_part(data, "provenance", _provenance),
        sections=_part(data, "sections", _sections),
        preamble=data.get("preamble", ""),
        metadata=_part(data, "metadata", _metadata),
        diagnostics=_part(data, "diagnostics", _diagnostics),
        source=data.get("source"),
    )


def _part(data: dict[str, Any], name: str, build: Callable[[Any], T]) -> T:
    """`build(data[name])` (an empty object or list when absent); a wrong shape is R010 with
    `part=name` in its location."""
    value = data.get(name, [] if name == "diagnostics" else {})
    try:
        return build(value)
    except KeyError as exc:
        raise ReadError("R010", f"交换格式 JSON 缺少字段“{exc.args[0]}”", part=name) from None
    except (TypeError, AttributeError, ValueError, InvalidOperation):
        raise ReadError("R010", STRUCTURE, part=name) from None


def _provenance(value: dict[str, Any]) -> dict[str, Provenance]:
    return {k: Provenance(**{**p, "bbox": tuple(p["bbox"]) if p.get("bbox") else None,
                             "table_cell": tuple(p["table_cell"]) if p.get("table_cell")
                             else None})
            for k, p in value.items()}


def _sections(value: dict[str, Any]) -> dict[str, Section]:
    return {sid: Section(sid, s["heading"], s["text"]) for sid, s in value.items()}


def _metadata(value: dict[str, Any]) -> Metadata:
    period = value.get("statistics_period")
    return Metadata(**{**value, "statistics_period": tuple(period) if period else None})


def _diagnostics(value: list[dict[str, Any]]) -> list[Diagnostic]:
    return [Diagnostic(d["code"], d["message"], d.get("keys", []), d.get("location", {}))
            for d in value]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_number)


def loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)
