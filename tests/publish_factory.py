"""Random publication lists for the import/export, store and CLI tests, made with the domain's
own workflow: every usual kind and channel, every attribute, items published in several years,
items still under review, review trails with returns, resubmissions, secrecy checklists and
corrections (before and after publication), items published before their review was kept
(no trail), normative documents with their interpretations (on time, late, missing) and
repealed documents."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from gongkai.publish import (
    CHANNELS,
    KINDS,
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    Workflow,
    correct,
    decide,
    next_step,
    publish,
    record_published,
    returned_comment,
    submit,
)
from gongkai.publish.workflow import SECRECY_STEP

WORKFLOW = Workflow()
SHORT_WORKFLOW = Workflow(("初审", "保密审查", "审发"))
CLEAR = dict.fromkeys(SECRECY_CHECKLIST, False)
REVIEWERS = ["王科员", "李科长", "保密员张某", "赵副局长", "陈局长", "O'Neil"]
RETURNS = ["第二段含有个人电话，请删除", "标题有误，请修改", "附件缺失",
           "数据与统计表不一致，请核实"]
REASONS = ["属于内部事务信息（条例第十六条第一款）", "涉及个人隐私（条例第十五条）",
           "属于过程性信息（条例第十六条第二款）"]
TOPICS = ["关于开展安全生产大检查的通知", "关于印发2025年工作要点的通知", "某路段临时交通管制公告",
          '关于"双随机、一公开"抽查结果的公示', "=1+1 不是公式", "多行\n标题", "001号公告",
          "关于某项目环境影响评价的批复"]
ORDINARY = [k for k in KINDS if k not in ("行政规范性文件", "政策解读")]


def _later(rng: random.Random, at: datetime, low: int = 5, high: int = 300) -> datetime:
    return at + timedelta(minutes=rng.randint(low, high), seconds=rng.choice([0, 0, 0, 17]))


def review(rng: random.Random, item: PublicationItem, workflow: Workflow,
           start: datetime) -> datetime | None:
    """Put `item` through `workflow` from `start` with returns and corrections; the time all
    steps passed, or None when it is left under review."""
    at = start
    submit(item, at)
    for _ in range(40):
        step = next_step(item, workflow)
        if step is None and returned_comment(item) is not None:
            at = _later(rng, at, 60, 3000)
            submit(item, at)
            continue
        if step is None:
            return at
        if rng.random() < 0.04:
            return None  # still waiting for this step
        at = _later(rng, at)
        who = rng.choice(REVIEWERS)
        returned = rng.random() < 0.12
        checklist = None
        if step == SECRECY_STEP:
            checklist = dict(CLEAR)
            if returned and rng.random() < 0.5:
                checklist[rng.choice(SECRECY_CHECKLIST)] = True
        entry = decide(item, workflow, step=step, reviewer=who, at=at,
                       decision=Decision.returned if returned else Decision.passed,
                       comment=rng.choice(RETURNS) if returned else rng.choice(["", "同意"]),
                       checklist=checklist)
        if not returned and rng.random() < 0.06:  # a mistaken pass, corrected to a return
            at = _later(rng, at)
            correct(item, entry.id, reviewer=who, at=at, decision=Decision.returned,
                    comment="误点通过，" + rng.choice(RETURNS))
        elif returned and not any((checklist or {}).values()) and rng.random() < 0.25:
            # a mistaken return, corrected to a pass
            at = _later(rng, at)
            correct(item, entry.id, reviewer=who, at=at, decision=Decision.passed,
                    comment="退回有误，予以更正", checklist=checklist)
    return None


def _channels(rng: random.Random) -> tuple[str, ...]:
    return tuple(rng.sample(CHANNELS, rng.choice([1, 1, 2, 3])))


def _publish(rng: random.Random, item: PublicationItem, workflow: Workflow, day: date,
             done: datetime | None, legacy: bool) -> None:
    if legacy:
        record_published(item, day, _channels(rng))
        return
    if done is None or item.attribute is not Attribute.proactive:
        return
    publish(item, workflow, max(day, done.date()), _channels(rng))
    if rng.random() < 0.05:  # a correction noted after publication, on a later day
        entry = rng.choice([e for e in item.trail if e.decision is Decision.passed])
        at = datetime.combine(item.published, time(9)) + timedelta(days=rng.randint(1, 20))
        correct(item, entry.id, reviewer=entry.reviewer, at=at, decision=Decision.passed,
                comment="更正：审核人签名笔误",
                checklist=dict(entry.checklist) if entry.step == SECRECY_STEP else None)


def random_items(seed: int, years: range = range(2022, 2026), count: int = 150,
                 workflow: Workflow = WORKFLOW, tag: str = "") -> list[PublicationItem]:
    """`count` items or so (and the interpretations of the normative documents among them);
    `tag` starts every title and number, so that lists made with different tags do not share
    an item."""
    rng = random.Random(seed)
    items: list[PublicationItem] = []
    first, last = date(years[0], 1, 1), date(years[-1], 12, 10)

    def day() -> date:
        return first + timedelta(days=rng.randint(0, (last - first).days))

    def start(on: date) -> datetime:
        return datetime.combine(on, time(rng.randint(8, 17), rng.randint(0, 59)))

    for n in range(count):
        drafted = day()
        legacy = rng.random() < 0.15
        if n % 6 == 0:  # a normative document, with (mostly) its interpretation
            number = f"{tag}某府规〔{drafted.year}〕{n + 1}号"
            doc = PublicationItem(f"{tag}关于规范某某事项管理的办法（{n}）", "行政规范性文件",
                                  number=number, drafted=drafted)
            done = None if legacy else review(rng, doc, workflow, start(drafted))
            on = drafted + timedelta(days=rng.randint(1, 20))
            _publish(rng, doc, workflow, on, done, legacy)
            doc.issued = (doc.published or on) - timedelta(days=rng.randint(0, 1))
            if rng.random() < 0.3:
                doc.repealed = doc.issued + timedelta(days=rng.randint(100, 900))
            items.append(doc)
            mode = rng.random()
            if doc.published is None or mode < 0.1:
                continue  # no interpretation
            target = rng.choice([number, doc.title])
            interp = PublicationItem(f"{tag}《关于规范某某事项管理的办法（{n}）》政策解读",
                                     "政策解读", interpretation_of=target, drafted=drafted)
            late = mode < 0.25
            when = doc.published + timedelta(days=rng.randint(3, 30) if late else 0)
            done = None if legacy else review(rng, interp, workflow, start(drafted))
            if done is not None and done.date() > when:
                done = None  # not ready in time: left under review
            _publish(rng, interp, workflow, when, done, legacy)
            items.append(interp)
            continue
        kind = ORDINARY[n % len(ORDINARY)]
        attribute = Attribute.proactive
        if not legacy and rng.random() < 0.12:
            attribute = rng.choice([Attribute.on_request, Attribute.withheld])
        item = PublicationItem(
            f"{tag}{rng.choice(TOPICS)}（{n}）", kind, attribute,
            rng.choice(REASONS) if attribute is not Attribute.proactive else "",
            f"{tag}某办发〔{drafted.year}〕{n}号" if kind == "部门文件" else "", drafted=drafted)
        done = None if legacy else review(rng, item, workflow, start(drafted))
        _publish(rng, item, workflow, drafted + timedelta(days=rng.randint(0, 5)), done, legacy)
        items.append(item)
    return items
