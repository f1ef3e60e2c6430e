"""Completeness: the six sections, the statistics period, the right format, the fee statement."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.check.basis import (
    FEE_MEASURES,
    FORMAT_NAME,
    REGULATION,
    documents_with,
    format_documents,
    years_of,
)
from gongkai.check.context import Context
from gongkai.check.registry import Finding, Rule, RuleDoc, rule
from gongkai.check.rules.narrative import FEE_UNPAID
from gongkai.format.spec import get_format, sections, version_for_year, versions
from gongkai.read.sections import heading_is_standard

_FEE = re.compile(r"信息处理费")
_SECTION = {s.id: s for s in sections()}
_OTHER, _PROBLEMS = _SECTION["other"], _SECTION["problems"]
_NEWEST, _OLDEST = versions()[0], versions()[-1]
_RECTIFIED = (
    # PREV stands for last year's number
    re.compile(r"(上年|上一年|去年|PREV年)[^。]{0,60}(问题|不足|短板|意见|建议)"
               r"[^。]{0,80}(整改|改进|解决|落实|完善)"),
    re.compile(r"(已|均已|全部|基本)(整改|改进|解决)"),
    re.compile(r"整改(情况|落实|完成|到位|成效)"),
    re.compile(r"(问题|不足)[^。]{0,20}(得到|已经|已)[^。]{0,6}(整改|改进|解决|改善)"),
)


@rule(
    "C1-101", "section-missing", "error", "completeness",
    title="缺少规定的部分",
    message="未找到第{numeral}部分“{heading}”",
    basis=f"{REGULATION}第五十条；{FORMAT_NAME}",
    doc=RuleDoc(
        checks=f"报告包含格式规定的{sections()[-1].numeral}个部分："
        f"{'；'.join(s.title for s in sections())}。常见的标题变体（如"
        f"“{_SECTION['overview'].variants[0]}”“{_PROBLEMS.variants[0]}”）也予认可。",
        why="条例第五十条规定了年度报告应当包括的内容，格式把它们固定为六个部分。",
        example="报告在表四之后直接结束，没有第五、第六部分。",
        fix="按格式补上缺少的部分；没有需要报告的事项时写“无”。",
    ),
)
def section_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for section in ctx.spec.sections:
        if section.id not in ctx.report.sections:
            yield rule_.finding(section=section.id, numeral=section.numeral,
                                heading=section.heading)


@rule(
    "C1-102", "heading-nonstandard", "notice", "completeness",
    title="部分标题与格式不一致",
    message="第{numeral}部分标题为“{printed}”，格式规定为“{heading}”",
    basis=FORMAT_NAME,
    doc=RuleDoc(
        checks="各部分标题使用格式规定的文字或常见的等义写法（编号后的空格、标题末尾的冒号不计）。与二者都不同、但仍能认出是哪一部分的标题，"
        "给出提示。",
        why="统一的标题便于公众查找和上级汇总比对。",
        example="第五部分标题写作“下一步工作打算”。",
        fix="使用格式规定的标题。",
    ),
)
def heading_nonstandard(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for section in ctx.spec.sections:
        found = ctx.report.sections.get(section.id)
        if found is None or not found.heading:
            continue
        if not heading_is_standard(section, found.heading):
            yield rule_.finding(section=section.id, numeral=section.numeral,
                                printed=found.heading.strip(), heading=section.title)


@rule(
    "C1-103", "period-missing", "warning", "completeness",
    title="未说明统计期限",
    message="报告未说明统计数据的起止日期（如“本报告统计数据期限为{year}年1月1日至12月31日”）",
    basis=f"{FORMAT_NAME}（报告应说明所列数据的统计期限）",
    doc=RuleDoc(
        checks="报告写明统计数据的起止日期。",
        why="统计期限决定了表中数字的口径；未写明则无法判断跨年申请如何计数。",
        example="开头只写“现将本机关年度报告公布如下”，没有统计期限。",
        fix="在开头加上“本报告中所列数据的统计期限自某年1月1日起至12月31日止”。",
    ),
)
def period_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    if ctx.report.metadata.statistics_period is None:
        yield rule_.finding(section="preamble", year=ctx.report.year or "本")


@rule(
    "C1-104", "period-year-mismatch", "warning", "completeness",
    title="统计期限与报告年度不一致",
    message="统计期限为 {start} 至 {end}，而报告年度为 {year} 年",
    basis=FORMAT_NAME,
    doc=RuleDoc(
        checks="写明的统计期限是报告年度的 1 月 1 日至 12 月 31 日。",
        why="年度报告统计的是一个完整自然年度；期限错误往往是沿用了上年的报告文字。",
        example="2023 年度报告写着“统计期限自2022年1月1日至2022年12月31日”。",
        fix="改为报告年度的起止日期，并核对表中数字是否也是本年度的。",
    ),
)
def period_year_mismatch(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    period, year = ctx.report.metadata.statistics_period, ctx.report.year
    if period and year and period != (f"{year}-01-01", f"{year}-12-31"):
        yield rule_.finding(section="preamble", start=period[0], end=period[1], year=year)


@rule(
    "C1-105", "format-version-mismatch", "error", "completeness",
    title="使用的表格格式与报告年度不符",
    message="{year} 年度报告应使用 {expected}，而报告使用的是 {used}",
    basis=format_documents(),
    doc=RuleDoc(
        checks="；".join(f"{years_of(v)}的报告使用{get_format(v).document}格式" for v in versions())
        + "。格式版本依据表头判断，而不是依据年份推定。",
        why="两版表二、表三的栏目不同，用错格式则数字无法与其他报告汇总比较。",
        example=f"{get_format(_NEWEST).first_year + 1} 年度报告的表二仍是"
        f"“{'、'.join(get_format(_OLDEST).markers[:3])}”。",
        fix="按报告年度适用的格式重新制表。",
    ),
)
def format_version_mismatch(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    year = ctx.report.year
    if year is None:
        return
    expected = version_for_year(year)
    if expected != ctx.report.format:
        yield rule_.finding(
            section="proactive", year=year,
            expected=get_format(expected).document, used=ctx.spec.document,
        )


@rule(
    "C1-106", "fee-statement-missing", "warning", "completeness", section=_OTHER.id,
    title=f"第{_OTHER.numeral}部分未说明信息处理费收取情况",
    message=f"第{_OTHER.numeral}部分“{_OTHER.heading}”未说明本年收取信息处理费的情况",
    basis=f"{documents_with((FEE_UNPAID,))}：第{_OTHER.numeral}部分应报告行政机关收取信息处理费的"
    f"情况；{FEE_MEASURES}",
    doc=RuleDoc(
        checks=f"{documents_with((FEE_UNPAID,))}格式的报告，第{_OTHER.numeral}部分写明本年度收取"
        "信息处理费的情况（收取了多少，或未收取）。",
        why=f"该格式要求在“{_OTHER.heading}”中报告信息处理费的收取情况"
        "（表三也有因逾期未缴费而不再处理的申请一行）。",
        example=f"第{_OTHER.numeral}部分只写了“无。”",
        fix=f"在第{_OTHER.numeral}部分写明，例如“本年度未收取信息处理费”或“本年度收取信息处理费N元”。",
    ),
)
def fee_statement_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    if FEE_UNPAID not in ctx.spec.cells:
        return  # a format that does not count fees asks for no fee statement
    prose = ctx.section_prose(_OTHER.id)
    if prose is not None and not _FEE.search(prose.text):
        yield rule_.finding()


@rule(
    "C1-107", "rectification-missing", "notice", "completeness", section=_PROBLEMS.id,
    title="未说明上年问题的整改情况",
    message=f"第{_PROBLEMS.numeral}部分未说明上一年度报告所列问题的整改情况",
    basis=f"{REGULATION}第五十条；{FORMAT_NAME}第{_PROBLEMS.numeral}部分“{_PROBLEMS.heading}”",
    doc=RuleDoc(
        checks=f"第{_PROBLEMS.numeral}部分除了列出本年的问题和下一步打算，还说明上一年度存在的问题改进得如何"
        "（如“针对上年度报告中指出的……问题，已……整改”）。",
        why="“改进情况”要求回应以往的问题；只写问题和打算、年年相同，是评估中常见的扣分项。",
        example=f"第{_PROBLEMS.numeral}部分只有“一是……有待加强；二是……。下一步，我局将……”。",
        fix="补写上一年度所列问题的整改措施和结果。",
    ),
)
def rectification_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    prose = ctx.section_prose(_PROBLEMS.id)
    if prose is None:
        return
    previous = str(ctx.report.year - 1) if ctx.report.year else "上"
    patterns = [re.compile(p.pattern.replace("PREV", previous)) for p in _RECTIFIED]
    if not any(p.search(prose.text) for p in patterns):
        yield rule_.finding()


@rule(
    "C1-108", "identity-missing", "warning", "completeness", section="preamble",
    title="未能确定发布机关或报告年度",
    message="未能从标题确定{what}",
    basis=f"{REGULATION}第四十九条、第五十条",
    doc=RuleDoc(
        checks="标题写明发布机关全称和报告年度，如“××市××局2023年政府信息公开工作年度报告”。",
        why="机关和年度是汇总、比对和归档报告的依据。",
        example="标题只写“政府信息公开工作年度报告”。",
        fix="使用“机关全称 + 年度 + 政府信息公开工作年度报告”的标题。",
    ),
)
def identity_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    missing = []
    if not ctx.report.agency:
        missing.append("发布机关")
    if ctx.report.year is None:
        missing.append("报告年度")
    if missing:
        yield rule_.finding(what="和".join(missing))
