"""Cell values of a register file → domain values. Every failure is a `ValueError` whose message
is the Chinese reason shown to the clerk."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from gongkai.format.normalize import bare_label, nfkc, norm_label
from gongkai.format.spec import get_format, label_variants
from gongkai.register.io.layout import (
    DATE_SEPARATORS,
    LIST_SEPARATORS,
    case_kind_labels,
    case_result_labels,
    document_kind_labels,
    outcome_example,
    results_heading,
)
from gongkai.register.model import (
    REGISTER_FORMAT,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    applicant_types,
    outcomes,
)

_FIRST_YEAR, _LAST_YEAR = 1990, 2100
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Every spelling of a date a cell may hold (one day, 2024-03-05), besides an Excel date cell:
# the documentation lists them all; a wrong date's hint names the first three, the usual ones.
DATE_FORMS = ("2024-03-05", "2024/3/5", "2024年3月5日", "2024.3.5", "20240305")
DATE_HINT = f"应写作 {'、'.join(DATE_FORMS[:2])} 或 {DATE_FORMS[2]}"
_DATETIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<h>\d{1,2})\s*(?:"
    r":\s*(?P<m>\d{1,2})(?:\s*:\s*(?P<s>\d{1,2})(?:\.(?P<f>\d{1,6}))?)?"  # 14:30:05.5
    r"|[时点](?:\s*(?P<m2>\d{1,2})\s*分?(?:\s*(?P<s2>\d{1,2})\s*秒)?)?"  # 14时30分5秒
    r"))?"
)
DATETIME_HINT = "应写作 2024-03-05 14:30、2024/3/5 14:30:05 或 2024年3月5日14时30分（也可只写日期）"


def text(value: Any) -> str:
    """A cell as text: numbers without a spurious “.0”, surrounding white space removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return text(value) == ""


def _checked(year: int, month: int, day: int, shown: str) -> date:
    try:
        out = date(year, month, day)
    except ValueError:
        raise ValueError(f"“{shown}”不是有效的日期") from None
    if not _FIRST_YEAR <= out.year <= _LAST_YEAR:
        raise ValueError(f"“{shown}”的年份不合理")
    return out


def parse_date(value: Any) -> date:
    """A date in any of `DATE_FORMS`, or an Excel date cell."""
    if isinstance(value, datetime):
        return _checked(value.year, value.month, value.day, text(value))
    if isinstance(value, date):
        return _checked(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            number = str(int(value))
            return _checked(int(number[:4]), int(number[4:6]), int(number[6:]), number)
        if 1 <= value < 80000:  # an Excel serial day number (a date cell without its format)
            return _checked(*(_EXCEL_EPOCH + timedelta(days=int(value))).timetuple()[:3],
                            text(value))
        raise ValueError(f"“{text(value)}”不是日期，{DATE_HINT}")
    shown = text(value)
    plain = nfkc(shown).strip()
    for pattern in (_DATE, _COMPACT_DATE):
        m = pattern.fullmatch(plain)
        if m:
            return _checked(int(m[1]), int(m[2]), int(m[3]), shown)
    raise ValueError(f"“{shown}”不是日期，{DATE_HINT}")


def parse_datetime(value: Any) -> datetime:
    """A date with an optional time of day (00:00 when there is none): 2024-03-05 14:30,
    2024/3/5 14:30:05, 2024年3月5日14时30分, an Excel date-time cell, or any `parse_date`
    spelling."""
    if isinstance(value, datetime):
        _checked(value.year, value.month, value.day, text(value))
        return value
    if isinstance(value, float) and not value.is_integer() and 1 <= value < 80000:
        # an Excel serial date-time, to the millisecond (what a workbook keeps)
        moment = datetime(1899, 12, 30) + timedelta(milliseconds=round(value * 86_400_000))
        _checked(moment.year, moment.month, moment.day, text(value))
        return moment
    if not isinstance(value, str):
        return datetime.combine(parse_date(value), datetime.min.time())
    shown = text(value)
    m = _DATETIME.fullmatch(nfkc(shown).strip())
    if m is None:
        if _COMPACT_DATE.fullmatch(nfkc(shown).strip()):
            return datetime.combine(parse_date(shown), datetime.min.time())
        raise ValueError(f"“{shown}”不是日期时间，{DATETIME_HINT}")
    day = _checked(int(m[1]), int(m[2]), int(m[3]), shown)
    hour, minute, second = (int(g) if g else 0 for g in (
        m["h"], m["m"] or m["m2"], m["s"] or m["s2"]))
    fraction = int((m["f"] or "0").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"“{shown}”不是有效的时间")
    return datetime(day.year, day.month, day.day, hour, minute, second, fraction)


def datetime_text(moment: datetime) -> str:
    """2024-03-05 14:30, with seconds (and their fraction) only when there are any."""
    if moment.second == 0 and moment.microsecond == 0:
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.isoformat(sep=" ")


_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "×", "✗"}


