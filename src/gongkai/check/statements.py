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
from gongkai.format.spec import get_format, versions

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
    # Every match contains one of these words (the regex is built from them): a clause
    # containing none of any pattern's words is not searched at all.
    words: tuple[str, ...]
    negative: bool = False
    # The sentence must contain one of these (empty: no condition)
    needs: tuple[str, ...] = ()
    # ... and the clause must contain none of these.
    excludes: tuple[str, ...] = ()
    anywhere_in: tuple[str, ...] = ()  # sections where `needs` is not required


def _p(topic: str, regex: str, words: tuple[str, ...], **kwargs: object) -> Pattern:
    if not words:
        raise ValueError(f"a pattern of {topic} names no words")
    return Pattern(topic, re.compile(regex), words, **kwargs)  # type: ignore[arg-type]


def _any(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


_RECEIVE_WORDS = ("收到", "新收", "受理", "接收", "接到", "收悉")
_RECEIVE = _any(_RECEIVE_WORDS)
_PROCESSED_WORDS = ("办结", "办理完毕", "答复办结")
_GRANTED_WORDS = ("予以公开", "同意公开", "全部公开")
_ISSUE_WORDS = ("制发", "印发", "出台", "制定")
_REPEAL_WORDS = ("废止", "废除")
_FEE_WORDS = ("信息处理费", "任何费用")
_PUBLISHED_WORDS = ("主动公开",)
_APPLICATION_WORDS = ("信息公开", "依申请")
_NOT_APPLICATIONS = ("复议", "诉讼", "建议", "提案", "咨询", "留言", "举报", "信访")
_DISCLOSURE = ("公开",)
_REVIEW_SECTION = ("reviews_lawsuits",)

# Table 四's groups by their outer label (行政复议, 行政诉讼): each is a topic of its own, named
# by that label, its figure the sum of the group totals (`FormatSpec.group_totals`).
GROUP_TOPICS: tuple[str, ...] = tuple(
    dict.fromkeys(label for v in versions() for label in get_format(v).group_totals())
)


def _group_patterns(label: str) -> tuple[Pattern, ...]:
    """The ways a group's figure is stated: "行政复议2件", "2件行政复议", "未发生…行政复议"."""
    word = re.escape(label)
    context = {"needs": _DISCLOSURE, "anywhere_in": _REVIEW_SECTION}
    return (
        _p(label, word + r"[^\d]{0,8}?" + NUMBER + _UNIT, (label,), **context),
        _p(label, NUMBER + _UNIT + r"[^\d]{0,6}?" + word, (label,), **context),
        _p(label, _NEGATION + r"[^\d]{0,20}?" + word, (label,), negative=True, **context),
    )


PATTERNS: tuple[Pattern, ...] = (
    # 一、本年新收
    _p("received", _RECEIVE + r"[^\d]{0,24}?申请[^\d]{0,4}?" + NUMBER + _UNIT, _RECEIVE_WORDS,
       needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    _p("received", _RECEIVE + r"[^\d]{0,6}?" + NUMBER + _UNIT + r"[^\d]{0,12}?申请",
       _RECEIVE_WORDS, needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    _p("received", _NEGATION + r"[^\d]{0,4}?" + _RECEIVE + r"[^\d]{0,24}?申请", _RECEIVE_WORDS,
       negative=True, needs=_APPLICATION_WORDS, excludes=_NOT_APPLICATIONS),
    # 三（七）总计
    _p("processed", _any(_PROCESSED_WORDS) + r"[^\d]{0,6}?" + NUMBER + _UNIT, _PROCESSED_WORDS,
       needs=("申请",), excludes=_NOT_APPLICATIONS),
    # 三（一）予以公开
    _p("granted", r"(?<!部分)(?<!不)" + _any(_GRANTED_WORDS) + r"[^\d]{0,4}?" + NUMBER + _UNIT,
       _GRANTED_WORDS, needs=("申请",), excludes=_NOT_APPLICATIONS[2:]),
    # 四、行政复议 / 行政诉讼
    *(pattern for label in GROUP_TOPICS for pattern in _group_patterns(label)),
    # 二、规范性文件 / 规章 制发、废止
    _p("normative_issued", _any(_ISSUE_WORDS) + r"了?[^\d]{0,10}?规范性文件[^\d]{0,3}?"
       + NUMBER + _UNIT, _ISSUE_WORDS,
       excludes=("清理", "解读", "修订", "修改", "备案", "审查", "废止", "规章")),
    _p("normative_issued", _any(_ISSUE_WORDS) + r"了?" + NUMBER + _UNIT
       + r"(?:行政)?规范性文件", _ISSUE_WORDS, excludes=("解读", "废止", "规章")),
    _p("normative_repealed", _any(_REPEAL_WORDS) + r"了?[^\d]{0,10}?规范性文件[^\d]{0,3}?"
       + NUMBER + _UNIT, _REPEAL_WORDS, excludes=("规章", "制发", "印发")),
    _p("normative_repealed", _any(_REPEAL_WORDS) + r"了?" + NUMBER + _UNIT
       + r"(?:行政)?规范性文件", _REPEAL_WORDS, excludes=("规章",)),
    _p("regulations_issued", _any(_ISSUE_WORDS) + r"了?[^\d]{0,10}?规章(?!制度)[^\d]{0,3}?"
       + NUMBER + _UNIT, _ISSUE_WORDS, excludes=("规范性文件", "清理", "解读", "废止")),
    _p("regulations_repealed", _any(_REPEAL_WORDS) + r"了?[^\d]{0,10}?规章(?!制度)[^\d]{0,3}?"
       + NUMBER + _UNIT, _REPEAL_WORDS, excludes=("规范性文件",)),
    # 主动公开 items of the year (compared with the publication register when one is given)
    _p("published", _any(_PUBLISHED_WORDS) + r"[^\d]{0,12}?信息[^\d]{0,3}?" + NUMBER + r"条",
       _PUBLISHED_WORDS, excludes=("其中",)),
    # 信息处理费 not collected
    _p("fee_not_collected",
       r"(?:未|没有|不|免|均未|从未)收(?:取)?[^\d]{0,10}?" + _any(_FEE_WORDS), _FEE_WORDS,
       negative=True),
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
TRIGGER = re.compile(_any(tuple(dict.fromkeys(w for p in PATTERNS for w in p.words))))


def find_statements(proses: Iterable[Prose], year: int | None) -> list[Statement]:
    """Every figure the narrative states, in text order, one per topic and clause."""
    out: list[Statement] = []
    for prose in proses:
        for clause in prose.clauses():
            if not TRIGGER.search(clause.text):
                continue
            if _OTHER_PERIOD.search(clause.text) or _other_year(clause.sentence, year):
                continue
            seen: set[str] = set()
            for statement in _clause_statements(clause, prose):
                if statement.topic not in seen:
                    seen.add(statement.topic)
                    out.append(statement)
    return out
