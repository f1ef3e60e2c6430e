"""Rows of a publication list ↔ the domain's items and review entries.

Reading checks each row on its own (`read_items`, `read_trail`) and collects every problem
with its sheet and row number; `gongkai.publish.io.replay` then puts each item's trail through
the domain's workflow. Writing gives one row per item and one per submission and decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gongkai.publish.io import values as pv
from gongkai.publish.io.layout import CHECKLIST_KEYS, SUBMIT_STEP, PublishPart, sheet
from gongkai.publish.model import (
    INTERPRETATION_KIND,
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
)
from gongkai.publish.workflow import Workflow
from gongkai.register.io import values as v
from gongkai.register.io.layout import LIST_SEPARATOR
from gongkai.register.io.rows import Row, RowError, Table, data_rows
from gongkai.register.rules import repeal_problem


@dataclass
class ItemRow:
    """An item as its row gives it: not yet published (its trail comes first)."""

    row: int
    item: PublicationItem
    published: date | None
    channels: tuple[str, ...]


@dataclass(frozen=True)
class TrailRow:
    row: int
    ref: str  # the item's number or title, as written
    step: str  # a workflow step, or SUBMIT_STEP
    at: datetime
    reviewer: str = ""
    decision: Decision | None = None
    comment: str = ""
    id: int | None = None
    corrects: int | None = None
    checklist: dict[str, bool] | None = None  # None when no question is answered

    @property
    def submission(self) -> bool:
        return self.step == SUBMIT_STEP


def _listed(label: str, rows: list[int]) -> str:
    shown = "、".join(str(n) for n in rows[:10]) + ("……" if len(rows) > 10 else "")
    return f"{label}（第 {shown} 行）"


# --------------------------------------------------------------------------- the items

def _channels(row: Row, unusual: dict[str, list[int]]) -> tuple[str, ...]:
    out: list[str] = []
    for written in row.get("channels", v.parse_texts) or []:
        name, usual = pv.channel(written)
        if not usual:
            unusual.setdefault(name, []).append(row.number)
        if name not in out:
            out.append(name)
    return tuple(out)


def _item(row: Row, kinds: dict[str, list[int]], channels: dict[str, list[int]],
          ) -> ItemRow | None:
    title = row.text("title", required=True)
    written_kind = row.text("kind", required=True)
    number = row.text("number") or ""
    attribute = row.choice("attribute", pv.attribute_choices()) or Attribute.proactive
    reason = row.text("attribute_reason") or ""
    chosen = _channels(row, channels)
    drafted, published = row.date("drafted"), row.date("published")
    issued, repealed = row.date("issued"), row.date("repealed")
    interpretation_of = row.text("interpretation_of") or None
    kind = None
    if written_kind:
        kind, usual = pv.kind(written_kind)
        if not usual:
            kinds.setdefault(kind, []).append(row.number)
    if interpretation_of and kind and kind != INTERPRETATION_KIND:
        row.fail(f"只有“{INTERPRETATION_KIND}”填写解读对象（这一行的类别是“{kind}”）",
                 "interpretation_of")
    for later, earlier, what, key in ((published, drafted, "发布日期早于起草日期", "published"),
                                      (issued, drafted, "印发日期早于起草日期", "issued"),
                                      (published, issued, "发布日期早于印发日期", "published")):
        if later and earlier and later < earlier:
            row.fail(what, key)
    if problem := repeal_problem(issued, repealed):
        row.fail(problem, "repealed")
    if row.bad:
        return None
    assert title and kind
    try:
        item = PublicationItem(title, kind, attribute, reason, number, (), drafted, None,
                               issued, repealed, interpretation_of)
    except ValueError as exc:  # the domain's own rules (a reason for 不予公开, …)
        row.fail(str(exc))
        return None
    return ItemRow(row.number, item, published, chosen)


def read_items(table: Table, errors: list[RowError],
               warnings: list[str]) -> tuple[list[ItemRow], set[str]]:
    """The items of the 信息 table, and the numbers and titles of its bad rows (so that their
    trail is not reported again as naming no item)."""
    items: list[ItemRow] = []
    bad_refs: set[str] = set()
    first_row: dict[str, int] = {}
    kinds: dict[str, list[int]] = {}
    channels: dict[str, list[int]] = {}
    lonely: list[int] = []
    for row in data_rows(table, errors, warnings):
        found = _item(row, kinds, channels)
        if found is not None:
            key = found.item.key
            if key in first_row:
                what = f"文号“{key}”" if found.item.number else (
                    f"标题“{key}”（没有文号的信息以标题区分）")
                row.fail(f"{what}与第 {first_row[key]} 行重复",
                         "number" if found.item.number else "title")
            else:
                first_row[key] = row.number
        if found is None or row.bad:
            bad_refs.update(t for t in (row.text("title"), row.text("number")) if t)
            continue
        if found.item.kind == INTERPRETATION_KIND and not found.item.interpretation_of:
            lonely.append(row.number)
        items.append(found)
    title = table.sheet.title
    for kind, rows in kinds.items():
        warnings.append(f"{title}：{_listed(f'类别“{kind}”不是常用类别，按原样计数', rows)}")
    for name, rows in channels.items():
        warnings.append(f"{title}：{_listed(f'发布渠道“{name}”不是常用渠道，按原样计数', rows)}")
    if lonely:
        warnings.append(f"{title}：{_listed('政策解读没有填写解读对象，无法与文件对应', lonely)}")
    return items, bad_refs


# --------------------------------------------------------------------------- the trail

def _checklist(row: Row) -> dict[str, bool] | None:
    answers = {q: row.get(key, v.parse_yes_no) for q, key in CHECKLIST_KEYS.items()}
    given = {q: a for q, a in answers.items() if a is not None}
    return given or None


def _trail_row(row: Row, workflow: Workflow, ignored: list[int]) -> TrailRow | None:
    ref = row.text("item", required=True)
    written_step = row.text("step", required=True)
    at = row.get("at", v.parse_datetime, required=True)
    submission = bool(written_step) and pv.is_submission(written_step or "")
    step = None
    if written_step and not submission:
        step = row.get("step", lambda raw: pv.step(v.text(raw), workflow.steps))
    reviewer = row.text("reviewer") or ""
    comment = row.text("comment") or ""
    decision = row.choice("decision", pv.decision_choices())
    number = row.get("id", v.parse_ordinal)
    corrects = row.get("corrects", v.parse_ordinal)
    checklist = _checklist(row)
    if submission:
        filled = [sheet(PublishPart.reviews).column(k).header for k, value in (
            ("decision", decision), ("id", number), ("corrects", corrects)) if value]
        filled += ["保密审查清单"] if checklist else []
        if filled:
            row.fail(f"“{SUBMIT_STEP}”的行不填{'、'.join(filled)}")
        if reviewer or comment:
            ignored.append(row.number)
    else:
        if not reviewer:
            row.fail("审核人为空", "reviewer")
        if decision is None and "decision" not in row.failed:
            row.fail("结论为空", "decision")
        if number and corrects and corrects >= number:
            row.fail("更正记录编号应小于这一行的记录编号（只能更正以前的记录）", "corrects")
    if row.bad:
        return None
    assert ref and at
    if submission:
        return TrailRow(row.number, ref, SUBMIT_STEP, at)
    assert step
    return TrailRow(row.number, ref, step, at, reviewer, decision, comment, number, corrects,
                    checklist)


def read_trail(table: Table, workflow: Workflow, errors: list[RowError],
               warnings: list[str]) -> tuple[list[TrailRow], set[str]]:
    """The rows of the 审核记录 table, and the items (as written) of its bad rows: their
    trails cannot be replayed until those rows are put right."""
    out: list[TrailRow] = []
    bad_refs: set[str] = set()
    ignored: list[int] = []
    for row in data_rows(table, errors, warnings):
        found = _trail_row(row, workflow, ignored)
        if found is not None:
            out.append(found)
        elif row.text("item"):
            bad_refs.add(row.text("item") or "")
    if ignored:
        warnings.append(f"{table.sheet.title}：" + _listed(
            f"“{SUBMIT_STEP}”的行只记录时间，其审核人和意见未导入", ignored))
    return out, bad_refs


# ------------------------------------------------------------------------------ writing

def item_cells(item: PublicationItem) -> dict[str, Any]:
    return {
        "title": item.title, "kind": item.kind, "number": item.number,
        "attribute": item.attribute.value, "attribute_reason": item.attribute_reason,
        "channels": LIST_SEPARATOR.join(item.channels), "drafted": item.drafted,
        "published": item.published, "issued": item.issued, "repealed": item.repealed,
        "interpretation_of": item.interpretation_of,
    }


def trail_cells(item: PublicationItem) -> list[dict[str, Any]]:
    """An item's submissions and decisions in the order they happened: each submission
    before the first decision not earlier than it."""
    out: list[dict[str, Any]] = []
    submissions = sorted(item.submissions)
    for entry in item.trail:
        while submissions and submissions[0] <= entry.at:
            out.append({"item": item.key, "step": SUBMIT_STEP, "at": submissions.pop(0)})
        answers = dict(entry.checklist)
        cells: dict[str, Any] = {
            "item": item.key, "id": entry.id, "step": entry.step, "at": entry.at,
            "reviewer": entry.reviewer, "decision": entry.decision.value,
            "comment": entry.comment, "corrects": entry.corrects,
        }
        for question in SECRECY_CHECKLIST:
            if question in answers:
                cells[CHECKLIST_KEYS[question]] = "是" if answers[question] else "否"
        out.append(cells)
    out += [{"item": item.key, "step": SUBMIT_STEP, "at": at} for at in submissions]
    return out


def part_rows(items: list[PublicationItem], part: PublishPart) -> list[list[Any]]:
    """The rows of `part` for `items`, values in the order of the sheet's columns."""
    columns = sheet(part).columns
    if part is PublishPart.items:
        records = [item_cells(i) for i in items]
    else:
        records = [cells for i in items for cells in trail_cells(i)]
    return [[record.get(c.key) for c in columns] for record in records]