def parse_yes_no(value: Any) -> bool:
    """是 or 否 (also Y/N, TRUE/FALSE, an Excel boolean cell)."""
    if isinstance(value, bool):
        return value
    shown = text(value)
    plain = nfkc(shown).strip().lower()
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    raise ValueError(f"“{shown}”应为“是”或“否”")


def parse_ordinal(value: Any) -> int:
    """A record's number: a whole number from 1."""
    try:
        number = parse_count(value)
    except ValueError:
        raise ValueError(f"“{text(value)}”不是编号（应为 1、2、3……）") from None
    if number < 1:
        raise ValueError(f"“{text(value)}”不是编号（应为 1、2、3……）")
    return number


def parse_texts(value: Any) -> list[str]:
    """Several texts in one cell, separated by any of `ACCEPTED_SEPARATORS`."""
    return [p.strip() for p in LIST_SEPARATORS.split(text(value)) if p.strip()]


def parse_dates(value: Any) -> list[date]:
    """One or more dates; in text they are separated by any of `ACCEPTED_SEPARATORS`."""
    if not isinstance(value, str):
        return [] if value is None else [parse_date(value)]
    return [parse_date(p) for p in DATE_SEPARATORS.split(value) if p.strip()]


def _decimal(value: Any, unit: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是金额")
    if isinstance(value, float):
        number = Decimal(repr(round(value, 9)))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        shown = text(value)
        plain = nfkc(shown).replace(",", "").replace(" ", "").removesuffix(unit)
        try:
            number = Decimal(plain)
        except InvalidOperation:
            raise ValueError(f"“{shown}”不是金额") from None
    if not number.is_finite():
        raise ValueError(f"“{text(value)}”不是金额")
    if number < 0:
        raise ValueError(f"“{text(value)}”为负数")
    return number


def parse_amount(value: Any, unit: str, places: int) -> Decimal:
    """A non-negative amount in `unit` with at most `places` decimal places."""
    number = _decimal(value, unit)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValueError(f"“{text(value)}”的小数超过 {places} 位")
    return number


def parse_count(value: Any) -> int:
    """A non-negative whole number of items (a blank cell is not a count: callers read it as
    not recorded)."""
    shown = text(value)
    if isinstance(value, bool):
        raise ValueError(f"“{shown}”不是件数")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        try:
            number = Decimal(nfkc(shown).replace(",", "").replace(" ", "").removesuffix("件"))
        except InvalidOperation:
            raise ValueError(f"“{shown}”不是件数") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"“{shown}”不是整数件数")
    if number < 0:
        raise ValueError(f"“{shown}”为负数")
    return int(number)


def parse_year(value: Any) -> int:
    shown = text(value)
    plain = nfkc(shown).replace(" ", "").removesuffix("年度").removesuffix("年")
    if not re.fullmatch(r"\d{4}", plain) or not _FIRST_YEAR <= int(plain) <= _LAST_YEAR:
        raise ValueError(f"“{shown}”不是年份（应写作 2024）")
    return int(plain)


# ------------------------------------------------------------------------------- choices

_NUMBERING = re.compile(r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+\.)")
_NOTE = re.compile(r"\([^()]*\)$")


def _segment(text: str) -> str:
    """A label segment without its numbering or trailing note: “（二）部分公开（区分处理的…）”
    and “部分公开” give the same form."""
    text = _NUMBERING.sub("", norm_label(text))
    return _NOTE.sub("", text) or text


def _path(text: str) -> str:
    return "/".join(_segment(s) for s in nfkc(text).split("/") if s.strip())


