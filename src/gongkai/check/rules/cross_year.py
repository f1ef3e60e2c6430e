"""Cross-year rules: this year's report against last year's report of the same agency."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.check.basis import FORMAT_NAME, REGULATION, documents_with
from gongkai.check.context import Context
from gongkai.check.prose import Prose
from gongkai.check.registry import Evidence, Finding, Rule, RuleDoc, rule
from gongkai.format.spec import get_format, sections, versions

# Sections of running text: those without a table (the table sections' text is mostly the
# tables themselves), and not the opening paragraph, boilerplate the same every year by design.
_NARRATIVE_SECTIONS = tuple(s for s in sections() if s.table is None)
_NARRATIVE_IDS = {s.id for s in _NARRATIVE_SECTIONS}
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEWEST = get_format(versions()[0])
# Table 三's rows that chain two years: this year's 二、上年结转 is last year's 四、结转下年度.
_CARRIED_OVER, _CARRIED_FORWARD = "carried_over", "carried_forward"
_CARRY_LABELS = {row: next(c.row_path[-1] for c in _NEWEST.cells.values() if c.row_id == row)
                 for row in (_CARRIED_OVER, _CARRIED_FORWARD)}
# Table 二's stock rows (现行有效 with the year's 本年制发, 本年废止), the newest format's labels.
_STOCK = _NEWEST.stock_rows()
_IN_FORCE, _ISSUED, _REPEALED = (_NEWEST.cells[f"{_STOCK[0]}.{c}"].column_path[-1]
                                 for c in ("in_force", "issued", "repealed"))


@rule(
    "Y1-101", "carry-over-mismatch", "error", "cross_year", section="requests",
    title="上年结转数与上年报告的结转下年度数不一致",
    message="“{column}”列：本年“{row}”为 {current}，上年报告“{previous_row}”为 {previous}",
    basis=f"{FORMAT_NAME}表三（“{_CARRY_LABELS[_CARRIED_OVER]}”即上年度报告的"
    f"“{_CARRY_LABELS[_CARRIED_FORWARD]}”）",
    doc=RuleDoc(
        checks=f"给出上一年度报告时（`--previous`），表三每一列的“{_CARRY_LABELS[_CARRIED_OVER]}”"
        f"等于上年报告同一列的“{_CARRY_LABELS[_CARRIED_FORWARD]}”。",
        why="跨年办理的申请在上年报告中计为结转，在本年报告中计为上年结转，两数必须相同，"
        "否则有申请被漏计或重复计算。",
        example="2022 年报告结转下年度 2 件，2023 年报告上年结转填 0。",
        fix="核对跨年度的申请台账，改正本年的上年结转数（或更正上年报告）。",
    ),
)
def carry_over_mismatch(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    previous = ctx.previous
    if previous is None:
        return
    for cell in ctx.spec.cells.values():
        if cell.row_id != _CARRIED_OVER:
            continue
        carried_key = cell.key.replace(f".{_CARRIED_OVER}.", f".{_CARRIED_FORWARD}.")
        current, before = ctx.cell(cell.key), previous.cells.get(carried_key)
        if current is None or before is None or current == before:
            continue
        carried = ctx.spec.cells[carried_key]
        yield rule_.finding(
            keys=(cell.key,),
            evidence=Evidence(f"{ctx.label(cell.key)} = 上年报告 {ctx.label(carried_key)}",
                              current, before),
            column="/".join(cell.column_path), row=cell.row_path[-1], current=current,
            previous_row=carried.row_path[-1], previous=before,
        )


@rule(
    "Y1-102", "in-force-mismatch", "warning", "cross_year", section="proactive",
    title="现行有效件数与上年报告不衔接",
    message=f"{{kind}}：{_IN_FORCE} {{current}} ≠ 上年{_IN_FORCE} {{previous}} + {_ISSUED} "
    f"{{issued}} − {_REPEALED} {{repealed}}（= {{expected}}）",
    basis=f"{documents_with(f'{s}.in_force' for s in _STOCK)}表二"
    f"{_NEWEST.cells[f'{_STOCK[0]}.in_force'].row_path[0]}",
    doc=RuleDoc(
        checks=f"两年都使用{documents_with(f'{s}.in_force' for s in _STOCK)}格式时，表二"
        f"{'、'.join(_NEWEST.cells[f'{s}.in_force'].row_path[-1] for s in _STOCK)}"
        f"的“{_IN_FORCE}”等于上年报告的{_IN_FORCE}加{_ISSUED}、减{_REPEALED}。",
        why="现行有效件数是存量，只随制发和废止变化；不衔接说明某年的制发、废止或存量统计有误。"
        "因失效、修订等原因也可能不衔接，故为警告。",
        example="上年现行有效 10 件，本年制发 2 件、废止 1 件，本年现行有效却填 12 件。",
        fix="核对文件清理结果和本年制发、废止的文件，改正有误的数字；确有其他原因的，在正文说明。",
    ),
)
def in_force_mismatch(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    previous = ctx.previous
    if previous is None:
        return
    earlier = get_format(previous.format).stock_rows()
    for stem in (s for s in ctx.spec.stock_rows() if s in earlier):
        keys = (f"{stem}.in_force", f"{stem}.issued", f"{stem}.repealed")
        current, issued, repealed = (ctx.cell(k) for k in keys)
        before = previous.cells.get(f"{stem}.in_force")
        if None in (current, issued, repealed, before):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if current != expected:
            yield rule_.finding(
                keys=keys,
                evidence=Evidence(f"{_IN_FORCE} = 上年{_IN_FORCE} + {_ISSUED} − {_REPEALED}",
                                  current, expected),
                kind=ctx.spec.cells[keys[0]].row_path[-1], current=current, previous=before,
                issued=issued, repealed=repealed, expected=expected,
            )


def _sentences(proses: list[Prose], min_chars: int) -> list[tuple[str, Prose, int, int]]:
    """Sentences of the narrative sections as (comparable form, prose, start, end)."""
    out = []
    for prose in proses:
        if prose.section not in _NARRATIVE_IDS:
            continue
        for start, sentence in prose.sentences:
            if len(sentence) >= min_chars:
                out.append((_YEAR.sub("YYYY", sentence), prose, start, start + len(sentence)))
    return out


@rule(
    "Y1-103", "copied-from-last-year", "notice", "cross_year",
    title="大量语句与上年报告相同",
    message="正文中 {copied}/{total} 句（{share:.0%}）与上年报告逐字相同（年份除外），"
    "超过 {threshold:.0%}",
    basis=f"{REGULATION}第五十条（年度报告应反映本年度工作情况）",
    doc=RuleDoc(
        checks="给出上一年度报告时，比较两年"
        f"第{'、'.join(s.numeral for s in _NARRATIVE_SECTIONS)}部分的语句"
        "（年份数字不计；开头的套话每年相同，不比较），"
        "逐字相同的语句所占比例超过阈值（默认 30%，配置项 `copied_share`）时提示。"
        "短于 `copied_min_chars`（默认 15 个字）的语句不比较。",
        why="照抄上年报告是评估中常见的问题，尤其是“存在的主要问题及改进情况”年年相同。",
        example="第五部分与上年报告一字不差，只改了年份。",
        fix="根据本年度实际工作重写相应段落，特别是问题和改进情况。",
    ),
)
def copied_from_last_year(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    earlier = Context(ctx.previous, config=ctx.config)
    before = {s for s, *_ in _sentences(earlier.prose, ctx.config.copied_min_chars)}
    current = _sentences(ctx.prose, ctx.config.copied_min_chars)
    if not current:
        return
    copied = [c for c in current if c[0] in before]
    share = len(copied) / len(current)
    if share > ctx.config.copied_share:
        _, prose, start, end = copied[0]
        span = prose.span(start, end)
        yield rule_.finding(
            section=span.filed_under, span=span,
            evidence=Evidence("相同语句数 / 语句总数", len(copied), len(current)),
            copied=len(copied), total=len(current), share=share,
            threshold=ctx.config.copied_share,
        )
