"""Proactive disclosure's store: the Django models of `gongkai.web.publish`, in the database the
register uses (`gongkai.register.store.setup`).

Every change goes through the domain: `submit`, `decide`, `correct` and `publish` load the item,
apply the domain's function of the same name under the agency's `Workflow` (so its rules, and
its `WorkflowError`s, are the domain's), and store what it appended, in one transaction. The
trail only grows: rows of `ReviewEntry` and `PublicationSubmission` are inserted, never updated
or deleted. `import_items` merges an imported list the same way (`gongkai.publish.io.merge`).

Times are local (Asia/Shanghai) and naive in the domain; the database keeps them aware.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from gongkai.publish import workflow as wf
from gongkai.publish.model import Attribute, Decision, PublicationItem, ReviewEntry
from gongkai.publish.workflow import Workflow
from gongkai.register.store import (
    StoreError,
    UnknownAgency,
    agencies,
    agency_row,
    guarded,
    location,
    setup,
)

if TYPE_CHECKING:
    from gongkai.publish.io import Imported

__all__ = [
    "Saved", "StoreError", "UnknownAgency", "UnknownItem", "add_item", "agencies", "correct",
    "decide", "import_items", "load_items", "load_workflow", "location", "publish",
    "save_workflow", "setup", "submit",
]

T = TypeVar("T")
_LIMITS = {"title": 500, "number": 200, "kind": 100, "interpretation_of": 500}


class UnknownItem(StoreError, LookupError):
    pass


@dataclass(frozen=True)
class Saved:
    """What an import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # stored items the file does not hold, left as they were
    submissions: int = 0
    entries: int = 0


# ------------------------------------------------------------------------- conversions

def _aware(at: datetime) -> datetime:
    from django.utils import timezone

    return at if timezone.is_aware(at) else timezone.make_aware(at)


def _local(at: datetime) -> datetime:
    from django.utils import timezone

    return timezone.localtime(at).replace(tzinfo=None)


def _entry(row: Any) -> ReviewEntry:
    return ReviewEntry(row.number, row.step, row.reviewer, _local(row.at), Decision[row.decision],
                       row.comment, tuple((q, bool(a)) for q, a in row.checklist), row.corrects)


def _domain(row: Any) -> PublicationItem:
    """The domain item of a stored row (its trail and submissions prefetched)."""
    item = PublicationItem(
        row.title, row.kind, Attribute[row.attribute], row.attribute_reason, row.number,
        tuple(row.channels), row.drafted, row.published, row.issued, row.repealed,
        row.interpretation_of)
    item.submissions = [_local(s.at) for s in row.submissions.all()]
    item.trail = [_entry(e) for e in row.trail.all()]
    return item


def _fields(item: PublicationItem) -> dict[str, Any]:
    return {"key": item.key, "title": item.title, "kind": item.kind,
            "attribute": item.attribute.name, "attribute_reason": item.attribute_reason,
            "number": item.number, "channels": list(item.channels), "drafted": item.drafted,
            "published": item.published, "issued": item.issued, "repealed": item.repealed,
            "interpretation_of": item.interpretation_of}


def _problems(items: list[PublicationItem]) -> list[str]:
    """What the store cannot hold exactly (it never truncates silently)."""
    out = []
    for item in items:
        for name, limit in _LIMITS.items():
            if len(getattr(item, name) or "") > limit:
                out.append(f"“{item.key[:20]}”：{name} 超过 {limit} 字")
        for entry in item.trail:
            if len(entry.step) > 50 or len(entry.reviewer) > 200:
                out.append(f"“{item.key[:20]}”第 {entry.id} 条审核记录：步骤超过 50 字或审核人"
                           "超过 200 字")
    return out


# ----------------------------------------------------------------------------- reading

def _rows(owner: Any, using: str, lock: bool = False) -> Any:
    from django.db.models import Prefetch

    from gongkai.web.publish import models as m

    rows = m.PublicationItem.objects.using(using).filter(agency=owner).order_by("id")
    if lock:
        rows = rows.select_for_update()
    return rows.prefetch_related(
        Prefetch("submissions", m.PublicationSubmission.objects.using(using).order_by("position")),
        Prefetch("trail", m.ReviewEntry.objects.using(using).order_by("number")))


def load_items(agency: str, using: str = "default") -> list[PublicationItem]:
    """The items of `agency` in the order they were saved, each with its whole trail."""
    return [_domain(row) for row in _rows(agency_row(agency, using, holding=""), using)]


def load_workflow(agency: str, using: str = "default") -> Workflow:
    """The steps `agency` requires; the default `Workflow` until it sets its own."""
    from gongkai.web.publish.models import AgencyWorkflow

    found = AgencyWorkflow.objects.using(using).filter(agency__name=agency).first()
    return Workflow(tuple(found.steps)) if found else Workflow()


# ----------------------------------------------------------------------------- writing

def save_workflow(agency: str, workflow: Workflow, using: str = "default") -> None:
    """Set the steps `agency` requires (items already reviewed keep their trails)."""
    from gongkai.web.organisations.models import Agency
    from gongkai.web.publish.models import AgencyWorkflow

    def work() -> None:
        owner, _ = Agency.objects.using(using).get_or_create(name=agency)
        AgencyWorkflow.objects.using(using).update_or_create(
            agency=owner, defaults={"steps": list(workflow.steps)})

    guarded(using, work)


