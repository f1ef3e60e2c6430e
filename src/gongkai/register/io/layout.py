"""The column layout of a register file: one sheet (XLSX) or one file (CSV) per part.

Every statutory label here comes from the format data (`gongkai.format.spec`) or from the
register's model: applicant types and outcomes are the columns and result rows of table 三,
case kinds and results the groups and columns of table 四, document kinds and the yearly
figures the rows of table 二. docs/register.md is generated from this module
(`python -m gongkai.register.io.docs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from gongkai.format.normalize import bare_label, norm_label
from gongkai.format.spec import CellDef, get_format
from gongkai.register.deadlines import EXTENSION_DAYS
from gongkai.register.model import (
    REGISTER_FORMAT,
    WITHDRAWN_OUTCOME,
    YEARLY_KEYS,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    applicant_types,
    outcomes,
)
from gongkai.register.parts import Part


class ColumnType(StrEnum):
    text = "text"
    date = "date"
    dates = "dates"  # several dates, separated by “；”
    choice = "choice"
    yuan = "yuan"
    amount_10k_yuan = "amount_10k_yuan"
    count = "count"
    year = "year"
    # used by other lists that share these helpers (gongkai.publish.io)
    datetime = "datetime"
    texts = "texts"  # several texts, separated by “；”
    yes_no = "yes_no"
    ordinal = "ordinal"
    lines = "lines"  # one text per line, in the order of the dates of the column before


TYPE_ZH = {
    ColumnType.text: "文字",
    ColumnType.date: "日期",
    ColumnType.dates: "日期（可多个）",
    ColumnType.choice: "选项",
    ColumnType.yuan: "金额（元）",
    ColumnType.amount_10k_yuan: "金额（万元）",
    ColumnType.count: "件数",
    ColumnType.year: "年份",
    ColumnType.datetime: "日期时间",
    ColumnType.texts: "文字（可多个）",
    ColumnType.yes_no: "是/否",
    ColumnType.ordinal: "序号",
    ColumnType.lines: "文字（每行一项）",
}
TYPE_EN = {
    ColumnType.text: "text",
    ColumnType.date: "date",
    ColumnType.dates: "dates (one or more)",
    ColumnType.choice: "choice",
    ColumnType.yuan: "amount in yuan",
    ColumnType.amount_10k_yuan: "amount in 10,000 yuan",
    ColumnType.count: "count",
    ColumnType.year: "year",
    ColumnType.datetime: "date and time",
    ColumnType.texts: "texts (one or more)",
    ColumnType.yes_no: "yes/no",
    ColumnType.ordinal: "ordinal number",
    ColumnType.lines: "texts (one a line)",
}

DATE_SEPARATOR = "；"  # between the dates of a `dates` cell on export
# Accepted on import between the dates (or texts) of one cell, as a reader names them.
ACCEPTED_SEPARATORS = {"；": "“；”", ";": "“;”", "、": "“、”", "，": "“，”", ",": "“,”",
                       "\n": "换行"}
DATE_SEPARATORS = re.compile(f"[{''.join(ACCEPTED_SEPARATORS)}]+")  # accepted on import
LIST_SEPARATOR = DATE_SEPARATOR  # between the texts of a `texts` cell on export
LIST_SEPARATORS = DATE_SEPARATORS  # accepted on import


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: ColumnType
    required: bool
    zh: str
    en: str
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other headers accepted on import

    def matches(self, header: str) -> bool:
        wanted = norm_label(header)
        return any(norm_label(h) == wanted for h in (self.header, *self.aliases))


@dataclass(frozen=True)
class Sheet:
    part: StrEnum  # a register `Part`, or the part of another list sharing these helpers
    title: str  # the sheet's name in a workbook, the suffix of a CSV file's name
    zh: str
    en: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# ------------------------------------------------------------- labels taken from the format

def _cell(key: str) -> CellDef:
    return get_format(REGISTER_FORMAT).cells[key]


@cache
def case_kind_labels() -> dict[CaseKind, str]:
    """行政复议 / 未经复议直接起诉 / 复议后起诉: the groups of table 四."""
    return {k: _cell(f"t4.{k.value}.total").row_path[-1] for k in CaseKind}


@cache
def case_result_labels() -> dict[CaseResult, str]:
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结: the result columns of table 四."""
    return {r: _cell(f"t4.review.{r.value}").column_path[-1] for r in CaseResult}


