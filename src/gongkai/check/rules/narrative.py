"""Narrative vs tables: figures the text states agree with the tables."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.basis import FEE_MEASURES, FORMAT_NAME, REGULATION, all_cells, documents_with
from gongkai.check.context import Context
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.check.statements import GROUP_TOPICS, Statement
from gongkai.format.spec import FormatSpec, get_format, sections, versions

_BASIS = f"{REGULATION}第五十条；{FORMAT_NAME}（正文与统计表应一致）"
_MESSAGE = "正文“{quote}”称{what} {stated} 件，而{labels}为 {table}"
_CELLS = all_cells()
_NEWEST = get_format(versions()[0])


def _declared(*keys: str) -> tuple[str, ...]:
    """`keys`, each checked to be a cell of some format version (at import)."""
    unknown = [k for k in keys if k not in _CELLS]
    if unknown:
        raise KeyError(f"not a cell of any format version: {unknown}")
    return keys


def _stem(stem: str) -> str:
    """A table-二 row stem (`t2.regulations`), checked to have cells in every version."""
    for version in versions():
        if not any(k.startswith(f"{stem}.") for k in get_format(version).cells):
            raise KeyError(f"no row {stem} in the {version} format")
    return stem


RECEIVED, CARRIED_OVER = _declared("t3.new_received.total", "t3.carried_over.total")
(PROCESSED,) = _declared("t3.total_processed.total")
(GRANTED,) = _declared("t3.granted.total")
# 信息处理费: counted in table 三 only by the formats that also ask section 六 to report fees.
(FEE_UNPAID,) = _declared("t3.other_handling.fee_unpaid.total")
# The groups of table 四 the narrative speaks of, each named by its outer label.
REVIEWS = _NEWEST.cells[_declared("t4.review.total")[0]].row_path[0]
LAWSUITS = _NEWEST.cells[_declared("t4.litigation_direct.total")[0]].row_path[0]
if not {REVIEWS, LAWSUITS} <= set(GROUP_TOPICS):
    raise KeyError(f"{REVIEWS}, {LAWSUITS}: not groups of table 四's relations")
# Table 二's document rows: (topic of the issued figure, of the repealed figure, row stem).
_DOCUMENT_ROWS = (("normative_issued", "normative_repealed", _stem("t2.normative_documents")),
                  ("regulations_issued", "regulations_repealed", _stem("t2.regulations")))
_REPEALED = _declared(*(f"{stem}.repealed" for *_, stem in _DOCUMENT_ROWS))


def issued_key(spec: FormatSpec, stem: str) -> str:
    """The figure of documents made in the year in row `stem`: the row's first printed column
    (本年制发件数 in the 2021 format, 本年新制作数量 in 2019)."""
    return next(row.keys[0] for table in spec.tables.values() for row in table.rows
                if row.keys[0].startswith(f"{stem}."))


def _statements(ctx: Context, topic: str) -> list[Statement]:
    return [s for s in ctx.statements if s.topic == topic]


def _disagreements(
    ctx: Context, rule_: Rule, topic: str, keys: tuple[str, ...], what: str,
    also_accept: tuple[str, ...] = (),
) -> Iterator[Finding]:
    """Findings for statements of `topic` that differ from the sum of `keys` in the tables.

    `keys` not all in this report's format: nothing to compare (the format has no such cell).
    `also_accept`: further keys whose sum with `keys` the text may also mean (e.g. received
    counted with last year's carried-over applications)."""
    if not keys or any(k not in ctx.spec.cells or ctx.cell(k) is None for k in keys):
        return
    table = sum(ctx.cell(k) for k in keys)  # type: ignore[misc]
    accepted = {table}
    if also_accept and all(k in ctx.spec.cells and ctx.cell(k) is not None
                           for k in also_accept):
        accepted.add(table + sum(ctx.cell(k) for k in also_accept))  # type: ignore[misc]
    for statement in _statements(ctx, topic):
        if statement.value in accepted:
            continue
        span = statement.span
        labels = "、".join(ctx.label(k) for k in keys)
        yield rule_.finding(
            keys=keys, section=span.filed_under, span=span,
            evidence=Evidence(f"正文所述 = {' + '.join(ctx.label(k) for k in keys)}",
                              statement.value, table),
            quote=span.text.replace("\n", ""), what=what, stated=statement.value,
            labels=labels if len(keys) == 1 else f"{labels}之和", table=table,
        )


def _cells_words(keys: tuple[str, ...]) -> str:
    """Where `keys` stand, in words of the newest format: 表三“一、本年新收…”的“总计”."""
    cells = [_NEWEST.cells[k] for k in keys]
    rows = "与".join(f"“{c.row_path[-1]}”" for c in cells)
    columns = "与".join(dict.fromkeys(f"“{c.column_path[-1]}”" for c in cells))
    total = "之和" if len(keys) > 1 else ""
    return f"表{cells[0].table}{rows}的{columns}{total}"


def _column_by_version(stem: str) -> str:
    """“本年制发件数”（国办公开办函〔2019〕60号格式为“本年新制作数量”）."""
    labels = {v: get_format(v).cells[issued_key(get_format(v), stem)].column_path[-1]
              for v in versions()}
    newest, *older = labels
    others = "；".join(f"{get_format(v).document}格式为“{labels[v]}”" for v in older
                      if labels[v] != labels[newest])
    return f"“{labels[newest]}”" + (f"（{others}）" if others else "")


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
    doc=_doc("本年收到（新收）政府信息公开申请",
             f"{_cells_words((RECEIVED,))}（或其与{_cells_words((CARRIED_OVER,))}之和）",
             "正文写“全年共收到政府信息公开申请12件”，表三本年新收总计为 10、上年结转为 0。"),
)
def narrative_received(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "received", (RECEIVED,), "收到申请",
                              also_accept=(CARRIED_OVER,))


