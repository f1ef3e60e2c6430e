"""Narrative vs tables: figures the text states agree with the tables."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.context import Context
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.check.statements import Statement

_BASIS = ("《中华人民共和国政府信息公开条例》第五十条；《政府信息公开工作年度报告格式》"
          "（正文与统计表应一致）")
_MESSAGE = "正文“{quote}”称{what} {stated} 件，而{labels}为 {table}"


def _statements(ctx: Context, topic: str) -> list[Statement]:
    return [s for s in ctx.statements if s.topic == topic]


def _disagreements(
    ctx: Context, rule_: Rule, topic: str, keys: tuple[str, ...], what: str,
    also_accept: tuple[str, ...] = (),
) -> Iterator[Finding]:
    """Findings for statements of `topic` that differ from the sum of `keys` in the tables.

    `also_accept`: further keys whose sum with `keys` the text may also mean (e.g. received
    counted with last year's carried-over applications)."""
    keys = tuple(k for k in keys if k in ctx.spec.cells)
    if not keys or any(ctx.cell(k) is None for k in keys):
        return
    table = sum(ctx.cell(k) for k in keys)  # type: ignore[misc]
    accepted = {table}
    extra = tuple(k for k in also_accept if k in ctx.spec.cells)
    if extra and all(ctx.cell(k) is not None for k in extra):
        accepted.add(table + sum(ctx.cell(k) for k in extra))  # type: ignore[misc]
    for statement in _statements(ctx, topic):
        if statement.value in accepted:
            continue
        span = statement.span
        labels = "、".join(ctx.label(k) for k in keys)
        yield rule_.finding(
            keys=keys, section=span.section if span.section != "preamble" else None, span=span,
            evidence=Evidence(f"正文所述 = {' + '.join(ctx.label(k) for k in keys)}",
                              statement.value, table),
            quote=span.text.replace("\n", ""), what=what, stated=statement.value,
            labels=labels if len(keys) == 1 else f"{labels}之和", table=table,
        )


def _doc(what: str, cells: str, example: str) -> RuleDoc:
    return RuleDoc(
        checks=f"正文中关于{what}的数字（包括“未收到”“未发生”等表示 0 的说法）与{cells}一致。"
        "只比对本年度的说法：提到其他年份、上年、同比或累计的句子不比对。",
        why="正文与统计表出自同一台账，二者不一致说明至少一处有误，也是评估中常见的扣分项。",
        example=example,
        fix="核对台账，改正正文或表格中错误的一处。",
    )


@rule(
    "N1-101", "narrative-received", "error", "narrative",
    title="正文所述收到申请数与表三不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年收到（新收）政府信息公开申请", "表三“一、本年新收政府信息公开申请数量”的总计"
             "（或其与“二、上年结转”之和）",
             "正文写“全年共收到政府信息公开申请12件”，表三本年新收总计为 10、上年结转为 0。"),
)
def narrative_received(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "received", ("t3.new_received.total",), "收到申请",
                              also_accept=("t3.carried_over.total",))


@rule(
    "N1-102", "narrative-processed", "error", "narrative",
    title="正文所述办结数与表三（七）总计不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年办结申请", "表三“（七）总计”的总计",
             "正文写“已全部办结，办结9件”，表三（七）总计为 8。"),
)
def narrative_processed(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "processed", ("t3.total_processed.total",), "办结申请")


@rule(
    "N1-103", "narrative-granted", "error", "narrative",
    title="正文所述予以公开数与表三不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("予以公开的申请", "表三“（一）予以公开”的总计",
             "正文写“予以公开5件”，表三（一）予以公开总计为 3。"),
)
def narrative_granted(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "granted", ("t3.granted.total",), "予以公开")


@rule(
    "N1-104", "narrative-reviews", "error", "narrative",
    title="正文所述行政复议数与表四不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("因政府信息公开被申请行政复议", "表四“行政复议”的总计",
             "正文写“未发生因政府信息公开引起的行政复议”，表四行政复议总计为 1。"),
)
def narrative_reviews(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "reviews", ("t4.review.total",), "行政复议")


@rule(
    "N1-105", "narrative-lawsuits", "error", "narrative",
    title="正文所述行政诉讼数与表四不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("因政府信息公开被提起行政诉讼", "表四“未经复议直接起诉”与“复议后起诉”的总计之和",
             "正文写“被提起行政诉讼2件”，表四两组诉讼的总计之和为 1。"),
)
def narrative_lawsuits(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(
        ctx, rule_, "lawsuits",
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"), "行政诉讼",
    )


@rule(
    "N1-106", "narrative-documents-issued", "error", "narrative",
    title="正文所述制发规范性文件、规章数与表二不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年制发（印发、出台）行政规范性文件或规章",
             "表二“本年制发件数”（2019 年格式为“本年新制作数量”）",
             "正文写“全年制发行政规范性文件3件”，表二行政规范性文件本年制发件数为 2。"),
)
def narrative_documents_issued(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for topic, stem, what in (("normative_issued", "t2.normative_documents", "制发规范性文件"),
                              ("regulations_issued", "t2.regulations", "制发规章")):
        column = "issued" if ctx.report.format == "2021" else "made"
        yield from _disagreements(ctx, rule_, topic, (f"{stem}.{column}",), what)


@rule(
    "N1-107", "narrative-documents-repealed", "error", "narrative",
    title="正文所述废止规范性文件、规章数与表二不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年废止行政规范性文件或规章", "表二“本年废止件数”（仅 2021 年格式有此栏）",
             "正文写“废止行政规范性文件2件”，表二本年废止件数为 0。"),
)
def narrative_documents_repealed(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for topic, stem, what in (("normative_repealed", "t2.normative_documents", "废止规范性文件"),
                              ("regulations_repealed", "t2.regulations", "废止规章")):
        yield from _disagreements(ctx, rule_, topic, (f"{stem}.repealed",), what)


@rule(
    "N1-108", "narrative-fee-unpaid", "warning", "narrative",
    title="正文称未收取信息处理费，而表三有因逾期未缴费不再处理的申请",
    message="正文“{quote}”称未收取信息处理费，而表三（六）其他处理第2项（逾期未按收费通知缴费）"
    "为 {unpaid} 件：说明已发出收费通知，请核实收费情况并在第六部分如实说明",
    basis="《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；国办公开办函〔2021〕30号第六部分",
    doc=RuleDoc(
        checks="正文说未收取信息处理费时，表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”"
        "为 0。",
        why="表三该行不为 0，意味着本年发出过收费通知；正文应如实说明收费通知及收费情况。",
        example="第六部分写“本年度未收取信息处理费”，表三（六）2 的总计为 2。",
        fix="核实收费通知和实收金额，在第六部分写明（如“本年度发出收费通知2件，申请人均未缴费，"
        "实际收取信息处理费0元”），或改正表三。",
    ),
)
def narrative_fee_unpaid(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    key = "t3.other_handling.fee_unpaid.total"
    unpaid = ctx.cell(key) if key in ctx.spec.cells else None
    if not unpaid:
        return
    for statement in _statements(ctx, "fee_not_collected"):
        span = statement.span
        yield rule_.finding(keys=(key,), section=span.section, span=span,
                            evidence=Evidence(f"{ctx.label(key)} = 0", unpaid, 0),
                            quote=span.text.replace("\n", ""), unpaid=unpaid)