@cache
def document_kind_labels() -> dict[DocumentKind, str]:
    """规章 / 行政规范性文件: the document rows of table 二."""
    return {k: _cell(f"t2.{k.value}.issued").row_path[-1] for k in DocumentKind}


@cache
def yearly_headers() -> dict[str, str]:
    """行政许可决定, …, 收费金额（万元）: table 二's row labels with what the column counts."""
    out = {}
    for field, key in YEARLY_KEYS.items():
        cell = _cell(key)
        if cell.kind == "amount_10k_yuan":  # 本年收费金额（单位：万元） → 收费金额（万元）
            out[field] = cell.column_path[-1].removeprefix("本年").replace("单位：", "")
        else:  # 行政许可 + 本年处理决定数量 → 行政许可决定
            out[field] = f"{cell.row_path[-1]}决定"
    return out


def _cell_words(field: str) -> str:
    """Table 二's cell of a yearly figure as the format prints it: 行政许可：本年处理决定数量."""
    cell = _cell(YEARLY_KEYS[field])
    return f"表二“{cell.row_path[-1]}”行的“{cell.column_path[-1]}”"


# What a yearly figure's column says beyond its cell of table 二, by the cell's kind.
_YEARLY_MORE = {
    ColumnType.count: ("", "{} made in the year"),
    ColumnType.amount_10k_yuan: ("，最多六位小数", "administrative {} collected in the year, "
                                 "in 10,000 yuan"),
}


def _yearly_column(field: str) -> Column:
    """The column of a yearly figure: its type is its table 二 cell's kind (件数 or 万元); an
    amount is also accepted under its column's printed label."""
    cell = _cell(YEARLY_KEYS[field])
    kind = ColumnType(cell.kind)
    zh_more, en = _YEARLY_MORE[kind]
    what = field.removesuffix("_10k_yuan").replace("_", " ")
    aliases = (cell.column_path[-1],) if kind is ColumnType.amount_10k_yuan else ()
    return Column(yearly_headers()[field], field, kind, False, f"{_cell_words(field)}{zh_more}",
                  en.format(what), aliases=aliases)


def outcome_example() -> tuple[str, str]:
    """An outcome written without numbering or note, as a path and as its last segment:
    (不予公开/属于国家秘密, 属于国家秘密) — the first result row with a sub-row."""
    label = next(label for label in outcomes().values() if "/" in label)
    path = "/".join(bare_label(segment) for segment in label.split("/"))
    return path, path.rsplit("/", 1)[1]


def results_heading() -> str:
    """三、本年度办理结果: the heading of table 三's result rows (2021 format)."""
    return _cell(f"t3.{next(iter(outcomes()))}.total").row_path[0]


def quoted(labels: list[str] | tuple[str, ...], last: str = "") -> str:
    """“甲”、“乙”: labels as a list in a sentence; `last` joins the last two (“甲”、“乙”或“丙”
    for "或", “甲”还是“乙” for "还是")."""
    words = [f"“{label}”" for label in labels]
    if last and len(words) > 1:
        return "、".join(words[:-1]) + last + words[-1]
    return "、".join(words)


# ------------------------------------------------------------------------------ the sheets

NOTE_SUFFIX = "_note"  # an event's note column: its date column's key with this suffix …
EXTENSION_REASON = "extension_reason"  # … except the extension's, which holds its reason


def _noted(date: Column, header: str, zh: str, en: str, *, key: str = "",
           between: tuple[Column, ...] = ()) -> tuple[Column, ...]:
    """An event's date column, the columns `between`, and the column of its note (blank
    unless the date is given)."""
    note = Column(header, key or f"{date.key}{NOTE_SUFFIX}", ColumnType.text, False,
                  f"{zh}；没有{date.header}时不填", en)
    return (date, *between, note)


