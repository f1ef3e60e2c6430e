"""The review workflow: which steps an agency requires, who may decide next, and publishing.

An item is submitted, then passes the required steps in order; a step returned (退回) sends it
back to the drafter with the comment, and the next submission starts the steps again. It can be
published only when every required step has passed since the last submission. Decisions are
appended, never edited: `correct` adds an entry that replaces an earlier decision's effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gongkai.publish.model import (
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    ReviewEntry,
)

SECRECY_STEP = "保密审查"


class WorkflowError(ValueError):
    """A step taken out of turn; the message is Chinese, for the user."""


@dataclass(frozen=True)
class Workflow:
    """The steps an agency requires, in order (configurable per agency)."""

    steps: tuple[str, ...] = ("初审", "校对", SECRECY_STEP, "审核", "审发")

    def __post_init__(self) -> None:
        if not self.steps or len(set(self.steps)) != len(self.steps):
            raise WorkflowError("审核步骤不能为空，也不能重复")


def submit(item: PublicationItem, at: datetime) -> None:
    """(Re)submit `item` for review: the steps start again."""
    if item.published:
        raise WorkflowError(f"“{item.title}”已经发布")
    item.submissions.append(at)


def _effective(item: PublicationItem) -> list[ReviewEntry]:
    """Entries since the last submission, each correction taking the place of what it corrects."""
    if not item.submissions:
        return []
    since = item.submissions[-1]
    entries = [e for e in item.trail if e.at >= since]
    corrected = {e.corrects for e in item.trail if e.corrects is not None}
    return [e for e in entries if e.id not in corrected]


def next_step(item: PublicationItem, workflow: Workflow) -> str | None:
    """The step waiting for a decision; None when not submitted, returned, or all passed."""
    if not item.submissions or item.published:
        return None
    passed: set[str] = set()
    for entry in _effective(item):
        if entry.decision is Decision.returned:
            return None
        passed.add(entry.step)
    return next((s for s in workflow.steps if s not in passed), None)


def returned_comment(item: PublicationItem) -> str | None:
    """The comment of the decision that sent the item back, if it is back with the drafter."""
    for entry in reversed(_effective(item)):
        if entry.decision is Decision.returned:
            return entry.comment
    return None


def decide(
    item: PublicationItem, workflow: Workflow, *, step: str, reviewer: str, at: datetime,
    decision: Decision, comment: str = "", checklist: dict[str, bool] | None = None,
) -> ReviewEntry:
    """Record a reviewer's decision on the step waiting for one."""
    waiting = next_step(item, workflow)
    if waiting is None:
        raise WorkflowError(f"“{item.title}”当前没有待审核的步骤")
    if step != waiting:
        raise WorkflowError(f"“{item.title}”当前应进行“{waiting}”，而不是“{step}”")
    if decision is Decision.returned and not comment.strip():
        raise WorkflowError("退回时须写明意见")
    answers = secrecy_answers(checklist, decision) if step == SECRECY_STEP else ()
    entry = ReviewEntry(len(item.trail) + 1, step, reviewer, at, decision, comment, answers)
    item.trail.append(entry)
    return entry


def secrecy_answers(checklist: dict[str, bool] | None,
                    decision: Decision) -> tuple[tuple[str, bool], ...]:
    """The secrecy checklist of a decision at the secrecy step, in the checklist's order: every
    question answered, and none answered 是 when the decision is to pass."""
    checklist = checklist or {}
    missing = [q for q in SECRECY_CHECKLIST if q not in checklist]
    if missing:
        raise WorkflowError(f"保密审查清单未填写完整：{'；'.join(missing)}")
    answers = tuple((q, bool(checklist[q])) for q in SECRECY_CHECKLIST)
    flagged = [q for q, yes in answers if yes]
    if decision is Decision.passed and flagged:
        raise WorkflowError(f"保密审查清单中“{flagged[0]}”答“是”，不能通过")
    return answers


def correct(item: PublicationItem, entry_id: int, *, reviewer: str, at: datetime,
            decision: Decision, comment: str,
            checklist: dict[str, bool] | None = None) -> ReviewEntry:
    """Correct an earlier decision with a new entry; the earlier one stays in the trail.

    A correction of a secrecy review that passes it is a secrecy decision of its own: it needs
    a fresh checklist, checked as `decide` checks one (complete, no 是), so a review returned
    for a 是 cannot be turned into a pass. A correction to 退回 keeps the earlier answers
    unless new ones are given; only a secrecy review's correction has a checklist."""
    earlier = next((e for e in item.trail if e.id == entry_id), None)
    if earlier is None:
        raise WorkflowError(f"没有编号为 {entry_id} 的审核记录")
    if not comment.strip():
        raise WorkflowError("更正审核记录须写明理由")
    answers = earlier.checklist
    if earlier.step == SECRECY_STEP:
        if decision is Decision.passed and checklist is None:
            raise WorkflowError(f"将“{SECRECY_STEP}”更正为通过，须重新填写完整的保密审查清单")
        if checklist is not None:
            answers = secrecy_answers(checklist, decision)
    elif checklist is not None:
        raise WorkflowError(f"只有“{SECRECY_STEP}”的记录填写保密审查清单"
                            f"（第 {entry_id} 条记录的步骤是“{earlier.step}”）")
    entry = ReviewEntry(len(item.trail) + 1, earlier.step, reviewer, at, decision, comment,
                        answers, corrects=entry_id)
    item.trail.append(entry)
    return entry


def _check_proactive(item: PublicationItem) -> None:
    if item.attribute is not Attribute.proactive:
        raise WorkflowError(f"“{item.title}”的公开属性为{item.attribute}，不能主动公开")


def _check_channels(channels: tuple[str, ...]) -> None:
    if not channels:
        raise WorkflowError("须至少选择一个发布渠道")


def publish(item: PublicationItem, workflow: Workflow, on: date,
            channels: tuple[str, ...]) -> None:
    """Publish `item` on `on` through `channels`: only proactive items, only when every
    required step has passed since the last submission."""
    _check_proactive(item)
    if not item.submissions:
        raise WorkflowError(f"“{item.title}”尚未提交审核")
    if returned_comment(item) is not None:
        raise WorkflowError(f"“{item.title}”已被退回：{returned_comment(item)}")
    waiting = next_step(item, workflow)
    if waiting is not None:
        raise WorkflowError(f"“{item.title}”尚未通过“{waiting}”，不能发布")
    _check_channels(channels)
    item.published, item.channels = on, channels


def record_published(item: PublicationItem, on: date, channels: tuple[str, ...]) -> None:
    """Record that `item` was published on `on` through `channels` before its review was kept
    here (an earlier list, imported without a review trail): only proactive items, through at
    least one channel. An item with a trail is published with `publish`."""
    if item.trail or item.submissions:
        raise WorkflowError(f"“{item.title}”有审核记录，须在各审核步骤通过后发布")
    _check_proactive(item)
    _check_channels(channels)
    item.published, item.channels = on, channels
