"""Figures the narrative states: "共收到政府信息公开申请5件", "未发生行政复议、行政诉讼".

Each `Statement` is one figure the text gives for a topic (applications received, reviews, …),
with where it stands. Patterns run clause by clause on normalised text (see `prose.py`), and a
clause is skipped when its sentence speaks of another year or of last year's figures, so that
"较上年增加2件" is not taken for this year's count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gongkai.check.prose import NUMBER, Clause, Prose, parse_number
from gongkai.check.registry import Span

_UNIT = r"(?:件|个|份|宗|起|部)"
_NEGATION = r"(?:未|没有|无|不存在|均未|尚未|暂未|暂无)"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
# A clause about other periods, or about an increase or decrease, states no count of this year.
_OTHER_PERIOD = re.compile(r"结转|上年|上一年|去年|同比|累计|较|增加|减少|历年|以来")


@dataclass(frozen=True)
class Statement:
    topic: str
    value: int  # for the fee topic: 0 = "未收取"
    prose: Prose
    start: int
    end: int

    @property
    def span(self) -> Span:
        return self.prose.span(self.start, self.end)


@dataclass(frozen=True)
class Pattern:
    """A way a topic's figure is stated; `negative` patterns state zero."""

    topic: str
    regex: re.Pattern[str]
    negative: bool = False
    # The sentence must contain one of these (empty: no condition)
    needs: tuple[str, ...] = ()
    # ... and the clause must contain none of these.
    excludes: tuple[str, ...] = ()
    anywhere_in: tuple[str, ...] = ()  # sections where `needs` is not required


def _p(topic: str, regex: str, **kwargs: object) -> Pattern:
    return Pattern(topic, re.compile(regex), **kwargs)  # type: ignore[arg-type]


_RECEIVE = r"(?:收到|新收|受理|接收|接到|收悉)"
_APPLICATION_WORDS = ("信息公开", "依申请")
_NOT_APPLICATIONS = ("复议", "诉讼", "建议", "提案", "咨询", "留言", "举报", "信访")
_DISCLOSURE = ("公开",)
_REVIEW_SECTION = ("reviews_lawsuits",)

