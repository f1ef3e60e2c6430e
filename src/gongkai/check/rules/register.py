"""The report against the agency's own publication register (when its figures are given)."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.basis import REGULATION, documents_with
from gongkai.check.context import Context
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.format.spec import get_format, versions
from gongkai.publish.stats import YearFigures

# The table-二 cells a publication register gives (行政规范性文件: 本年制发, 本年废止, 现行有效).
_NEWEST = get_format(versions()[0])
_REGISTER_KEYS = tuple(YearFigures(_NEWEST.first_year, 0).table_two_cells())
_ROW = _NEWEST.cells[_REGISTER_KEYS[0]].row_path


@rule(
    "L1-101", "published-count-vs-register", "warning", "register",
    title="正文所述主动公开信息条数与公开台账不一致",
    message="正文“{quote}”称主动公开信息 {stated} 条，而公开台账中本年发布 {register} 条",
    basis=f"{REGULATION}第五十条（年度报告应如实反映主动公开情况）",
    doc=RuleDoc(
        checks="给出本机关的公开台账时（`--publications`），正文所述本年主动公开信息的条数等于台账中"
        "本年发布的条目数。",
        why="年报中的主动公开条数应当出自公开台账；不一致说明台账漏登或正文数字有误。",
        example="正文写“全年主动公开政府信息91条”，台账中本年发布 88 条。",
        fix="核对公开台账，补登漏登的条目，或改正正文中的数字。",
    ),
)
def published_count_vs_register(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    if ctx.publication is None:
        return
    register = ctx.publication.published
    for statement in (s for s in ctx.statements if s.topic == "published"):
        if statement.value == register:
            continue
        span = statement.span
        yield rule_.finding(
            section=span.filed_under, span=span,
            evidence=Evidence("正文所述 = 台账中本年发布条数", statement.value, register),
            quote=span.text.replace("\n", ""), stated=statement.value, register=register,
        )


@rule(
    "L1-102", "normative-rows-vs-register", "warning", "register", section="proactive",
    title="表二行政规范性文件的数字与公开台账不一致",
    message="{label}：表中为 {table}，公开台账中为 {register}",
    basis=f"{documents_with(_REGISTER_KEYS)}表二{_ROW[0]}",
    doc=RuleDoc(
        checks=f"给出本机关的公开台账时，{documents_with(_REGISTER_KEYS)}格式表二“{_ROW[-1]}”的"
        f"{'、'.join(_NEWEST.cells[k].column_path[-1] for k in _REGISTER_KEYS)}"
        "与台账中按印发日期、废止日期统计的件数一致。",
        why="表二的这三个数字应当由规范性文件台账统计得出。",
        example="台账中本年印发行政规范性文件 3 件，表二本年制发件数填了 2。",
        fix="核对规范性文件的印发、废止日期，改正表二或台账。",
    ),
)
def normative_rows_vs_register(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    if ctx.publication is None:
        return
    for key, register in ctx.publication.table_two_cells().items():
        if key not in ctx.spec.cells:
            continue  # a format without the row (2019: no 本年废止, no 现行有效)
        table = ctx.cell(key)
        if table is None or table == register:
            continue
        yield rule_.finding(keys=(key,), evidence=Evidence(f"{ctx.label(key)} = 台账", table,
                                                           register),
                            label=ctx.label(key), table=table, register=register)