class Choices:
    """Accepted spellings of one choice column → the values they stand for."""

    def __init__(self, name: str, labels: dict[Any, str], hint: str | None = None) -> None:
        self.name = name
        self.labels = labels
        # What a cell that names none of them is told; by default every label is listed.
        self.hint = hint or f"应为{'、'.join(f'“{label}”' for label in labels.values())}之一"
        self.forms: dict[str, set[Any]] = {}

    def add(self, form: str, *values: Any) -> None:
        self.forms.setdefault(_path(form), set()).update(values)

    def resolve(self, value: Any) -> Any:
        shown = text(value)
        found = self.forms.get(_path(shown), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            options = "、".join(f"“{self.labels[v]}”" for v in self.labels if v in found)
            raise ValueError(f"“{shown}”不明确，应为{options}之一")
        raise ValueError(f"“{shown}”无法识别，{self.hint}")


def labelled(name: str, labels: dict[Any, str], ids: dict[Any, str] | None = None,
             hint: str | None = None) -> Choices:
    """Choices accepting each label, and each value's id in `ids` (e.g. its English name)."""
    choices = Choices(name, labels, hint)
    for value, label in labels.items():
        choices.add(label, value)
        if ids:
            choices.add(ids[value], value)
    return choices


@cache
def channel_choices() -> Choices:
    choices = labelled("收到方式", {c: c.value for c in Channel}, {c: c.name for c in Channel})
    aliases = {
        Channel.in_person: ("当面申请", "当面提交", "现场", "现场申请", "窗口"),
        Channel.post: ("信函", "邮政", "邮寄申请", "信函申请"),
        Channel.online: ("网上", "网上申请", "网络申请", "在线", "在线申请", "互联网"),
        Channel.fax: ("传真申请",),
    }
    for channel, forms in aliases.items():
        for form in forms:
            choices.add(form, channel)
    return choices


@cache
def applicant_choices() -> Choices:
    labels = applicant_types()
    choices = labelled("申请人类型", labels, {k: k for k in labels})
    spec = get_format(REGISTER_FORMAT)
    for column in labels:  # 法人或其他组织/商业企业
        choices.add("/".join(spec.cells[f"t3.new_received.{column}"].column_path), column)
    for form in ("公民", "个人"):
        choices.add(form, "natural_person")
    return choices


@cache
def outcome_choices() -> Choices:
    """An outcome by its full label path, or by any segment that names it alone; a group
    (e.g. 不予公开) stands for all its rows, and is reported as ambiguous."""
    labels = outcomes()
    first = _segment(next(iter(labels.values())))
    heading = bare_label(results_heading())
    hint = (f"应为表三“{heading}”之一（如“{first}”“{outcome_example()[0]}”，"
            "全部写法见 docs/register.md）")  # twenty-one rows: too many to list
    choices = labelled("办理结果", labels, {k: k for k in labels}, hint)
    for outcome, label in labels.items():
        segments = label.split("/")
        choices.add(segments[-1], outcome)
        for n in range(1, len(segments)):
            choices.add("/".join(segments[:n]), outcome)
    return choices


@cache
def case_kind_choices() -> Choices:
    labels = case_kind_labels()
    choices = labelled("案件类型", labels, {k: k.value for k in CaseKind})
    spec = get_format(REGISTER_FORMAT)
    for kind in CaseKind:  # 行政诉讼/未经复议直接起诉, and 行政诉讼 alone for either
        path = spec.cells[f"t4.{kind.value}.total"].row_path
        for n in range(1, len(path) + 1):
            choices.add("/".join(path[:n]), kind)
    choices.add("直接起诉", CaseKind.litigation_direct)
    return choices


@cache
def case_result_choices() -> Choices:
    labels = case_result_labels()
    choices = labelled("案件结果", labels, {r: r.value for r in CaseResult})
    for result, label in labels.items():  # 结果维持 → 维持, 其他结果 → 其他
        short = label.removeprefix("结果").removesuffix("结果")
        if short != label:
            choices.add(short, result)
    return choices


@cache
def document_kind_choices() -> Choices:
    labels = document_kind_labels()
    choices = labelled("文件类型", labels, {k: k.value for k in DocumentKind})
    for kind, label in labels.items():  # 行政规范性文件 is also written 规范性文件 (2019 format)
        for form in label_variants(label):
            choices.add(form, kind)
    return choices