@cache
def sheets() -> tuple[Sheet, ...]:
    channels = tuple(c.value for c in Channel)
    applicants = tuple(applicant_types().values())
    results = tuple(outcomes().values())
    withdrawn = outcomes()[WITHDRAWN_OUTCOME]
    kinds = tuple(case_kind_labels().values())
    case_results = tuple(case_result_labels().values())
    pending = case_result_labels()[CaseResult.pending]
    doc_kinds = tuple(document_kind_labels().values())
    results_heading_ = results_heading()
    example = outcome_example()
    d, ds, lines = ColumnType.date, ColumnType.dates, ColumnType.lines
    applications = Sheet(
        Part.applications, "申请",
        "依申请公开台账：每件政府信息公开申请一行。",
        "The application register: one row per application.",
        (
            Column("申请编号", "number", ColumnType.text, True,
                   "本机关台账中唯一的编号", "the application's number, unique in the register",
                   aliases=("编号",)),
            Column("收到方式", "channel", ColumnType.choice, True,
                   f"{quoted(channels)}之一；也接受“网上”“信函”等常见写法",
                   "how it reached the agency (条例第三十一条)", channels,
                   aliases=("申请方式", "提交方式")),
            Column("提交日期", "submitted", d, True,
                   "申请人当面提交、寄出、在网上或用传真提交的日期",
                   "the day the applicant handed in, posted or sent it",
                   aliases=("申请日期",)),
            Column("确认日期", "confirmed", d, False,
                   "机关签收邮寄申请、与申请人确认网络或传真申请的日期（条例第三十一条）；"
                   "当面提交的不填",
                   "the day the agency signed for it or confirmed it; blank for in person"),
            Column("申请人", "applicant", ColumnType.text, True,
                   "申请人姓名或名称", "the applicant's name"),
            Column("申请人类型", "applicant_type", ColumnType.choice, True,
                   f"表三的申请人类型，{quoted(applicants)}之一；“公民”“个人”按自然人计",
                   "an applicant column of table 三", applicants, aliases=("申请人类别",)),
            Column("申请内容", "content", ColumnType.text, False,
                   "申请公开的政府信息", "the information requested"),
            *_noted(Column("补正告知日期", "correction_requested", d, False,
                           "一次性告知申请人补正的日期（条例第三十条）",
                           "the day a correction was requested (条例第三十条)"),
                    "补正告知内容", "告知申请人需要补正的事项",
                    "what the applicant was asked to correct"),
            *_noted(Column("收到补正日期", "correction_received", d, False,
                           "收到补正后申请的日期，答复期限自此重新计算",
                           "the day the corrected application was received"),
                    "收到补正说明", "收到补正的说明", "a note on the correction received"),
            Column("征求第三方意见日期", "third_party_started", ds, False,
                   "书面征求第三方意见的日期（条例第三十二条）；征求多个第三方时填多个日期，"
                   f"用“{DATE_SEPARATOR}”分隔",
                   f"the days third parties were consulted; several separated by "
                   f"“{DATE_SEPARATOR}”"),
            Column("征求第三方意见说明", "third_party_started_note", lines, False,
                   "每次征求意见的说明（如征求了谁的意见），每行一条，与征求意见日期按先后"
                   "一一对应；某次没有说明的留一个空行",
                   "a note on each consultation, one a line, in the order of the dates"),
            Column("第三方答复日期", "third_party_answered", ds, False,
                   "第三方答复的日期，与征求意见日期按顺序一一对应；尚未答复的不填",
                   "the days they answered, in the same order"),
            Column("第三方答复说明", "third_party_answered_note", lines, False,
                   "每个第三方答复的说明（如是否同意公开），每行一条，与第三方答复日期按先后"
                   "一一对应；某个没有说明的留一个空行",
                   "a note on each answer, one a line, in the order of the dates"),
            *_noted(Column("延期日期", "extension", d, False,
                           "批准延长答复期限的日期（条例第三十三条，只能延期一次、最长 "
                           f"{EXTENSION_DAYS} 个工作日）",
                           f"the day an extension was approved (one, of at most "
                           f"{EXTENSION_DAYS} working days)"),
                    "延期理由", "延期的理由", "the reason for the extension",
                    key=EXTENSION_REASON),
            *_noted(Column("收费通知日期", "fee_notice", d, False,
                           "发出信息处理费收费通知的日期（国办函〔2020〕109号）",
                           "the day a fee notice was issued"),
                    "收费通知说明", "收费通知的说明", "a note on the fee notice",
                    between=(Column("收费金额（元）", "fee_yuan", ColumnType.yuan, False,
                                    "收费通知的金额，单位元，最多两位小数",
                                    "the fee notice's amount in yuan",
                                    aliases=("收费金额",)),)),
            *_noted(Column("缴费日期", "fee_paid", d, False,
                           "申请人缴纳费用的日期", "the day the fee was paid"),
                    "缴费说明", "缴费的说明", "a note on the payment"),
            *_noted(Column("答复日期", "answered", d, False,
                           "作出答复的日期", "the day the agency answered"),
                    "答复说明", "答复的说明（如答复书文号）", "a note on the answer"),
            Column("办理结果", "outcome", ColumnType.choice, False,
                   f"答复的办理结果：表三（2021 年格式）“{results_heading_}”的一项，见下表；"
                   f"可写完整路径（如“{example[0]}”），也可只写不会混淆的最后一级"
                   f"（如“{example[1]}”）",
                   "the outcome of the answer: one result row of table 三 (2021 format)",
                   results, aliases=("答复结果", "处理结果")),
            *_noted(Column("撤回日期", "withdrawn", d, False,
                           f"申请人撤回申请的日期；撤回的申请计入“{withdrawn}”，"
                           "不填答复日期和办理结果",
                           f"the day the applicant withdrew it; counted under “{withdrawn}”"),
                    "撤回说明", "撤回的说明", "a note on the withdrawal"),
        ),
    )
    cases = Sheet(
        Part.cases, "复议诉讼案件",
        "行政复议和行政诉讼案件：每件一行，用于表四。",
        "Review and lawsuit cases for table 四: one row per case.",
        (
            Column("编号", "number", ColumnType.text, True,
                   "本机关案件台账中唯一的编号", "the case's number, unique in the register",
                   aliases=("案件编号",)),
            Column("类型", "kind", ColumnType.choice, True,
                   f"表四的{quoted(kinds)}之一", "a group of table 四", kinds,
                   aliases=("案件类型",)),
            Column("立案日期", "filed", d, True,
                   "复议机关受理或法院立案的日期；案件计入立案当年的表四",
                   "the day the case was filed; it counts in that year's table 四"),
            Column("审结日期", "decided", d, False,
                   "作出复议决定或裁判的日期；尚未审结的不填", "the day it was decided"),
            Column("结果", "result", ColumnType.choice, False,
                   f"表四的{quoted(case_results)}之一（也可写“维持”“纠正”“其他”）；"
                   f"没有审结日期时不填或填“{pending}”",
                   "a result column of table 四; blank while pending", case_results,
                   aliases=("案件结果", "审理结果")),
        ),
    )
    documents = Sheet(
        Part.documents, "规范性文件",
        "本机关制发的规章和行政规范性文件：每件一行，用于表二。",
        "Regulations and normative documents the agency issued, for table 二.",
        (
            Column("类型", "kind", ColumnType.choice, True,
                   f"{quoted(doc_kinds)}之一", "a document row of table 二", doc_kinds,
                   aliases=("文件类型",)),
            Column("标题", "title", ColumnType.text, True, "文件标题", "the title",
                   aliases=("文件名称", "名称")),
            Column("文号", "number", ColumnType.text, False, "发文字号", "the document number"),
            Column("印发日期", "issued", d, True, "印发的日期", "the day it was issued",
                   aliases=("发布日期", "制发日期")),
            Column("废止日期", "repealed", d, False, "废止或失效的日期；现行有效的不填",
                   "the day it was repealed; blank while in force"),
        ),
    )
    yearly = Sheet(
        Part.yearly, "年度数据",
        "表二中台账不能从文件推出的数字：每年一行。没有发生的填 0；空白表示没有记录，"
        "算出的表二中该单元格留空（不按 0 计），并提示需手工填写。",
        "The figures of table 二 the register cannot derive: one row per year. A blank figure "
        "is not recorded: its cell of table 二 stays blank (never 0) and is named in a "
        "warning.",
        (
            Column("年度", "year", ColumnType.year, True, "年份，如 2024", "the year",
                   aliases=("年份",)),
            *(_yearly_column(field) for field in YEARLY_KEYS),
        ),
    )
    return (applications, cases, documents, yearly)


def find_part(sheets_: tuple[Sheet, ...], part: StrEnum) -> Sheet:
    """The sheet of `sheets_` holding `part`."""
    return next(s for s in sheets_ if s.part is part)


def sheet(part: Part) -> Sheet:
    return find_part(sheets(), part)


def sheet_named(title: str) -> Sheet | None:
    return find_sheet(sheets(), title)


def find_sheet(sheets_: tuple[Sheet, ...], title: str) -> Sheet | None:
    """The sheet of `sheets_` named `title` (as normalised labels compare), or None."""
    wanted = norm_label(title)
    return next((s for s in sheets_ if norm_label(s.title) == wanted), None)
