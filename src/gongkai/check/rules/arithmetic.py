"""Table arithmetic: the relations the format states, blank cells, impossible figures."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.basis import FORMAT_BASIS, REGULATION
from gongkai.check.context import Context
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.diagnostics import CODES
from gongkai.format.normalize import bare_label
from gongkai.format.spec import CellDef, FormatSpec, Relation, get_format, sections, versions

TABLE_SECTION = {s.table: s.id for s in sections() if s.table}
# Reader diagnostics that mean a figure was printed but could not be read (or was no count).
_UNREAD_CODES = ("R102", "R103", "R105", "R108")


def _side_label(ctx: Context, keys: tuple[str, ...], by_row: bool) -> str:
    """Labels of one side of a relation: row labels for a column relation, and vice versa."""
    parts = []
    for key in keys:
        cell = ctx.spec.cells[key]
        parts.append(cell.row_path[-1] if by_row else cell.column_path[-1])
    return " + ".join(parts)


def _scope_label(ctx: Context, relation: Relation) -> str:
    cell = ctx.spec.cells[relation.lhs[0]]
    if relation.for_each == "row":
        return f"“{cell.row_path[-1]}”行"
    if relation.for_each == "group":
        return f"“{'/'.join(cell.row_path)}”"
    return f"“{'/'.join(cell.column_path)}”列"


def _relation_findings(ctx: Context, rule_: Rule, relation_id: str) -> Iterator[Finding]:
    for relation in ctx.spec.relations_of(relation_id):
        values = [ctx.cell(k) for k in relation.lhs + relation.rhs]
        if any(v is None for v in values):
            continue  # blank or unread cells are findings of their own rules
        left = sum(ctx.cell(k) for k in relation.lhs)  # type: ignore[misc]
        right = sum(ctx.cell(k) for k in relation.rhs)  # type: ignore[misc]
        if left == right:
            continue
        by_row = relation.for_each == "column"  # a column's relation adds up rows
        formula = (f"{_side_label(ctx, relation.lhs, by_row)} = "
                   f"{_side_label(ctx, relation.rhs, by_row)}")
        evidence = Evidence(formula, left, right)
        yield rule_.finding(
            keys=relation.lhs + relation.rhs,
            section=TABLE_SECTION[relation.table],
            evidence=evidence,
            scope=_scope_label(ctx, relation),
            formula=formula,
            left=left,
            right=right,
            difference=evidence.difference,
        )


_RELATION_MESSAGE = "{scope}：{formula} 不成立（左边 {left}，右边 {right}，相差 {difference}）"

# The checker's own words for each relation the format states, by relation id; what the
# relation says and which cells it adds up come from the spec.
_RELATION_RULES: dict[str, dict[str, str]] = {
    "t3-balance": dict(
        code="T3-101",
        title="表三勾稽关系不成立：一 + 二 ≠ 三（七）总计 + 四",
        why="这是年报格式在表三上方明确写出的勾稽关系：本年可办理的申请，要么已办结，要么结转下年。"
        "不成立说明台账统计有遗漏或重复。",
        example="自然人列：本年新收 5、上年结转 1，（七）总计 4、结转下年度 1：5 + 1 ≠ 4 + 1。",
        fix="核对依申请公开台账：逐件确认办理结果与是否结转，重新汇总该列。",
    ),
    "t3-results-total": dict(
        code="T3-102",
        title="表三（七）总计不等于（一）至（六）之和",
        why="（七）总计是本年办结申请的合计，每件申请只计入一种办理结果（部分公开只计部分公开）。",
        example="总计列：予以公开 3、部分公开 1、无法提供 1，其余为 0，但（七）总计填了 4。",
        fix="逐行核对办理结果，使（七）总计等于各结果行之和；一件申请只能计入一个结果行。",
    ),
    "t3-applicant-total": dict(
        code="T3-103",
        title="表三某行总计不等于各类申请人之和",
        why="总计列是同一行各类申请人的合计；不等说明某一列漏填或总计算错。",
        example="“一、本年新收”行：自然人 2、商业企业 1，其他为 0，总计填了 2。",
        fix="重新汇总该行，或补上漏填的申请人类型。",
    ),
    "t4-group-total": dict(
        code="T4-101",
        title="表四总计不等于各结果之和",
        why="每件复议或诉讼案件只能处于一种结果之中，总计是它们的合计。",
        example="行政复议：结果维持 1、结果纠正 1、尚未审结 1，总计填了 2。",
        fix="按案件逐件核对结果（含尚未审结），重新计算总计。",
    ),
}


def _side_text(paths: list[tuple[str, ...]], unit: str) -> str:
    """One side of a relation in words: each label path once, paths that share their first
    label grouped under it ("“三、本年度办理结果”下“予以公开”、…各行")."""
    grouped: dict[str, list[str]] = {}
    for path in dict.fromkeys(paths):
        grouped.setdefault(path[0], []).extend(path[1:2])
    parts = []
    for head, subs in grouped.items():
        subs = list(dict.fromkeys(subs))
        if not subs:
            parts.append(f"“{head}”")
        elif len(subs) == 1:
            parts.append(f"“{head}{subs[0]}”")
        else:
            parts.append(f"“{head}”下{'、'.join(f'“{bare_label(s)}”' for s in subs)}各{unit}")
    words = "、".join(parts[:-1]) + "与" + parts[-1] if len(parts) > 1 else parts[0]
    return words + ("之和" if len(paths) > 1 else "")


def _checks(spec: FormatSpec, relation_id: str) -> str:
    """What a relation rule checks, in words from the spec's labels and the relation's
    statement."""
    instances = spec.relations_of(relation_id)
    first = instances[0]

    def cell(key: str) -> CellDef:
        return spec.cells[key]

    if first.for_each == "column":  # repeated over columns: each side adds up rows
        scopes = "、".join(cell(r.lhs[0]).column_path[-1] for r in instances)
        where, unit = f"每一列（{scopes}）", "行"
        sides = [[cell(k).row_path for k in side] for side in (first.lhs, first.rhs)]
    else:  # repeated over rows or groups: each side adds up columns
        if first.for_each == "group":
            scopes = "、".join("/".join(cell(r.lhs[0]).row_path) for r in instances)
            where = f"每一组（{scopes}）"
        else:
            where = "每一行"
        unit = "列"
        sides = [[cell(k).column_path for k in side] for side in (first.lhs, first.rhs)]
    lhs, rhs = (_side_text(paths, unit) for paths in sides)
    return f"表{first.table}{where}中，{lhs}等于{rhs}。格式的表述：{first.statement}。"


def _relation_basis(spec: FormatSpec, relation: Relation) -> str:
    note = spec.tables[relation.table].note
    if note and note.split("：")[-1] in relation.statement:
        return f"{FORMAT_BASIS}表{relation.table}注：{note}"
    return f"{FORMAT_BASIS}表{relation.table}：{relation.statement}"


def _relation_checker(relation_id: str):
    def check(ctx: Context, rule_: Rule) -> Iterator[Finding]:
        yield from _relation_findings(ctx, rule_, relation_id)

    check.__name__ = relation_id.replace("-", "_")
    return check


def _register_relation_rules() -> None:
    """One rule per relation the format states (of any version), in the spec's order; a
    relation without the checker's text, or text for no relation, fails at import."""
    spec_of = {}
    for version in versions():
        for relation in get_format(version).relations:
            spec_of.setdefault(relation.id, get_format(version))
    if set(spec_of) != set(_RELATION_RULES):
        raise RuntimeError(f"relation rules out of step with the format: relations "
                           f"{sorted(spec_of)}, rules for {sorted(_RELATION_RULES)}")
    for relation_id, spec in spec_of.items():
        words = _RELATION_RULES[relation_id]
        first = spec.relations_of(relation_id)[0]
        rule(
            words["code"], relation_id, "error", "arithmetic",
            section=TABLE_SECTION[first.table],
            title=words["title"],
            message=_RELATION_MESSAGE,
            basis=_relation_basis(spec, first),
            doc=RuleDoc(checks=_checks(spec, relation_id), why=words["why"],
                        example=words["example"], fix=words["fix"]),
        )(_relation_checker(relation_id))


