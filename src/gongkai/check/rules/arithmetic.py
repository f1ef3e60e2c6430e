"""Table arithmetic: the relations the format states, blank cells, impossible figures."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.check.context import Context
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.format.spec import Relation, get_format

_TABLE_SECTION = {"二": "proactive", "三": "requests", "四": "reviews_lawsuits"}
# Reader diagnostics that mean a figure was printed but could not be read.
_UNREAD_CODES = {"R102", "R103", "R105", "R108"}
_FORMAT_BASIS = (f"《政府信息公开工作年度报告格式》（{get_format('2021').document}；"
                 f"2019、2020年度报告适用{get_format('2019').document}）")


def _side_label(ctx: Context, keys: tuple[str, ...], by_row: bool) -> str:
    """Labels of one side of a relation: row labels for a column relation, and vice versa."""
    parts = []
    for key in keys:
        cell = ctx.spec.cells[key]
        parts.append(cell.row_path[-1] if by_row else cell.column_path[-1])
    return " + ".join(parts)


def _scope_label(ctx: Context, relation: Relation) -> str:
    cell = ctx.spec.cells[relation.lhs[0]]
    if relation.table == "三" and relation.id == "t3-applicant-total":
        return f"“{cell.row_path[-1]}”行"
    if relation.table == "四":
        return f"“{'/'.join(cell.row_path)}”"
    return f"“{'/'.join(cell.column_path)}”列"


def _relation_findings(ctx: Context, rule_: Rule, relation_id: str) -> Iterator[Finding]:
    for relation in ctx.spec.relations:
        if relation.id != relation_id:
            continue
        values = [ctx.cell(k) for k in relation.lhs + relation.rhs]
        if any(v is None for v in values):
            continue  # blank or unread cells are findings of their own rules
        left = sum(ctx.cell(k) for k in relation.lhs)  # type: ignore[misc]
        right = sum(ctx.cell(k) for k in relation.rhs)  # type: ignore[misc]
        if left == right:
            continue
        by_row = relation.id != "t3-applicant-total" and relation.table == "三"
        formula = (f"{_side_label(ctx, relation.lhs, by_row)} = "
                   f"{_side_label(ctx, relation.rhs, by_row)}")
        evidence = Evidence(formula, left, right)
        yield rule_.finding(
            keys=relation.lhs + relation.rhs,
            section=_TABLE_SECTION[relation.table],
            evidence=evidence,
            scope=_scope_label(ctx, relation),
            formula=formula,
            left=left,
            right=right,
            difference=evidence.difference,
        )


_RELATION_MESSAGE = "{scope}：{formula} 不成立（左边 {left}，右边 {right}，相差 {difference}）"


@rule(
    "T3-101", "t3-balance", "error", "arithmetic", section="requests",
    title="表三勾稽关系不成立：一 + 二 ≠ 三（七）总计 + 四",
    message=_RELATION_MESSAGE,
    basis=f"{_FORMAT_BASIS}表三注：{get_format('2021').tables['三'].note}",
    doc=RuleDoc(
        checks="表三每一列（自然人、五类法人或其他组织、总计）中，“一、本年新收”与“二、上年结转”之和"
        "等于“三、本年度办理结果（七）总计”与“四、结转下年度继续办理”之和。",
        why="这是年报格式在表三上方明确写出的勾稽关系：本年可办理的申请，要么已办结，要么结转下年。"
        "不成立说明台账统计有遗漏或重复。",
        example="自然人列：本年新收 5、上年结转 1，（七）总计 4、结转下年度 1：5 + 1 ≠ 4 + 1。",
        fix="核对依申请公开台账：逐件确认办理结果与是否结转，重新汇总该列。",
    ),
)
def t3_balance(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _relation_findings(ctx, rule_, "t3-balance")


@rule(
    "T3-102", "t3-results-total", "error", "arithmetic", section="requests",
    title="表三（七）总计不等于（一）至（六）之和",
    message=_RELATION_MESSAGE,
    basis=f"{_FORMAT_BASIS}表三“三、本年度办理结果”",
    doc=RuleDoc(
        checks="表三每一列中，“（七）总计”等于（一）予以公开至（六）其他处理各行之和。",
        why="（七）总计是本年办结申请的合计，每件申请只计入一种办理结果（部分公开只计部分公开）。",
        example="总计列：予以公开 3、部分公开 1、无法提供 1，其余为 0，但（七）总计填了 4。",
        fix="逐行核对办理结果，使（七）总计等于各结果行之和；一件申请只能计入一个结果行。",
    ),
)
def t3_results_total(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _relation_findings(ctx, rule_, "t3-results-total")


@rule(
    "T3-103", "t3-applicant-total", "error", "arithmetic", section="requests",
    title="表三某行总计不等于各类申请人之和",
    message=_RELATION_MESSAGE,
    basis=f"{_FORMAT_BASIS}表三“申请人情况”",
    doc=RuleDoc(
        checks="表三每一行中，“总计”列等于自然人与商业企业、科研机构、社会公益组织、法律服务机构、"
        "其他五类法人或其他组织之和。",
        why="总计列是同一行各类申请人的合计；不等说明某一列漏填或总计算错。",
        example="“一、本年新收”行：自然人 2、商业企业 1，其他为 0，总计填了 2。",
        fix="重新汇总该行，或补上漏填的申请人类型。",
    ),
)
def t3_applicant_total(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _relation_findings(ctx, rule_, "t3-applicant-total")


@rule(
    "T4-101", "t4-group-total", "error", "arithmetic", section="reviews_lawsuits",
    title="表四总计不等于各结果之和",
    message=_RELATION_MESSAGE,
    basis=f"{_FORMAT_BASIS}表四",
    doc=RuleDoc(
        checks="表四行政复议、未经复议直接起诉、复议后起诉三组中，每组“总计”等于结果维持、"
        "结果纠正、其他结果与尚未审结之和。",
        why="每件复议或诉讼案件只能处于一种结果之中，总计是它们的合计。",
        example="行政复议：结果维持 1、结果纠正 1、尚未审结 1，总计填了 2。",
        fix="按案件逐件核对结果（含尚未审结），重新计算总计。",
    ),
)
def t4_group_total(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _relation_findings(ctx, rule_, "t4-group-total")


def _unread_keys(ctx: Context) -> set[str]:
    return {k for d in ctx.report.diagnostics if d.code in _UNREAD_CODES for k in d.keys}


@rule(
    "T0-101", "table-missing", "error", "arithmetic",
    title="统计表缺失或全部为空",
    message="表{table}（{heading}）没有任何数字",
    basis=f"{_FORMAT_BASIS}；《中华人民共和国政府信息公开条例》第五十条",
    doc=RuleDoc(
        checks="表二、表三、表四各至少有一个数字（没有发生的事项填 0）。",
        why="三张统计表是年报格式规定的必备内容，缺表即年报不完整。",
        example="报告只有文字说明“本年未收到政府信息公开申请”，没有附表三。",
        fix="按格式补上整张表格；没有发生的事项一律填 0，不留空。",
    ),
)
def table_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for table in ("二", "三", "四"):
        cells = ctx.cells_of(table)
        if all(ctx.cell(c.key) is None for c in cells):
            section = next(s for s in ctx.spec.sections if s.table == table)
            yield rule_.finding(keys=[c.key for c in cells], section=section.id, table=table,
                                heading=section.heading)


@rule(
    "T0-102", "cell-blank", "error", "arithmetic",
    title="表格中有空白单元格",
    message="表{table}有 {count} 个空白单元格：{labels}",
    basis=f"{_FORMAT_BASIS}（各栏均应填写，没有的填 0）",
    doc=RuleDoc(
        checks="已填写数字的统计表中不留空白单元格（包括只填了“—”“/”“无”的单元格）。",
        why="空白无法区分“没有发生”与“漏填”，汇总和比对时会出错。",
        example="表四“复议后起诉”一组全部留空，而其他组填了数字。",
        fix="没有发生的事项填 0。",
    ),
)
def cell_blank(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    unread = _unread_keys(ctx)
    for table in ("二", "三", "四"):
        cells = ctx.cells_of(table)
        if all(ctx.cell(c.key) is None for c in cells):
            continue  # T0-101
        blank = [c for c in cells if ctx.cell(c.key) is None and c.key not in unread]
        if blank:
            section = next(s for s in ctx.spec.sections if s.table == table)
            yield rule_.finding(
                keys=[c.key for c in blank], section=section.id, table=table, count=len(blank),
                labels="；".join(c.label for c in blank[:5]) + ("等" if len(blank) > 5 else ""),
            )


@rule(
    "T0-103", "cell-unread", "error", "arithmetic",
    title="单元格的数字无法读取",
    message="{label}：原文有内容但无法读出数字（{reason}）",
    basis=f"{_FORMAT_BASIS}",
    doc=RuleDoc(
        checks="读取报告时未能确定数字的单元格（读取诊断 R102、R103、R105、R108 所指的单元格）。",
        why="检查只能基于读出的数字；读不出的单元格，其所在的勾稽关系无法核对，必须人工确认。",
        example="PDF 中某行的数字个数与格式不符，且无法依据勾稽关系唯一恢复。",
        fix="对照原件人工录入该单元格；若原件确有错漏，请发布单位更正。",
    ),
)
def cell_unread(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    reasons: dict[str, str] = {}
    for d in ctx.report.diagnostics:
        if d.code in _UNREAD_CODES:
            for key in d.keys:
                reasons.setdefault(key, f"{d.code}：{d.message}")
    for key, reason in reasons.items():
        if key in ctx.spec.cells and ctx.cell(key) is None:
            yield rule_.finding(keys=[key], section=_TABLE_SECTION[ctx.spec.cells[key].table],
                                label=ctx.label(key), reason=reason)


@rule(
    "T0-104", "negative-figure", "error", "arithmetic",
    title="数量或金额为负数",
    message="{label}：{value} 为负数",
    basis=f"{_FORMAT_BASIS}（件数、金额均为非负数；仅 2019 版“本年增/减”可为负）",
    doc=RuleDoc(
        checks="件数和金额不为负数。2019 版表二的“本年增/减”可以为负，不在此列。",
        why="件数和金额不可能为负，负数通常是录入错误或把减少量填进了件数栏。",
        example="表三“上年结转”填了 -1。",
        fix="填写实际件数；减少的情况在文字中说明。",
    ),
)
def negative_figure(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for cell in ctx.spec.cells.values():
        value = ctx.cell(cell.key)
        if cell.kind != "signed_count" and value is not None and value < 0:
            yield rule_.finding(keys=[cell.key], section=_TABLE_SECTION[cell.table],
                                label=cell.label, value=value)


@rule(
    "T0-105", "fractional-count", "error", "arithmetic",
    title="件数不是整数",
    message="{label}：{value} 不是整数",
    basis=f"{_FORMAT_BASIS}（件数为整数）",
    doc=RuleDoc(
        checks="件数（除收费金额、采购金额外的所有单元格）是整数。",
        why="件数只能是整数；小数通常是把金额填进了件数栏，或单位换算错误。",
        example="表二“行政许可 本年处理决定数量”填了 12.5。",
        fix="填写整数件数；金额只填在金额栏（单位：万元）。",
    ),
)
def fractional_count(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for cell in ctx.spec.cells.values():
        value = ctx.cell(cell.key)
        if cell.kind == "amount_10k_yuan" or value is None or isinstance(value, int):
            continue
        if Decimal(str(value)) != Decimal(str(value)).to_integral_value():
            yield rule_.finding(keys=[cell.key], section=_TABLE_SECTION[cell.table],
                                label=cell.label, value=value)