@rule(
    "N1-102", "narrative-processed", "error", "narrative",
    title="正文所述办结数与表三（七）总计不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年办结申请", _cells_words((PROCESSED,)),
             "正文写“已全部办结，办结9件”，表三（七）总计为 8。"),
)
def narrative_processed(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "processed", (PROCESSED,), "办结申请")


@rule(
    "N1-103", "narrative-granted", "error", "narrative",
    title="正文所述予以公开数与表三不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("予以公开的申请", _cells_words((GRANTED,)),
             "正文写“予以公开5件”，表三（一）予以公开总计为 3。"),
)
def narrative_granted(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, "granted", (GRANTED,), "予以公开")


@rule(
    "N1-104", "narrative-reviews", "error", "narrative",
    title=f"正文所述{REVIEWS}数与表四不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc(f"因政府信息公开被申请{REVIEWS}", _cells_words(_NEWEST.group_totals()[REVIEWS]),
             f"正文写“未发生因政府信息公开引起的{REVIEWS}”，表四{REVIEWS}总计为 1。"),
)
def narrative_reviews(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, REVIEWS, ctx.spec.group_totals()[REVIEWS], REVIEWS)


@rule(
    "N1-105", "narrative-lawsuits", "error", "narrative",
    title=f"正文所述{LAWSUITS}数与表四不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc(f"因政府信息公开被提起{LAWSUITS}", _cells_words(_NEWEST.group_totals()[LAWSUITS]),
             f"正文写“被提起{LAWSUITS}2件”，表四两组诉讼的总计之和为 1。"),
)
def narrative_lawsuits(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    yield from _disagreements(ctx, rule_, LAWSUITS, ctx.spec.group_totals()[LAWSUITS], LAWSUITS)


def _row_of(ctx: Context, key: str) -> str:
    return ctx.spec.cells[key].row_path[-1]


def _row_name(stem: str) -> str:
    """规章, 行政规范性文件 (the newest format's row label)."""
    return _NEWEST.cells[issued_key(_NEWEST, stem)].row_path[-1]


@rule(
    "N1-106", "narrative-documents-issued", "error", "narrative",
    title="正文所述制发规范性文件、规章数与表二不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年制发（印发、出台）" + "或".join(_row_name(s) for *_, s in _DOCUMENT_ROWS),
             f"表二{_column_by_version(_DOCUMENT_ROWS[0][2])}",
             "正文写“全年制发行政规范性文件3件”，表二行政规范性文件本年制发件数为 2。"),
)
def narrative_documents_issued(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for topic, _, stem in _DOCUMENT_ROWS:
        key = issued_key(ctx.spec, stem)
        yield from _disagreements(ctx, rule_, topic, (key,), f"制发{_row_of(ctx, key)}")


@rule(
    "N1-107", "narrative-documents-repealed", "error", "narrative",
    title="正文所述废止规范性文件、规章数与表二不一致",
    message=_MESSAGE, basis=_BASIS,
    doc=_doc("本年废止" + "或".join(_row_name(s) for *_, s in _DOCUMENT_ROWS),
             f"表二“{_NEWEST.cells[_REPEALED[0]].column_path[-1]}”"
             f"（仅{documents_with(_REPEALED)}格式有此栏）",
             "正文写“废止行政规范性文件2件”，表二本年废止件数为 0。"),
)
def narrative_documents_repealed(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    for (_, topic, _), key in zip(_DOCUMENT_ROWS, _REPEALED, strict=True):
        if key in ctx.spec.cells:
            yield from _disagreements(ctx, rule_, topic, (key,), f"废止{_row_of(ctx, key)}")


_OTHER = next(s for s in sections() if s.id == "other")


@rule(
    "N1-108", "narrative-fee-unpaid", "warning", "narrative",
    title="正文称未收取信息处理费，而表三有因逾期未缴费不再处理的申请",
    message="正文“{quote}”称未收取信息处理费，而表三“{label}”为 {unpaid} 件："
    f"说明已发出收费通知，请核实收费情况并在第{_OTHER.numeral}部分如实说明",
    basis=f"{FEE_MEASURES}；{documents_with((FEE_UNPAID,))}第{_OTHER.numeral}部分",
    doc=RuleDoc(
        checks=f"正文说未收取信息处理费时，{_cells_words((FEE_UNPAID,))}为 0。",
        why="表三该行不为 0，意味着本年发出过收费通知；正文应如实说明收费通知及收费情况。",
        example=f"第{_OTHER.numeral}部分写“本年度未收取信息处理费”，表三（六）2 的总计为 2。",
        fix=f"核实收费通知和实收金额，在第{_OTHER.numeral}部分写明（如“本年度发出收费通知2件，"
        "申请人均未缴费，实际收取信息处理费0元”），或改正表三。",
    ),
)
def narrative_fee_unpaid(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    unpaid = ctx.cell(FEE_UNPAID) if FEE_UNPAID in ctx.spec.cells else None
    if not unpaid:
        return
    for statement in _statements(ctx, "fee_not_collected"):
        span = statement.span
        yield rule_.finding(keys=(FEE_UNPAID,), section=span.section, span=span,
                            evidence=Evidence(f"{ctx.label(FEE_UNPAID)} = 0", unpaid, 0),
                            quote=span.text.replace("\n", ""),
                            label="/".join(ctx.spec.cells[FEE_UNPAID].row_path), unpaid=unpaid)
