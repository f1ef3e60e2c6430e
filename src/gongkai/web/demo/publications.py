"""The demo's publication items (主动公开), each at a different step of the agency's review:
drafted, waiting for the first review, waiting for the secrecy review, returned with a comment,
and published. Every step goes through `gongkai.publish.store`, so the trail is the one the
workflow would have written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from gongkai.publish import store
from gongkai.publish.model import NORMATIVE_KIND, SECRECY_CHECKLIST, Decision, PublicationItem
from gongkai.publish.workflow import SECRECY_STEP, Workflow
from gongkai.web.demo.register import assessment_rules

QUARTERS = "一二三四"
# Who decides each step of the default workflow, in its order.
REVIEWERS = dict(zip(Workflow().steps, ("科室负责人", "办公室校对员", "保密审查员", "分管领导",
                                        "主要负责人"), strict=True))
CLEAR = dict.fromkeys(SECRECY_CHECKLIST, False)  # every secrecy question answered 否


def _pass(agency: str, key: str, steps: tuple[str, ...], at: datetime, using: str) -> datetime:
    """Pass `steps` one after another, an hour apart; the time of the last decision."""
    for step in steps:
        at += timedelta(hours=1)
        store.decide(agency, key, step=step, reviewer=REVIEWERS.get(step, "审核人"), at=at,
                     decision=Decision.passed,
                     checklist=CLEAR if step == SECRECY_STEP else None, using=using)
    return at


def last_quarter(day: date) -> str:
    """The quarter before the one `day` falls in, e.g. "2026年第三季度" in October 2026."""
    current = (day.month - 1) // 3  # 0 from January to March
    if current == 0:
        return f"{day.year - 1}年第四季度"
    return f"{day.year}年第{QUARTERS[current - 1]}季度"


def create_publications(agency: str, now: datetime, using: str) -> int:
    """Add the demo items to `agency` (which uses the default workflow); how many."""
    steps = Workflow().steps
    today = now.date()
    year = today.year
    rules = assessment_rules(today)  # the normative document the demo register holds too

    def day(days_ago: int) -> date:
        return today - timedelta(days=days_ago)

    def at(days_ago: int) -> datetime:
        return now.replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)

    items = [
        PublicationItem(f"{year + 1}年政务公开工作要点（征求意见稿）", "部门文件", drafted=day(1)),
        PublicationItem("关于开展安全生产专项整治的通知", "部门文件", drafted=day(6)),
        PublicationItem("某河道治理工程环境影响评价公示", "公示公告", drafted=day(9)),
        PublicationItem(f"《{rules.title}》政策解读", "政策解读", drafted=day(12),
                        interpretation_of=rules.title),
        PublicationItem(rules.title, NORMATIVE_KIND, number=rules.number,
                        drafted=rules.issued - timedelta(days=5), issued=rules.issued),
        PublicationItem(f"{last_quarter(day(20))}工作动态", "工作动态", drafted=day(20)),
    ]
    for item in items:
        store.add_item(agency, item, using=using)
    _drafted, waiting_first, waiting_secrecy, returned, normative, news = (i.key for i in items)
    # _drafted stays drafted: never submitted. waiting_first: submitted, no decision yet.
    store.submit(agency, waiting_first, at(5), using=using)
    # waiting_secrecy: the steps before the secrecy review passed.
    store.submit(agency, waiting_secrecy, at(8), using=using)
    _pass(agency, waiting_secrecy, steps[:steps.index(SECRECY_STEP)], at(8), using)
    # returned: sent back at 审核 with the comment.
    store.submit(agency, returned, at(11), using=using)
    last = _pass(agency, returned, steps[:3], at(11), using)
    store.decide(agency, returned, step=steps[3], reviewer=REVIEWERS[steps[3]],
                 at=last + timedelta(hours=1), decision=Decision.returned,
                 comment="解读内容与文件条款不一致，请对照第五条修改后重新提交", using=using)
    # published: every step passed, then published on the government website.
    for key, ago in ((normative, 24), (news, 18)):
        store.submit(agency, key, at(ago), using=using)
        _pass(agency, key, steps, at(ago), using)
        store.publish(agency, key, day(ago - 2), ("政府网站", "政务微信"), using=using)
    return len(items)
