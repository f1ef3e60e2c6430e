"""Draft sentences for the clerk to edit, written from the cells.

Every figure in a draft is a cell value (or a sum of cells the format itself adds up), so the
draft never disagrees with the tables; a clause whose cell is blank is left out rather than
guessed, and a figure no cell records (the 信息处理费 collected) is a placeholder. The nouns
(规章, 予以公开, 本年新收政府信息公开申请, 行政复议, …) are the format's own labels and the
figures summed are those of the relations the format states; what is written here is the
connecting prose. Placeholders the clerk must fill in are in 【】.

- preamble: the legal basis, the statistics period, where to get the report and whom to ask;
- 一、总体情况: （一）主动公开 from table 二 (and, given the year's publication figures of
  `gongkai.publish`, the count of information published proactively, by kind), （二）依申请公开
  from tables 三 and 四, placeholders for the rest of the overview;
- 二、主动公开政府信息情况: a sentence leading into the table (the figures are in 一（一）:
  printed before table 二, its labels would be read as the table's rows);
- 五、存在的主要问题及改进情况: a placeholder (no figure says what the problems were);
- 六、其他需要报告的事项: the 信息处理费 statement (2021 format), its amount a placeholder; a
  placeholder in the 2019 format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.format import FormatSpec, get_format
from gongkai.format.normalize import bare_label
from gongkai.model import CellValue, Report
from gongkai.write.layout import figure_text, table_two_blocks
from gongkai.write.paragraphs import SectionText

if TYPE_CHECKING:
    from gongkai.publish.stats import YearFigures
    from gongkai.write.compose import Composition

REGULATION = "《中华人民共和国政府信息公开条例》"
# Sections a draft is written for, when the report has no text of its own for them.
DRAFTED = ("overview", "proactive", "problems", "other")

# Verbs for the columns of 第二十条第（一）项 (keys' column ids), both versions.
_DOCUMENT_VERBS = {
    "issued": "制发{noun}{n}件", "repealed": "废止{noun}{n}件", "in_force": "现行有效{noun}{n}件",
    "made": "新制作{noun}{n}件", "published": "新公开{noun}{n}件",
    "total_published": "对外公开{noun}总数{n}件",
}
# The column of table 三 whose relations the draft states (the column of all applicants).
_TOTAL = "total"
_COUNT = "数量"  # how a row label of table 三 ends: it names a count
# 三（六）2. the applications not processed because the fee was not paid (2021 format).
FEE_UNPAID = "t3.other_handling.fee_unpaid.total"


def _cells(report: Report, *keys: str) -> list[CellValue] | None:
    values = [report.cells.get(k) for k in keys]
    return None if any(v is None for v in values) else values


# ---------------------------------------------------------------- 一（一）: table 二


def _documents_clause(spec: FormatSpec, report: Report) -> str | None:
    """制发规章2件，废止规章0件，…；制发行政规范性文件3件，… from 第二十条第（一）项."""
    rows = table_two_blocks(spec)[0][1]
    parts: list[str] = []
    for row in rows:
        clauses = []
        for key in row.keys:
            verb = _DOCUMENT_VERBS.get(spec.cells[key].column_id)
            value = report.cells.get(key)
            if verb is not None and value is not None:
                clauses.append(verb.format(noun=row.label, n=figure_text(value)))
        if clauses:
            parts.append("，".join(clauses))
    return "；".join(parts) if parts else None


def _decisions_clause(spec: FormatSpec, report: Report) -> str | None:
    """作出行政许可处理决定6件、… from the decisions column of table 二."""
    parts = []
    for row in spec.tables["二"].rows:
        for key in row.keys:
            if spec.cells[key].column_id == "decisions" and report.cells.get(key) is not None:
                parts.append(f"{row.label}处理决定{figure_text(report.cells[key])}件")
    return "作出" + "、".join(parts) if parts else None


def _money_clauses(spec: FormatSpec, report: Report) -> list[str]:
    """收取行政事业性收费0.5万元 (2021); 政府集中采购项目3个，采购总金额12.5万元 (2019)."""
    out = []
    for row in spec.tables["二"].rows:
        values = {spec.cells[k].column_id: report.cells.get(k) for k in row.keys}
        if values.get("amount") is not None and "projects" not in values:
            out.append(f"收取{row.label}{figure_text(values['amount'])}万元")
        elif values.get("projects") is not None and values.get("amount") is not None:
            out.append(f"{row.label}项目{figure_text(values['projects'])}个，采购总金额"
                       f"{figure_text(values['amount'])}万元")
    return out


def proactive_sentence(report: Report) -> str | None:
    """The figures of table 二 as one paragraph of 一（一）."""
    spec = get_format(report.format)
    clauses = [c for c in (_documents_clause(spec, report), _decisions_clause(spec, report))
               if c]
    clauses += _money_clauses(spec, report)
    if not clauses:
        return None
    return f"本年度{'；'.join(clauses)}。"


# ---------------------------------------------------------------- 一（二）: tables 三 and 四


def _result_categories(spec: FormatSpec, report: Report) -> list[tuple[str, int]] | None:
    """(category, total) for the result rows (（一）予以公开 … （六）其他处理), in print order: the
    rows the format adds up into （七）总计, summed by the category they stand under."""
    sums: dict[str, int] = {}
    for key in spec.relation("t3-results-total", _TOTAL).rhs:
        value = report.cells.get(key)
        if value is None:
            return None
        category = bare_label(spec.cells[key].row_path[1])
        sums[category] = sums.get(category, 0) + int(value)
    return list(sums.items())


def _noun(spec: FormatSpec, key: str) -> str:
    """What a row of table 三 counts, as prose names it: 一、本年新收政府信息公开申请数量 →
    本年新收政府信息公开申请 (a label names the count, 数量; a sentence the thing counted)."""
    return bare_label(spec.cells[key].row_path[-1]).removesuffix(_COUNT)


def _unshared(noun: str, before: str) -> str:
    """`noun` after `before` without the words they end in alike: 上年结转政府信息公开申请 after
    本年新收政府信息公开申请 → 上年结转."""
    n = 0
    while n < min(len(noun), len(before)) - 1 and noun[-1 - n] == before[-1 - n]:
        n += 1
    return noun[:len(noun) - n]


def requests_sentence(report: Report) -> str | None:
    """本年新收政府信息公开申请N件，上年结转M件；办结申请K件，其中予以公开…；结转下年度继续办理J件。

    The figures are those of the balance the format states (一 + 二 = 三（七） + 四)."""
    spec = get_format(report.format)
    balance = spec.relation("t3-balance", _TOTAL)
    keys = (*balance.lhs, *balance.rhs)
    figures = _cells(report, *keys)
    if figures is None:
        return None
    new, carried_over, processed, carried_forward = (int(v) for v in figures)  # type: ignore[arg-type]
    if new == 0 and carried_over == 0:
        return "本年度未收到政府信息公开申请，也没有上年结转的申请。"
    received, earlier = _noun(spec, keys[0]), _noun(spec, keys[1])
    first = f"{received}{new}件"
    if carried_over:
        first += f"，{_unshared(earlier, received)}{carried_over}件"
    parts = [first]
    categories = _result_categories(spec, report)
    done = f"办结申请{processed}件"
    if categories and processed:
        done += "，其中" + "，".join(f"{name}{n}件" for name, n in categories if n)
    parts.append(done)
    parts.append(f"{_noun(spec, keys[3])}{carried_forward}件")
    return "；".join(parts) + "。"


# How an agency comes to each group of table 四 (行政复议, 行政诉讼), in the format's order.
_REVIEW_VERBS = ("申请", "提起")


def reviews_sentence(report: Report) -> str | None:
    """本年度因政府信息公开工作被申请行政复议R件，被提起行政诉讼L件: the groups of table 四, each
    the sum of its totals."""
    groups = get_format(report.format).group_totals()
    counts: list[tuple[str, int]] = []
    for (label, keys), verb in zip(groups.items(), _REVIEW_VERBS, strict=True):
        values = _cells(report, *keys)
        if values is None:
            return None
        counts.append((f"{verb}{label}", sum(int(v) for v in values)))  # type: ignore[arg-type]
    if not any(n for _, n in counts):
        return ("本年度未发生因政府信息公开工作被" + "、".join(what for what, _ in counts)
                + "的情况。")
    return "本年度因政府信息公开工作" + "，".join(f"被{what}{n}件" for what, n in counts) + "。"


# ---------------------------------------------------------------- sections


def overview(report: Report, figures: YearFigures | None = None) -> list[str]:
    """Section 一; `figures` (the year's publication figures) add the count of information
    published proactively, by kind, before table 二's figures."""
    agency = report.agency or "本机关"
    year = f"{report.year}年，" if report.year else ""
    paragraphs = [
        f"{year}{agency}认真贯彻落实{REGULATION}（以下简称《条例》），坚持“以公开为常态、不公开为"
        "例外”，扎实做好政府信息公开工作。",
    ]
    proactive = "".join(s for s in (figures.sentence() if figures else None,
                                    proactive_sentence(report)) if s)
    paragraphs.append("（一）主动公开。" + (proactive or "【请填写主动公开政府信息的情况。】"))
    requests = "".join(s for s in (requests_sentence(report), reviews_sentence(report)) if s)
    paragraphs.append("（二）依申请公开。" + (requests or "【请填写依申请公开的情况。】"))
    paragraphs += [
        "（三）政府信息管理。【请填写政府信息管理的情况。】",
        "（四）政府信息公开平台建设。【请填写政府信息公开平台建设的情况。】",
        "（五）监督保障。【请填写监督保障的情况。】",
    ]
    return paragraphs


def proactive(report: Report) -> list[str]:
    year = f"{report.year}年" if report.year else "本年度"
    return [f"{year}主动公开政府信息情况统计如下："]


def problems(report: Report) -> list[str]:
    return ["【请填写本年度存在的主要问题及改进情况。】"]


def other(report: Report) -> list[str]:
    """The 信息处理费 statement the 2021 format asks for in section 六 (no cell records the fees
    collected: the amount is the clerk's to fill in); a placeholder in a 2019 report."""
    spec = get_format(report.format)
    if FEE_UNPAID not in spec.cells:
        return [f"【请填写{spec.section('other').heading}。】"]
    fee = "本年度收取信息处理费【请核实填写】元。"
    unpaid = report.cells.get(FEE_UNPAID)
    if not unpaid:  # blank (table 三 does not say) or none
        return [fee]
    reason, _, consequence = bare_label(spec.cells[FEE_UNPAID].row_path[-1]).partition("、")
    outcome = f"，{consequence}" if consequence else ""
    return [f"本年度有{unpaid}件政府信息公开申请因{reason}{outcome}。{fee}"]


_SECTIONS = {"overview": overview, "proactive": proactive, "problems": problems, "other": other}


def draft_section(report: Report, section_id: str,
                  figures: YearFigures | None = None) -> SectionText | None:
    """The draft of one section, or None for a section no draft is written for; `figures`
    (the year's publication figures) go into the draft of section 一."""
    if section_id == "overview":
        return SectionText(before=overview(report, figures))
    make = _SECTIONS.get(section_id)
    return SectionText(before=make(report)) if make else None


def add_publication_figures(composition: Composition, figures: YearFigures) -> bool:
    """Draft section 一 again with the year's publication figures; False when section 一 is
    the clerk's own text (it is kept as it is) or was not drafted."""
    for part in composition.sections:
        if part.section.id == "overview" and part.drafted:
            made = draft_section(composition.report, "overview", figures)
            assert made is not None
            part.text = made
            return True
    return False


def draft_preamble(report: Report, known_text: str = "") -> list[str]:
    """The opening paragraphs: basis, statistics period, where to get it, whom to ask.

    Contact details already printed in `known_text` (the sections) are not repeated."""
    spec = get_format(report.format)
    meta = report.metadata
    paragraphs = [f"本报告根据{REGULATION}（以下简称《条例》）和{spec.document}文件要求编制。"]
    if meta.statistics_period:
        start, end = (_chinese_date(d) for d in meta.statistics_period)
        paragraphs.append(f"本报告中所列数据的统计期限自{start}起至{end}止。")
    elif report.year:
        paragraphs.append(f"本报告中所列数据的统计期限自{report.year}年1月1日起至"
                          f"{report.year}年12月31日止。")
    if meta.publication_url and meta.publication_url not in known_text:
        paragraphs.append(f"本报告电子版可在{meta.publication_url}下载。")
    contact = [(label, value) for label, value in (
        ("地址", meta.address), ("邮编", meta.postcode), ("联系电话", meta.phone),
        ("传真", meta.fax), ("电子邮箱", meta.email)) if value and value not in known_text]
    if contact:
        who = report.agency or "本机关"
        details = "；".join(f"{label}：{value}" for label, value in contact)
        paragraphs.append(f"如对本报告有任何疑问，请与{who}联系（{details}）。")
    return paragraphs


def _chinese_date(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{year}年{month}月{day}日"
