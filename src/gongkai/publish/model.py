"""Proactive disclosure (主动公开): publication items, their review trail and their attribute.

An item goes through the review steps its agency requires (`Workflow`): first review (初审),
review (审核), sign-off (审发), proofreading (校对) and secrecy review (保密审查, with its
checklist). Every decision is an entry in the item's trail, kept for good: a decision is never
edited; a correction is a new entry that names the one it corrects (`corrects`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from gongkai.format.spec import get_format
from gongkai.register.model import REGISTER_FORMAT, DocumentKind


class Attribute(StrEnum):
    """公开属性 of a document, decided when it is drafted."""

    proactive = "主动公开"
    on_request = "依申请公开"
    withheld = "不予公开"


class Decision(StrEnum):
    passed = "通过"
    returned = "退回"


# The kind counted in table 二's normative-document row: that row's label (行政规范性文件).
NORMATIVE_KIND = get_format(REGISTER_FORMAT).cells[
    f"t2.{DocumentKind.normative_document.value}.in_force"].row_path[-1]
# Kinds and channels agencies use; an agency may use others (they are free text).
KINDS = ("部门文件", NORMATIVE_KIND, "政策解读", "工作动态", "公示公告", "行政执法",
         "财政预决算", "人大建议政协提案办理", "人事信息", "其他")
CHANNELS = ("政府网站", "政务微信", "政务微博", "政务客户端", "政府公报", "报刊", "广播电视",
            "查阅场所", "新闻发布会")
INTERPRETATION_KIND = "政策解读"
# Common spellings of the usual channels (compared without case or width), → the channel.
CHANNEL_FORMS = {
    "网站": "政府网站",
    "门户网站": "政府网站",
    "政府门户网站": "政府网站",
    "微信": "政务微信",
    "微信公众号": "政务微信",
    "政务微信公众号": "政务微信",
    "微博": "政务微博",
    "客户端": "政务客户端",
    "政务app": "政务客户端",
    "公报": "政府公报",
    "报纸": "报刊",
}

# What a secrecy review answers for every item (保密审查); each must be answered 否 to pass.
SECRECY_CHECKLIST = (
    "是否涉及国家秘密",
    "是否涉及工作秘密",
    "是否涉及商业秘密",
    "是否涉及个人隐私",
    "是否可能危及国家安全、公共安全、经济安全和社会稳定",
    "是否属于内部事务信息或过程性信息",
)


@dataclass(frozen=True)
class ReviewEntry:
    """One decision in an item's trail: never changed once made."""

    id: int
    step: str  # one of the workflow's steps
    reviewer: str
    at: datetime
    decision: Decision
    comment: str = ""
    checklist: tuple[tuple[str, bool], ...] = ()  # (question, answered 是) for secrecy review
    corrects: int | None = None  # the entry this one corrects


@dataclass
class PublicationItem:
    title: str
    kind: str
    attribute: Attribute = Attribute.proactive
    attribute_reason: str = ""  # the legal reason when not 主动公开
    number: str = ""  # 文号
    channels: tuple[str, ...] = ()
    drafted: date | None = None
    published: date | None = None
    issued: date | None = None  # normative documents: 印发日期
    repealed: date | None = None
    interpretation_of: str | None = None  # a 政策解读's document (title or number)
    trail: list[ReviewEntry] = field(default_factory=list)
    submissions: list[datetime] = field(default_factory=list)  # each (re)submission for review

    def __post_init__(self) -> None:
        if self.attribute is not Attribute.proactive and not self.attribute_reason.strip():
            raise ValueError(f"“{self.title}”的公开属性为{self.attribute}，须写明理由和依据")

    @property
    def key(self) -> str:
        return self.number or self.title
