"""What every builder shares: the report's front and back matter, and how a figure is printed.

The statutory labels all come from `gongkai.format`. Two header words of the printed tables
are not in the format data (yet), so they are named once here:
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from decimal import Decimal

from gongkai.format import FormatSpec, SectionDef, get_format
from gongkai.write.compose import TITLE_SUFFIX as _SUBJECT

# Stub header of every block of table 二, and the header over the applicant columns of table 三.
T2_STUB_HEADER = get_format("2021").tables["二"].headers[0]
T3_APPLICANT_HEADER = get_format("2021").tables["三"].headers[0]

# What follows the year in a report's title: 年政府信息公开工作年度报告.
TITLE_SUFFIX = f"年{_SUBJECT}"

_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ROADS = ("人民路", "中山路", "建设路", "解放路", "文化路", "迎宾大道", "长城街", "鼓楼东街")
_AREA_CODES = ("0951", "0952", "0953", "0954", "0955", "0931", "028", "0571")
_SITES = ("gov", "zwgk", "xxgk")


@dataclass(frozen=True)
class Contact:
    """The closing paragraph's details, derived deterministically from agency and year."""

    url: str
    address: str
    postcode: str
    phone: str
    email: str


def spec_of(report: dict) -> FormatSpec:
    return get_format(report["format"])


def contact(report: dict) -> Contact:
    rng = random.Random(zlib.crc32(f"{report['agency']}{report['year']}".encode()))
    letters = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(3, 6)))
    return Contact(
        url=f"http://www.{letters}.gov.cn/{rng.choice(_SITES)}/",
        address=f"{rng.choice(_ROADS)}{rng.randint(1, 299)}号{rng.randint(101, 620)}室",
        postcode=f"{rng.randint(71, 75)}{rng.randint(0, 9999):04d}",
        phone=f"{rng.choice(_AREA_CODES)}-{rng.randint(2000000, 8999999)}",
        email=f"{letters}{rng.randint(1, 99)}@163.com",
    )


def title(report: dict) -> str:
    return f"{report['agency']}{report['year']}{TITLE_SUFFIX}"


def statistics_period(report: dict) -> tuple[str, str]:
    """ISO dates of the statistics period the preamble states."""
    return f"{report['year']}-01-01", f"{report['year']}-12-31"


def preamble(report: dict) -> str:
    spec = spec_of(report)
    return (
        f"根据《中华人民共和国政府信息公开条例》和{spec.document}文件要求，{report['agency']}"
        f"编制本报告。本报告统计数据从 {report['year']} 年 1 月 1 日至 12 月 31 日。"
    )


def closing(report: dict) -> str:
    c = contact(report)
    return (
        f"本报告电子版可从{report['agency']}门户网站（{c.url}）下载。如有疑问和建议，请与"
        f"{report['agency']}办公室联系（地址：{c.address}；邮编：{c.postcode}；联系电话："
        f"{c.phone}；电子邮箱：{c.email}）。"
    )


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def section_blocks(report: dict, sections: dict[str, str]) -> list[tuple[SectionDef, list[str]]]:
    """The six sections in order, each with its narrative paragraphs."""
    return [(s, paragraphs(sections.get(s.id, ""))) for s in spec_of(report).sections]


def format_value(
    value: int | Decimal | None, kind: str, *, units: bool = False, fullwidth: bool = False
) -> str:
    """A figure as printed: amounts in 万元 as is, or in 元 with `units`; counts with 件."""
    if value is None:
        return ""
    if kind == "amount_10k_yuan":
        text = f"{_yuan(value)}元" if units else str(value)
    else:
        text = f"{value}件" if units else str(value)
    return text.translate(_FULLWIDTH_DIGITS) if fullwidth else text


def _yuan(amount: int | Decimal) -> str:
    yuan = Decimal(amount) * 10000
    return str(int(yuan)) if yuan == yuan.to_integral_value() else str(yuan.normalize())


def chunks(text: str, widths: int | list[int]) -> list[str]:
    """`text` cut into pieces of the given widths; the last width repeats."""
    sizes = [widths] if isinstance(widths, int) else list(widths)
    out: list[str] = []
    i = 0
    while i < len(text):
        size = sizes[min(len(out), len(sizes) - 1)]
        out.append(text[i:i + size])
        i += size
    return out
