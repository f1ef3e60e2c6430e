"""The report editor's forms: every cell of the three tables, the six sections' text, the
statistics period and contact details; and the form that starts a year's report.

Field names (also the HTML ids): `cell-<key>` for a cell, `section-<id>` for a section's text,
`meta-<name>` for metadata. A blank cell is None (the checker names blank cells); counts are
non-negative whole numbers, 本年增/减 (2019 format) a whole number that may be negative, amounts
a number of 万元 with at most six decimals.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.format.spec import CellKind, FormatSpec
from gongkai.model import CellValue, Report
from gongkai.web.reports.editing import CONTACT_FIELDS, Edits
from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR
from gongkai.write.layout import figure_text

CELL, SECTION, META = "cell-", "section-", "meta-"
MAX_TEXT = 20000  # characters of one section
_LARGEST = Decimal(10) ** 12
_AMOUNT_PLACES = 6
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234 or 12,345.5
_WHOLE = re.compile(r"^\d+$")
_SIGNED = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CONTACT_LABELS = {"publication_url": "发布网址", "address": "联系地址", "postcode": "邮政编码",
                   "phone": "联系电话", "email": "电子邮箱"}


# The metadata fields of the editor, in the order shown.
META_FIELDS = ("period_start", "period_end", *CONTACT_FIELDS)


class FigureError(ValueError):
    """A cell's text is not a figure of its kind; the message is Chinese, for the clerk."""


def _number_text(text: str) -> str:
    """Full-width digits and signs made ASCII, spaces dropped, thousands separators removed
    (only where they group digits by three)."""
    plain = unicodedata.normalize("NFKC", text).replace(" ", "").replace("－", "-")
    return plain.replace(",", "") if _GROUPED.match(plain) else plain


def parse_figure(text: str, kind: CellKind) -> CellValue:
    """A cell's text → its value (None for blank); `FigureError` in Chinese otherwise."""
    plain = _number_text(text or "")
    if not plain:
        return None
    if kind == "amount_10k_yuan":
        if not _DECIMAL.match(plain):
            raise FigureError(f"“{text}”不是金额：请以万元为单位填写数字，如 12.5")
        amount = Decimal(plain)
        if amount < 0:
            raise FigureError("金额不能为负数")
        if amount >= _LARGEST:
            raise FigureError("金额过大，请核对单位（万元）")
        exponent = amount.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > _AMOUNT_PLACES:
            raise FigureError("金额最多保留六位小数（单位：万元）")
        return amount
    if kind == "signed_count":
        if not _SIGNED.match(plain):
            raise FigureError(f"“{text}”不是整数：请填写增减的件数，减少时填负数，如 -3")
        value = int(plain)
    else:
        if _DECIMAL.match(plain) and not _WHOLE.match(plain.lstrip("+")):
            number = Decimal(plain)
            raise FigureError("件数不能为负数" if number < 0 else "件数须为整数")
        if not _WHOLE.match(plain.lstrip("+")):
            raise FigureError(f"“{text}”不是件数：请填写非负整数，如 12；没有发生的填 0")
        value = int(plain)
    if abs(value) >= _LARGEST:
        raise FigureError("数字过大，请核对")
    return value


class FigureField(forms.CharField):
    """One cell of a statutory table."""

    def __init__(self, kind: CellKind, label: str) -> None:
        super().__init__(required=False, max_length=40, strip=True, label=label)
        self.kind = kind

    def clean(self, value: Any) -> CellValue:
        text = super().clean(value)
        try:
            return parse_figure(text, self.kind)
        except FigureError as exc:
            raise forms.ValidationError(str(exc), code="figure") from None


class ReportForm(forms.Form):
    """The editor: every cell, every section, the statistics period and contact details."""

    def __init__(self, spec: FormatSpec, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.spec = spec
        for key, cell in spec.cells.items():
            self.fields[CELL + key] = FigureField(cell.kind, f"表{cell.table} {cell.label}")
        for section in spec.sections:
            self.fields[SECTION + section.id] = forms.CharField(
                required=False, strip=True, max_length=MAX_TEXT, label=section.title,
                widget=forms.Textarea(attrs={"rows": 8}))
        for name, label in (("period_start", "统计期限起"), ("period_end", "统计期限止")):
            self.fields[META + name] = forms.DateField(
                required=False, label=label,
                error_messages={"invalid": "日期的写法应为 2025-01-01"})
        for name in CONTACT_FIELDS:
            kind = forms.EmailField if name == "email" else forms.CharField
            self.fields[META + name] = kind(required=False, max_length=300,
                                            label=_CONTACT_LABELS[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get(META + "period_start"), data.get(META + "period_end")
        if (start is None) != (end is None) and not self.has_error(META + "period_start") \
                and not self.has_error(META + "period_end"):
            self.add_error(META + "period_end" if start else META + "period_start",
                           "统计期限的起止日期须同时填写（或都不填）")
        elif start and end and start > end:
            self.add_error(META + "period_end", "统计期限的结束日期早于开始日期")
        return data

    def edits(self) -> Edits:
        """The cleaned form as the editor's edits (call after `is_valid()`). A field the post
        does not carry at all (not even empty) is left out, so the report keeps its value:
        a post of only some fields changes only those."""
        data, sent = self.cleaned_data, set(self.data)
        cells = {key: data.get(CELL + key) for key in self.spec.keys if CELL + key in sent}
        texts = {s.id: _lines(data.get(SECTION + s.id, "")) for s in self.spec.sections
                 if SECTION + s.id in sent}
        edits = Edits(cells=cells, texts=texts,
                      contact={name: data.get(META + name) or None for name in CONTACT_FIELDS
                               if META + name in sent})
        if {META + "period_start", META + "period_end"} <= sent:
            start: date | None = data.get(META + "period_start")
            end: date | None = data.get(META + "period_end")
            edits.period = (start.isoformat(), end.isoformat()) if start and end else None
            edits.period_given = True
        return edits

    def cell_errors(self) -> dict[str, str]:
        """Field name → its first error, for every field in error."""
        return {name: str(errors[0]) for name, errors in self.errors.items()
                if name != "__all__"}


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def initial(report: Report) -> dict[str, Any]:
    """The editor's initial values from a report model."""
    spec_keys = list(report.cells)
    values: dict[str, Any] = {CELL + key: figure_text(report.cells[key]) for key in spec_keys}
    values |= {SECTION + sid: s.text for sid, s in report.sections.items()}
    period = report.metadata.statistics_period
    if period:
        values[META + "period_start"], values[META + "period_end"] = period
    values |= {META + name: getattr(report.metadata, name) or "" for name in CONTACT_FIELDS}
    return values


def last_year() -> int:
    return timezone.localdate().year - 1


class NewReportForm(forms.Form):
    """新建年度报告: the year, and whether the figures come from the register."""

    year = forms.IntegerField(label="年度", error_messages={
        "required": "请填写年度", "invalid": "年度须为四位数字，如 2025"})
    source = forms.ChoiceField(label="数字来源", initial="register", choices=[
        ("register", "由依申请公开台账计算"), ("blank", "空白，手工填写")],
        widget=forms.RadioSelect, error_messages={"required": "请选择数字来源",
                                                  "invalid_choice": "请选择数字来源"})

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        latest = min(timezone.localdate().year, LAST_YEAR)
        if not FIRST_YEAR <= year <= latest:
            raise forms.ValidationError(
                f"年度须在 {FIRST_YEAR} 年至 {latest} 年之间（工作台按 {FIRST_YEAR} 年度起"
                "适用的法定格式编写报告）")
        return year
