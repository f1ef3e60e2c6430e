"""An item's review trail, as read from a file, put through the domain's workflow.

Each row is what happened next to its item: `submit`, `decide` or `correct`, in the order of
the rows, so a file is accepted only when its trail could have been recorded by gongkai itself
under the agency's `Workflow`; the item is then published with `publish` (or, without any
trail, recorded as published before the review was kept here: `record_published`). Rows dated
after the publication day are applied after publishing. Without a 提交审核 row, the first
decision and the first decision after a return count as (re)submitting the item at their time.
An item's replay stops at the first row the domain refuses: what the later rows may do depends
on it, so they are judged once it is put right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.publish.io.layout import PublishPart
from gongkai.publish.io.rows import ItemRow, TrailRow
from gongkai.publish.model import PublicationItem, ReviewEntry
from gongkai.publish.workflow import (
    SECRECY_STEP,
    Workflow,
    WorkflowError,
    correct,
    decide,
    publish,
    record_published,
    returned_comment,
    submit,
)


@dataclass
class Replayed:
    """Where each submission and each entry of the items came from (row numbers)."""

    entry_rows: dict[tuple[str, int], int] = field(default_factory=dict)
    submission_rows: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    """A row the domain refuses: its sheet, its number, and the Chinese message."""

    part: PublishPart
    row: int
    message: str


def _correct(item: PublicationItem, tr: TrailRow) -> ReviewEntry:
    assert tr.corrects is not None and tr.decision is not None
    earlier = next((e for e in item.trail if e.id == tr.corrects), None)
    if earlier is not None and earlier.step != tr.step:
        raise WorkflowError(f"更正记录的步骤应与第 {earlier.id} 条记录相同（“{earlier.step}”）")
    return correct(item, tr.corrects, reviewer=tr.reviewer, at=tr.at, decision=tr.decision,
                   comment=tr.comment, checklist=tr.checklist)


def _decide(item: PublicationItem, workflow: Workflow, tr: TrailRow,
            replayed: Replayed) -> ReviewEntry:
    assert tr.decision is not None
    if tr.checklist is not None and tr.step != SECRECY_STEP:
        raise WorkflowError(f"只有“{SECRECY_STEP}”填写保密审查清单（这一行的步骤是“{tr.step}”）")
    if not item.published and (not item.submissions or returned_comment(item) is not None):
        submit(item, tr.at)  # the decision's own (re)submission
        replayed.submission_rows[(item.key, len(item.submissions) - 1)] = tr.row
    return decide(item, workflow, step=tr.step, reviewer=tr.reviewer, at=tr.at,
                  decision=tr.decision, comment=tr.comment, checklist=tr.checklist)


def _apply(item: PublicationItem, workflow: Workflow, tr: TrailRow, replayed: Replayed) -> None:
    if tr.submission:
        submit(item, tr.at)
        replayed.submission_rows[(item.key, len(item.submissions) - 1)] = tr.row
        return
    entry = _correct(item, tr) if tr.corrects else _decide(item, workflow, tr, replayed)
    if tr.id is not None and tr.id != entry.id:
        raise WorkflowError(f"记录编号应为 {entry.id}（这是该信息的第 {entry.id} 条结论）")
    replayed.entry_rows[(item.key, entry.id)] = tr.row


def replay_item(found: ItemRow, rows: list[TrailRow], workflow: Workflow,
                replayed: Replayed) -> RowProblem | None:
    """Put `rows` through the workflow and publish the item as its row says; the first row
    (of either sheet) the domain refuses. The rows after it are not judged: what they may do
    depends on the refused one."""
    item, on = found.item, found.published

    def refused(n: int, message: str) -> RowProblem:
        more = "（该信息此后的审核记录未再检查）" if n < len(rows) - 1 else ""
        return RowProblem(PublishPart.reviews, rows[n].row, message + more)

    def release() -> RowProblem | None:
        assert on is not None
        try:
            if item.trail or item.submissions:
                publish(item, workflow, on, found.channels)
            else:
                record_published(item, on, found.channels)
        except WorkflowError as exc:
            return RowProblem(PublishPart.items, found.row, str(exc))
        return None

    for n, tr in enumerate(rows):
        if n and tr.at < rows[n - 1].at:
            return refused(n, f"时间早于该信息的上一条审核记录（第 {rows[n - 1].row} 行）："
                              "审核记录应按时间先后排列")
        if on is not None and not item.published and tr.at.date() > on:
            problem = release()
            if problem is not None:
                return problem
        try:
            _apply(item, workflow, tr, replayed)
        except WorkflowError as exc:
            return refused(n, str(exc))
    if on is not None and not item.published:
        return release()
    return None