PATTERNS: tuple[Pattern, ...] = (
    # 一、本年新收
    _p("received", _RECEIVE + r"[^\d]{0,24}?申请[^\d]{0,4}?" + NUMBER + _UNIT,
       needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    _p("received", _RECEIVE + r"[^\d]{0,6}?" + NUMBER + _UNIT + r"[^\d]{0,12}?申请",
       needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    _p("received", _NEGATION + r"[^\d]{0,4}?" + _RECEIVE + r"[^\d]{0,24}?申请",
       negative=True, needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    # 三（七）总计
    _p("processed", r"(?:办结|办理完毕|答复办结)[^\d]{0,6}?" + NUMBER + _UNIT,
       needs=("申请",), excludes=_NOT_APPLICATIONS),
    # 三（一）予以公开
    _p("granted", r"(?<!部分)(?<!不)(?:予以公开|同意公开|全部公开)[^\d]{0,4}?" + NUMBER + _UNIT,
       needs=("申请",), excludes=_NOT_APPLICATIONS[2:]),
    # 四、行政复议 / 行政诉讼
    _p("reviews", r"行政复议[^\d]{0,8}?" + NUMBER + _UNIT,
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    _p("reviews", NUMBER + _UNIT + r"[^\d]{0,6}?行政复议",
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    _p("reviews", _NEGATION + r"[^\d]{0,20}?行政复议", negative=True,
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    _p("lawsuits", r"行政诉讼[^\d]{0,8}?" + NUMBER + _UNIT,
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    _p("lawsuits", NUMBER + _UNIT + r"[^\d]{0,6}?行政诉讼",
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    _p("lawsuits", _NEGATION + r"[^\d]{0,20}?行政诉讼", negative=True,
       needs=_DISCLOSURE, anywhere_in=_REVIEW_SECTION),
    # 二、规范性文件 / 规章 制发、废止
    _p("normative_issued", r"(?:制发|印发|出台|制定)了?[^\d]{0,10}?规范性文件[^\d]{0,3}?"
       + NUMBER + _UNIT, excludes=("清理", "解读", "修订", "修改", "备案", "审查", "废止", "规章")),
    _p("normative_issued", r"(?:制发|印发|出台|制定)了?" + NUMBER + _UNIT
       + r"(?:行政)?规范性文件", excludes=("解读", "废止", "规章")),
    _p("normative_repealed", r"(?:废止|废除)了?[^\d]{0,10}?规范性文件[^\d]{0,3}?"
       + NUMBER + _UNIT, excludes=("规章", "制发", "印发")),
    _p("normative_repealed", r"(?:废止|废除)了?" + NUMBER + _UNIT + r"(?:行政)?规范性文件",
       excludes=("规章",)),
    _p("regulations_issued", r"(?:制发|制定|出台|印发)了?[^\d]{0,10}?规章(?!制度)[^\d]{0,3}?"
       + NUMBER + _UNIT, excludes=("规范性文件", "清理", "解读", "废止")),
    _p("regulations_repealed", r"(?:废止|废除)了?[^\d]{0,10}?规章(?!制度)[^\d]{0,3}?"
       + NUMBER + _UNIT, excludes=("规范性文件",)),
    # 主动公开 items of the year (compared with the publication register when one is given)
    _p("published", r"主动公开[^\d]{0,12}?信息[^\d]{0,3}?" + NUMBER + r"条",
       excludes=("其中",)),
    # 信息处理费 not collected
    _p("fee_not_collected",
       r"(?:未|没有|不|免|均未|从未)收(?:取)?[^\d]{0,10}?(?:信息处理费|任何费用)", negative=True),
)
# In a clause matched by an affirmative pattern of a topic, that topic's negative is not read.


def _other_year(sentence: str, year: int | None) -> bool:
    return year is not None and any(int(y) != year for y in _YEAR.findall(sentence))


def _applies(pattern: Pattern, clause: Clause, section: str) -> bool:
    if pattern.needs and section not in pattern.anywhere_in and not any(
        word in clause.sentence for word in pattern.needs
    ):
        return False
    return not any(word in clause.text for word in pattern.excludes)


def _clause_statements(clause: Clause, prose: Prose) -> Iterator[Statement]:
    affirmed: set[str] = set()
    for pattern in PATTERNS:
        if pattern.negative and pattern.topic in affirmed:
            continue
        if not _applies(pattern, clause, prose.section):
            continue
        m = pattern.regex.search(clause.text)
        if m is None:
            continue
        if pattern.negative:
            value = 0
        else:
            parsed = parse_number(m.group(1))
            if parsed is None:
                continue
            value = parsed
            affirmed.add(pattern.topic)
        yield Statement(pattern.topic, value, prose, clause.start + m.start(),
                        clause.start + m.end())


# A clause none of whose words occur can state nothing: most clauses are skipped on this alone.
_TRIGGER = re.compile(
    r"收到|新收|受理|接收|接到|收悉|办结|办理完毕|予以公开|同意公开|全部公开|行政复议|行政诉讼"
    r"|规范性文件|规章|收取|收费|信息处理费|任何费用|主动公开"
)


def find_statements(proses: Iterable[Prose], year: int | None) -> list[Statement]:
    """Every figure the narrative states, in text order, one per topic and clause."""
    out: list[Statement] = []
    for prose in proses:
        for clause in prose.clauses():
            if not _TRIGGER.search(clause.text):
                continue
            if _OTHER_PERIOD.search(clause.text) or _other_year(clause.sentence, year):
                continue
            seen: set[str] = set()
            for statement in _clause_statements(clause, prose):
                if statement.topic not in seen:
                    seen.add(statement.topic)
                    out.append(statement)
    return out