_register_relation_rules()


def _unread_keys(ctx: Context) -> set[str]:
    return {k for d in ctx.report.diagnostics if d.code in _UNREAD_CODES for k in d.keys}


@rule(
    "T0-101", "table-missing", "error", "arithmetic",
    title="统计表缺失或全部为空",
    message="表{table}（{heading}）没有任何数字",
    basis=f"{FORMAT_BASIS}；{REGULATION}第五十条",
    doc=RuleDoc(
        checks=f"{'、'.join(f'表{t}' for t in get_format(versions()[0]).tables)}各至少有一个数字"
        "（没有发生的事项填 0）。",
        why="三张统计表是年报格式规定的必备内容，缺表即年报不完整。",
        example="报告只有文字说明“本年未收到政府信息公开申请”，没有附表三。",
        fix="按格式补上整张表格；没有发生的事项一律填 0，不留空。",
    ),
)
def table_missing(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for table in ctx.spec.tables:
        cells = ctx.cells_of(table)
        if all(ctx.cell(c.key) is None for c in cells):
            section = ctx.spec.section(TABLE_SECTION[table])
            yield rule_.finding(keys=[c.key for c in cells], section=section.id, table=table,
                                heading=section.heading)


@rule(
    "T0-102", "cell-blank", "error", "arithmetic",
    title="表格中有空白单元格",
    message="表{table}有 {count} 个空白单元格：{labels}",
    basis=f"{FORMAT_BASIS}（各栏均应填写，没有的填 0）",
    doc=RuleDoc(
        checks="已填写数字的统计表中不留空白单元格（包括只填了“—”“/”“无”的单元格）。",
        why="空白无法区分“没有发生”与“漏填”，汇总和比对时会出错。",
        example="表四“复议后起诉”一组全部留空，而其他组填了数字。",
        fix="没有发生的事项填 0。",
    ),
)
def cell_blank(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    unread = _unread_keys(ctx)
    for table in ctx.spec.tables:
        cells = ctx.cells_of(table)
        if all(ctx.cell(c.key) is None for c in cells):
            continue  # T0-101
        blank = [c for c in cells if ctx.cell(c.key) is None and c.key not in unread]
        if blank:
            yield rule_.finding(
                keys=[c.key for c in blank], section=TABLE_SECTION[table], table=table,
                count=len(blank),
                labels="；".join(c.label for c in blank[:5]) + ("等" if len(blank) > 5 else ""),
            )


@rule(
    "T0-103", "cell-unread", "error", "arithmetic",
    title="单元格的数字无法读取或不是整数",
    message="{label}：{problem}（{reason}）",
    basis=FORMAT_BASIS,
    doc=RuleDoc(
        checks="读取报告时未能确定数字的单元格（读取诊断 "
        f"{'、'.join(f'{c}（{CODES[c].title}）' for c in _UNREAD_CODES)}所指的单元格），"
        "包括件数栏中印的小数或负数。",
        why="检查只能基于读出的数字；读不出的单元格，其所在的勾稽关系无法核对，必须人工确认。",
        example="PDF 中某行的数字个数与格式不符，且无法依据勾稽关系唯一恢复。",
        fix="对照原件人工录入该单元格；若原件确有错漏，请发布单位更正。",
    ),
)
def cell_unread(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    reasons: dict[str, tuple[str, str]] = {}
    for d in ctx.report.diagnostics:
        if d.code in _UNREAD_CODES:
            for key in d.keys:
                # R108: a figure was read but is no count (12.5, -1); the others: no figure
                reasons.setdefault(key, (CODES[d.code].title, f"{d.code}：{d.message}"))
    for key, (problem, reason) in reasons.items():
        if key in ctx.spec.cells and ctx.cell(key) is None:
            yield rule_.finding(keys=[key], section=TABLE_SECTION[ctx.spec.cells[key].table],
                                label=ctx.label(key), problem=problem, reason=reason)


@rule(
    "T0-104", "negative-figure", "error", "arithmetic",
    title="数量或金额为负数",
    message="{label}：{value} 为负数",
    basis=f"{FORMAT_BASIS}（件数、金额均为非负数；仅 2019 版“本年增/减”可为负）",
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
            yield rule_.finding(keys=[cell.key], section=TABLE_SECTION[cell.table],
                                label=cell.label, value=value)


@rule(
    "T0-105", "fractional-count", "error", "arithmetic",
    title="件数不是整数",
    message="{label}：{value} 不是整数",
    basis=f"{FORMAT_BASIS}（件数为整数）",
    doc=RuleDoc(
        checks="交换格式 JSON 或台账数据中，件数（除收费金额、采购金额外的所有单元格）是整数。"
        "从 PDF、DOCX、HTML 或文本读取的报告，件数栏印的小数在读取时即记为读取诊断 R108，"
        "由 T0-103 报告。",
        why="件数只能是整数；小数通常是把金额填进了件数栏，或单位换算错误。",
        example="交换格式 JSON 中 t2.licensing.decisions（表二“行政许可 本年处理决定数量”）"
        "为 12.5。",
        fix="填写整数件数；金额只填在金额栏（单位：万元）。",
    ),
)
def fractional_count(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for cell in ctx.spec.cells.values():
        value = ctx.cell(cell.key)
        if cell.kind == "amount_10k_yuan" or value is None or isinstance(value, int):
            continue
        if value != value.to_integral_value():
            yield rule_.finding(keys=[cell.key], section=TABLE_SECTION[cell.table],
                                label=cell.label, value=value)
