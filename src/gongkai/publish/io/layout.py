"""The column layout of a publication list: the items (信息) and their review trail (审核记录),
one sheet each in a workbook, one file each as CSV.

The column types, the `Column` and `Sheet` records and the cell parsers are the register's
(`gongkai.register.io`); the kinds, channels, attributes, decisions and the secrecy checklist
are the domain's (`gongkai.publish.model`). docs/publish.md is generated from this module
(`python -m gongkai.publish.io.docs`).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from gongkai.format.spec import label_variants
from gongkai.publish.model import (
    CHANNEL_FORMS,
    CHANNELS,
    INTERPRETATION_KIND,
    KINDS,
    NORMATIVE_KIND,
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
)
from gongkai.publish.workflow import SECRECY_STEP, Workflow
from gongkai.register.io.layout import (
    DATE_SEPARATOR,
    Column,
    ColumnType,
    Sheet,
    find_part,
    find_sheet,
    quoted,
)


class PublishPart(StrEnum):
    items = "items"
    reviews = "reviews"


ALL_PARTS: tuple[PublishPart, ...] = tuple(PublishPart)

# A row of the review trail that (re)submits the item rather than deciding a step.
SUBMIT_STEP = "提交审核"
SUBMIT_FORMS = ("提交", "送审", "重新提交", "提交审核")
CHECKLIST_KEYS: dict[str, str] = {q: f"secrecy_{n}" for n, q in enumerate(SECRECY_CHECKLIST, 1)}


def channel_forms_words() -> str:
    """“网站”“门户网站”按“政府网站”，…计: the common spellings of the usual channels."""
    by_channel: dict[str, list[str]] = {}
    for form, channel in CHANNEL_FORMS.items():
        by_channel.setdefault(channel, []).append(f"“{form}”")
    rules = [f"{''.join(forms)}按“{channel}”" for channel, forms in by_channel.items()]
    return "，".join(rules) + "计"


@cache
def sheets() -> tuple[Sheet, ...]:
    d = ColumnType.date
    attributes = tuple(a.value for a in Attribute)
    decisions = tuple(d.value for d in Decision)
    default_steps = "、".join(Workflow().steps)
    normative_forms = tuple(f for f in label_variants(NORMATIVE_KIND) if f != NORMATIVE_KIND)
    items = Sheet(
        PublishPart.items, "信息",
        "本机关制作、审核和发布的政府信息：每条一行。",
        "The information items the agency drafted, reviewed and published: one row each.",
        (
            Column("标题", "title", ColumnType.text, True,
                   "信息的标题；没有文号的信息以标题区分，标题不能重复",
                   "the title; items without a document number are told apart by title",
                   aliases=("信息标题", "信息名称", "名称")),
            Column("类别", "kind", ColumnType.text, True,
                   f"常用类别：{quoted(KINDS)}；{quoted(normative_forms)}按“{NORMATIVE_KIND}”"
                   "计。其他写法按原样计数，导入时提示",
                   "the kind; the usual ones are listed, others are counted as written "
                   "(with a warning)", KINDS, aliases=("信息类别", "分类")),
            Column("文号", "number", ColumnType.text, False,
                   "发文字号；有文号的信息以文号区分，文号不能重复",
                   "the document number, unique when given", aliases=("发文字号",)),
            Column("公开属性", "attribute", ColumnType.choice, False,
                   f"{quoted(attributes)}之一；不填为“{Attribute.proactive}”",
                   "the disclosure attribute; blank is 主动公开", attributes,
                   aliases=("公开方式",)),
            Column("不公开理由", "attribute_reason", ColumnType.text, False,
                   f"公开属性不是“{Attribute.proactive}”时必填：理由和法律依据"
                   "（如“属于内部事务信息（条例第十六条第一款）”）",
                   "the reason and legal basis when the attribute is not 主动公开",
                   aliases=("不公开依据", "理由")),
            Column("发布渠道", "channels", ColumnType.texts, False,
                   f"可填多个，用“{DATE_SEPARATOR}”分隔。常用渠道：{quoted(CHANNELS)}；"
                   f"{channel_forms_words()}；其他写法按原样计数，导入时提示。"
                   "已发布的信息至少填一个",
                   f"the channels it was published through, separated by “{DATE_SEPARATOR}”",
                   CHANNELS,
                   aliases=("发布途径", "公开渠道", "公开途径", "渠道")),
            Column("起草日期", "drafted", d, False, "起草的日期", "the day it was drafted"),
            Column("发布日期", "published", d, False,
                   f"发布的日期；未发布的不填。只有“{Attribute.proactive}”的信息可以发布；"
                   "有审核记录的信息须在各审核步骤通过后发布",
                   "the day it was published; blank while unpublished",
                   aliases=("公开日期",)),
            Column("印发日期", "issued", d, False,
                   "文件印发的日期；表二按行政规范性文件的印发日期和废止日期统计",
                   "the day a document was issued (table 二 counts normative documents by it)",
                   aliases=("成文日期",)),
            Column("废止日期", "repealed", d, False, "文件废止或失效的日期；现行有效的不填",
                   "the day it was repealed; blank while in force", aliases=("失效日期",)),
            Column("解读对象", "interpretation_of", ColumnType.text, False,
                   f"只用于“{INTERPRETATION_KIND}”：所解读文件的文号或标题"
                   "（文件与解读同步发布，即“三同步”）",
                   "for a policy interpretation: the number or title of the document it "
                   "interprets", aliases=("解读文件",)),
        ),
    )
    checklist = tuple(
        Column(question, key, ColumnType.yes_no, False,
               f"保密审查清单：{question}。只用于“{SECRECY_STEP}”，每一项都要回答；"
               "答“是”的不能通过",
               "secrecy checklist question; answered for the secrecy review only")
        for question, key in CHECKLIST_KEYS.items())
    reviews = Sheet(
        PublishPart.reviews, "审核记录",
        "每条信息的审核记录：每次提交审核、每个审核步骤的每次结论各一行，按时间先后排列。"
        "审核记录保存后不能修改或删除，更正须新增一行。",
        "The review trail: a row for each submission and each decision, in time order. "
        "Kept for good: a correction is a new row.",
        (
            Column("标题或文号", "item", ColumnType.text, True,
                   "“信息”表中的文号，没有文号的写标题",
                   "the item's document number, or its title when it has none",
                   aliases=("文号或标题", "信息", "信息标题", "标题")),
            Column("记录编号", "id", ColumnType.ordinal, False,
                   "这条结论在该信息审核记录中的序号（1、2、3……，“提交审核”的行不编号）；"
                   "不填时按本表中的先后顺序编号",
                   "the decision's number in the item's trail (1, 2, 3, …); blank: by order"),
            Column("步骤", "step", ColumnType.text, True,
                   f"本机关的审核步骤之一（默认为{default_steps}），或“{SUBMIT_STEP}”"
                   "（提交或退回后重新提交）。没有“提交审核”行时，第一条结论和退回后的下一条"
                   "结论视为在其时间提交",
                   f"one of the agency's review steps, or {SUBMIT_STEP} for a (re)submission",
                   aliases=("审核步骤", "环节")),
            Column("时间", "at", ColumnType.datetime, True,
                   "提交或作出结论的时间，如“2025-03-02 14:30”；只写日期时按当日 0 时",
                   "when it was submitted or decided", aliases=("审核时间", "日期")),
            Column("审核人", "reviewer", ColumnType.text, False,
                   "作出结论的人；结论行必填，“提交审核”的行不填",
                   "who decided; required for a decision", aliases=("审核人员", "经办人")),
            Column("结论", "decision", ColumnType.choice, False,
                   f"{quoted(decisions)}之一；结论行必填，“提交审核”的行不填",
                   "the decision", decisions, aliases=("审核结论",)),
            Column("意见", "comment", ColumnType.text, False,
                   "审核意见；退回和更正时必填（退回的理由、更正的理由）",
                   "the comment; required when returning and when correcting",
                   aliases=("审核意见", "退回意见", "更正理由")),
            Column("更正记录编号", "corrects", ColumnType.ordinal, False,
                   "更正以前的结论时，填被更正的那条记录的记录编号；这一行的结论取代它，"
                   "原记录仍然保留",
                   "the number of the earlier decision this row corrects (it stays in the "
                   "trail)", aliases=("更正编号",)),
            *checklist,
        ),
    )
    return (items, reviews)


def sheet(part: PublishPart) -> Sheet:
    return find_part(sheets(), part)


def sheet_named(title: str) -> Sheet | None:
    return find_sheet(sheets(), title)