def _append(row: Any, item: PublicationItem, submissions: int, entries: int,
            using: str) -> tuple[int, int]:
    """Insert the submissions and entries `item` has beyond the first stored ones."""
    from gongkai.web.publish import models as m

    new_submissions = [
        m.PublicationSubmission(item=row, position=n, at=_aware(at))
        for n, at in enumerate(item.submissions) if n >= submissions]
    new_entries = [
        m.ReviewEntry(item=row, number=e.id, step=e.step, reviewer=e.reviewer, at=_aware(e.at),
                      decision=e.decision.name, comment=e.comment,
                      checklist=[[q, a] for q, a in e.checklist], corrects=e.corrects)
        for e in item.trail[entries:]]
    m.PublicationSubmission.objects.using(using).bulk_create(new_submissions)
    m.ReviewEntry.objects.using(using).bulk_create(new_entries)
    return len(new_submissions), len(new_entries)


def _write_fields(row: Any, item: PublicationItem, using: str) -> bool:
    """Give the stored row `item`'s fields; True when any changed."""
    changed = {k: v for k, v in _fields(item).items() if getattr(row, k) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        row.save(using=using, update_fields=list(changed))
    return bool(changed)


def _insert(owner: Any, item: PublicationItem, using: str) -> tuple[int, int]:
    from gongkai.web.publish.models import PublicationItem as Row

    row = Row.objects.using(using).create(agency=owner, **_fields(item))
    return _append(row, item, 0, 0, using)


def import_items(imported: Imported, using: str = "default") -> Saved:
    """Merge an imported list into the agency's items, in one transaction: new items are
    added, known ones take the file's fields and the file's new submissions and decisions.
    Raises `PublicationFileError` (rows of the file) when the file would change or shorten a
    stored trail, `StoreError` when the database refuses; either way nothing changes."""
    from gongkai.publish.io.merge import check_merge
    from gongkai.web.organisations.models import Agency

    found = _problems(imported.items)
    if found:
        raise StoreError("；".join(found))

    def work() -> Saved:
        owner, _ = Agency.objects.using(using).get_or_create(name=imported.agency)
        rows = {row.key: row for row in _rows(owner, using, lock=True)}
        stored = {key: _domain(row) for key, row in rows.items()}
        check_merge(list(stored.values()), imported)
        counts = dict.fromkeys(("added", "updated", "unchanged", "submissions", "entries"), 0)
        for item in imported.items:
            if item.key not in rows:
                subs, entries = _insert(owner, item, using)
                counts["added"] += 1
            else:
                before = stored[item.key]
                changed = _write_fields(rows[item.key], item, using)
                subs, entries = _append(rows[item.key], item, len(before.submissions),
                                        len(before.trail), using)
                counts["updated" if changed or subs or entries else "unchanged"] += 1
            counts["submissions"] += subs
            counts["entries"] += entries
        kept = len(set(rows) - {i.key for i in imported.items})
        return Saved(**counts, kept=kept)

    return guarded(using, work)


def add_item(agency: str, item: PublicationItem, using: str = "default") -> None:
    """Add a new item (drafted, not yet submitted) to `agency`'s items."""
    from gongkai.web.organisations.models import Agency
    from gongkai.web.publish.models import PublicationItem as Row

    if item.submissions or item.trail or item.published:
        raise StoreError(f"“{item.title}”：新增的信息应尚未提交审核（已有审核记录的信息请导入）")
    found = _problems([item])
    if found:
        raise StoreError("；".join(found))

    def work() -> None:
        owner, _ = Agency.objects.using(using).get_or_create(name=agency)
        if Row.objects.using(using).filter(agency=owner, key=item.key).exists():
            raise StoreError(f"“{agency}”已有标题或文号为“{item.key}”的信息")
        _insert(owner, item, using)

    guarded(using, work)


# ------------------------------------------------------------- the workflow, through the store

def _change(agency: str, key: str, using: str,
            action: Callable[[PublicationItem, Workflow], T]) -> T:
    """Apply the domain's `action` to the stored item and store what it appended."""

    def work() -> T:
        owner = agency_row(agency, using, holding="")
        row = next(iter(_rows(owner, using, lock=True).filter(key=key)), None)
        if row is None:
            raise UnknownItem(f"“{agency}”没有标题或文号为“{key}”的信息")
        item = _domain(row)
        submissions, entries = len(item.submissions), len(item.trail)
        result = action(item, load_workflow(agency, using))
        found = _problems([item])
        if found:
            raise StoreError("；".join(found))
        _write_fields(row, item, using)
        _append(row, item, submissions, entries, using)
        return result

    return guarded(using, work)


def submit(agency: str, key: str, at: datetime, using: str = "default") -> None:
    _change(agency, key, using, lambda item, _: wf.submit(item, at))


def decide(agency: str, key: str, *, step: str, reviewer: str, at: datetime,
           decision: Decision, comment: str = "", checklist: dict[str, bool] | None = None,
           using: str = "default") -> ReviewEntry:
    return _change(agency, key, using, lambda item, flow: wf.decide(
        item, flow, step=step, reviewer=reviewer, at=at, decision=decision, comment=comment,
        checklist=checklist))


def correct(agency: str, key: str, entry_id: int, *, reviewer: str, at: datetime,
            decision: Decision, comment: str, checklist: dict[str, bool] | None = None,
            using: str = "default") -> ReviewEntry:
    return _change(agency, key, using, lambda item, _: wf.correct(
        item, entry_id, reviewer=reviewer, at=at, decision=decision, comment=comment,
        checklist=checklist))


def publish(agency: str, key: str, on: date, channels: tuple[str, ...],
            using: str = "default") -> None:
    _change(agency, key, using, lambda item, flow: wf.publish(item, flow, on, channels))
