"""Where a publication item stands in its agency's review workflow, in the domain's own terms
(`next_step`, `returned_comment`): what the items page and the reviewers' queues show."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.publish.model import Attribute, PublicationItem
from gongkai.publish.workflow import Workflow, next_step, returned_comment


@dataclass(frozen=True)
class Progress:
    label: str
    css: str  # draft / waiting / returned / passed / published
    waiting: str | None = None  # the step waiting for a decision
    returned: str | None = None  # the comment it was sent back with
    passed: tuple[str, ...] = ()  # the steps passed since the last submission

    @property
    def may_submit(self) -> bool:
        return self.css in ("draft", "returned")

    @property
    def may_publish(self) -> bool:
        return self.css == "passed"


def progress(item: PublicationItem, workflow: Workflow) -> Progress:
    if item.published:
        return Progress("已发布", "published")
    if not item.submissions:
        return Progress("未提交审核", "draft")
    comment = returned_comment(item)
    if comment is not None:
        return Progress("已退回", "returned", returned=comment)
    waiting = next_step(item, workflow)
    if waiting is not None:
        # steps pass in order: those before the one waiting have passed
        before = workflow.steps[:workflow.steps.index(waiting)]
        return Progress(f"待{waiting}", "waiting", waiting=waiting, passed=before)
    if item.attribute is not Attribute.proactive:
        return Progress(f"审核通过（{item.attribute.value}，不发布）", "closed",
                        passed=workflow.steps)
    return Progress("审核通过，待发布", "passed", passed=workflow.steps)
