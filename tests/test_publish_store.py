"""Proactive disclosure's store (`gongkai.web.publish`, `gongkai.publish.store`) against SQLite
and PostgreSQL (the fixtures `store` and `using` of tests/conftest.py): round trips of random
lists, the review trail that can never be edited or deleted (by the models and by the
database), decisions recorded through the domain's workflow, and imports that change nothing
when they fail."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gongkai.publish import (
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    Workflow,
    WorkflowError,
    decide,
    three_synchronous,
    year_figures,
)
from gongkai.publish.io import PublicationFileError, export_files, read_files
from tests.publish_factory import SHORT_WORKFLOW, random_items

CLEAR = dict.fromkeys(SECRECY_CHECKLIST, False)


@pytest.fixture(scope="session")
def publications(store):
    """The publication store, on the databases the register's store set up."""
    from gongkai.publish import store as publications

    return publications


def _agency() -> str:
    return f"测试机关-{uuid.uuid4().hex[:8]}"


def _imported(items: list[PublicationItem], tmp_path: Path, agency: str,
              workflow: Workflow | None = None, name: str = "发布.xlsx"):
    files = export_files(items, tmp_path / name)
    for path, data in files.items():
        path.write_bytes(data)
    return read_files(list(files), agency, workflow)


def _counts(using: str, agency: str) -> tuple[int, int]:
    from gongkai.web.publish.models import PublicationSubmission, ReviewEntry

    return (PublicationSubmission.objects.using(using).filter(item__agency__name=agency).count(),
            ReviewEntry.objects.using(using).filter(item__agency__name=agency).count())


# ------------------------------------------------------------------------------ round trips

@pytest.mark.parametrize("seed", [11, 12])
def test_round_trip_through_the_store(tmp_path, using, publications, seed):
    agency = _agency()
    items = random_items(seed)
    saved = publications.import_items(_imported(items, tmp_path, agency), using=using)
    assert saved.added == len(items) and saved.entries == sum(len(i.trail) for i in items) > 500
    loaded = publications.load_items(agency, using=using)
    assert loaded == items
    for year in range(2022, 2026):
        assert year_figures(loaded, year) == year_figures(items, year)
        assert year_figures(loaded, year).published > 0
    assert three_synchronous(loaded) == three_synchronous(items)
    again = publications.import_items(_imported(loaded, tmp_path, agency, name="again.csv"),
                                      using=using)
    assert (again.added, again.updated, again.unchanged, again.entries) == (0, 0, len(items), 0)
    assert publications.load_items(agency, using=using) == items


def test_times_are_local_in_the_domain_and_aware_in_the_database(using, publications):
    from gongkai.web.publish.models import PublicationSubmission

    agency = _agency()
    publications.add_item(agency, PublicationItem("某通知", "部门文件"), using=using)
    moment = datetime(2025, 1, 1, 7, 30, 15, 123456)
    publications.submit(agency, "某通知", moment, using=using)
    stored = PublicationSubmission.objects.using(using).get(item__agency__name=agency).at
    assert stored == moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    assert stored.astimezone(UTC).replace(tzinfo=None) == moment - timedelta(hours=8)
    assert publications.load_items(agency, using=using)[0].submissions == [moment]


# ------------------------------------------------------------------------------ the audit

def _one_entry(using: str, publications) -> tuple[str, object]:
    from gongkai.web.publish.models import ReviewEntry

    agency = _agency()
    publications.add_item(agency, PublicationItem("某通知", "部门文件"), using=using)
    publications.submit(agency, "某通知", datetime(2025, 3, 1, 9), using=using)
    publications.decide(agency, "某通知", step="初审", reviewer="王科员",
                        at=datetime(2025, 3, 1, 10), decision=Decision.passed, using=using)
    return agency, ReviewEntry.objects.using(using).get(item__agency__name=agency)


def test_a_review_entry_cannot_be_edited_or_deleted_through_the_orm(using, publications):
    from gongkai.web.publish.models import (
        AuditRecordError,
        PublicationSubmission,
        ReviewEntry,
    )

    agency, entry = _one_entry(using, publications)
    kept = publications.load_items(agency, using=using)
    entry.decision = Decision.returned.name
    entry.comment = "事后改成退回"
    entries = ReviewEntry.objects.using(using).filter(item__agency__name=agency)
    submissions = PublicationSubmission.objects.using(using).filter(item__agency__name=agency)
    refusals = [
        lambda: entry.save(using=using),
        lambda: entry.save(using=using, update_fields=["comment"]),
        lambda: entry.delete(using=using),
        lambda: entries.update(comment="x"),
        lambda: entries.delete(),
        lambda: ReviewEntry.objects.using(using).bulk_update([entry], ["comment"]),
        lambda: entries.first().item.trail.all().delete(),
        lambda: submissions.update(at=datetime(2020, 1, 1, 9)),
        lambda: submissions.first().delete(using=using),
    ]
    for refuse in refusals:
        with pytest.raises(AuditRecordError, match="不能修改或删除"):
            refuse()
    assert publications.load_items(agency, using=using) == kept


def test_the_database_refuses_to_edit_or_delete_a_review_entry(using, publications):
    from django.db import IntegrityError, connections, transaction
    from django.db.models.deletion import ProtectedError

    from gongkai.web.organisations.models import Agency
    from gongkai.web.publish.models import PublicationItem as ItemRow

    agency, entry = _one_entry(using, publications)
    kept = publications.load_items(agency, using=using)
    statements = [
        f"UPDATE publish_reviewentry SET comment = 'x' WHERE id = {entry.pk}",
        f"DELETE FROM publish_reviewentry WHERE id = {entry.pk}",
        f"UPDATE publish_publicationsubmission SET position = 7 WHERE item_id = {entry.item_id}",
        f"DELETE FROM publish_publicationsubmission WHERE item_id = {entry.item_id}",
    ]
    if connections[using].vendor == "postgresql":
        statements.append("TRUNCATE publish_reviewentry CASCADE")
    for sql in statements:
        with pytest.raises(IntegrityError, match="不能修改或删除"), \
                transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(sql)
    with pytest.raises(ProtectedError):  # an item, or its agency, with a trail
        ItemRow.objects.using(using).filter(pk=entry.item_id).delete()
    with pytest.raises(ProtectedError):
        Agency.objects.using(using).get(name=agency).delete()
    assert publications.load_items(agency, using=using) == kept


# ------------------------------------------------------------- the workflow, through the store

def test_decisions_are_recorded_through_the_domains_workflow(using, publications):
    agency, key = _agency(), "某发〔2025〕3号"
    publications.save_workflow(agency, SHORT_WORKFLOW, using=using)
    assert publications.load_workflow(agency, using=using) == SHORT_WORKFLOW
    assert publications.load_workflow(_agency(), using=using) == Workflow()
    item = PublicationItem("关于开展科普活动的通知", "部门文件", number=key,
                           drafted=date(2025, 3, 1))
    publications.add_item(agency, item, using=using)
    with pytest.raises(publications.StoreError, match="已有"):
        publications.add_item(agency, item, using=using)

    def at(hour: int, day: int = 2) -> datetime:
        return datetime(2025, 3, day, hour)

    publications.submit(agency, key, at(9), using=using)
    publications.decide(agency, key, step="初审", reviewer="王科员", at=at(10),
                        decision=Decision.passed, using=using)
    before = _counts(using, agency)
    with pytest.raises(WorkflowError, match="当前应进行“保密审查”，而不是“审发”"):
        publications.decide(agency, key, step="审发", reviewer="李局长", at=at(11),
                            decision=Decision.passed, using=using)
    with pytest.raises(WorkflowError, match="未填写完整"):
        publications.decide(agency, key, step="保密审查", reviewer="保密员", at=at(11),
                            decision=Decision.passed, using=using)
    with pytest.raises(WorkflowError, match="尚未通过“保密审查”"):
        publications.publish(agency, key, date(2025, 3, 2), ("政府网站",), using=using)
    assert _counts(using, agency) == before  # refused: nothing stored
    publications.decide(agency, key, step="保密审查", reviewer="保密员", at=at(11),
                        decision=Decision.returned, comment="附件含个人电话",
                        checklist={**CLEAR, "是否涉及个人隐私": True}, using=using)
    publications.submit(agency, key, at(14), using=using)
    for hour, step in ((15, "初审"), (16, "保密审查"), (17, "审发")):
        publications.decide(agency, key, step=step, reviewer="经办人", at=at(hour),
                            decision=Decision.passed,
                            checklist=CLEAR if step == "保密审查" else None, using=using)
    fix = publications.correct(agency, key, 5, reviewer="经办人", at=at(18),
                               decision=Decision.passed, comment="审核人应为李局长", using=using)
    assert fix.id == 6 and fix.corrects == 5
    publications.publish(agency, key, date(2025, 3, 3), ("政府网站", "政务微信"), using=using)
    with pytest.raises(WorkflowError, match="已经发布"):
        publications.submit(agency, key, at(9, 4), using=using)
    (stored,) = publications.load_items(agency, using=using)
    assert [(e.id, e.step, e.decision) for e in stored.trail] == [
        (1, "初审", Decision.passed), (2, "保密审查", Decision.returned),
        (3, "初审", Decision.passed), (4, "保密审查", Decision.passed),
        (5, "审发", Decision.passed), (6, "审发", Decision.passed)]
    assert stored.trail[1].checklist == tuple(
        (q, q == "是否涉及个人隐私") for q in SECRECY_CHECKLIST)
    assert stored.trail[4].reviewer == "经办人"  # the corrected entry is kept as it was
    assert (stored.published, stored.channels) == (date(2025, 3, 3), ("政府网站", "政务微信"))
    assert len(stored.submissions) == 2
    with pytest.raises(publications.UnknownItem):
        publications.submit(agency, "没有的信息", at(9), using=using)
    with pytest.raises(publications.UnknownAgency):
        publications.load_items(_agency(), using=using)


# ------------------------------------------------------------------------------ importing

def test_a_failed_import_changes_nothing(tmp_path, using, publications):
    agency = _agency()
    items = random_items(21, count=60)
    publications.import_items(_imported(items, tmp_path, agency), using=using)
    kept, counts = publications.load_items(agency, using=using), _counts(using, agency)

    # the file changes a kept decision and drops another item's trail
    changed = [dataclasses.replace(i, trail=list(i.trail), submissions=list(i.submissions))
               for i in items]
    reviewed = [i for i in changed if len(i.trail) > 3]
    reviewed[0].trail[1] = dataclasses.replace(reviewed[0].trail[1], reviewer="改名")
    reviewed[1].trail, reviewed[1].submissions = [], []
    changed.append(PublicationItem("新的一条", "工作动态"))
    with pytest.raises(PublicationFileError) as caught:
        publications.import_items(_imported(changed, tmp_path, agency, name="b.xlsx"),
                                  using=using)
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 2 and all("不能修改或删除" in m for m in messages)
    assert publications.load_items(agency, using=using) == kept

    # the database refuses the last item after the others were written: all is undone
    extra = random_items(22, count=30, tag="乙")
    imported = _imported([*items, *extra], tmp_path, agency, name="c.xlsx")
    late = next(i for i in reversed(imported.items) if i.published)
    late.attribute, late.attribute_reason = Attribute.withheld, "涉密"  # published, withheld
    with pytest.raises(publications.StoreError, match="未作任何修改"):
        publications.import_items(imported, using=using)
    assert publications.load_items(agency, using=using) == kept
    assert _counts(using, agency) == counts

    # a new agency is not created by a failing import
    fresh = _agency()
    imported = _imported(extra, tmp_path, fresh, name="d.xlsx")
    imported.items[-1] = dataclasses.replace(imported.items[-1], title="长" * 501, number="")
    with pytest.raises(publications.StoreError, match="超过 500 字"):
        publications.import_items(imported, using=using)
    assert fresh not in publications.agencies(using)


def test_an_import_merges_and_the_trail_only_grows(tmp_path, using, publications):
    agency = _agency()
    items = random_items(31, count=60)
    first = _imported(items, tmp_path, agency)
    publications.import_items(first, using=using)
    # recorded through the store after the import: a new item and the start of its review
    publications.add_item(agency, PublicationItem("新增通知", "公示公告"), using=using)
    publications.submit(agency, "新增通知", datetime(2026, 1, 5, 9), using=using)
    publications.decide(agency, "新增通知", step="初审", reviewer="王科员",
                        at=datetime(2026, 1, 5, 10), decision=Decision.passed, using=using)
    now = publications.load_items(agency, using=using)
    assert len(now) == len(items) + 1

    # the earlier file lacks the new item: it is kept, and nothing else changes
    again = publications.import_items(first, using=using)
    assert (again.added, again.updated, again.kept, again.entries) == (0, 0, 1, 0)
    assert publications.load_items(agency, using=using) == now

    # the latest list with a new decision and a corrected title: only these are written
    latest = [dataclasses.replace(i, trail=list(i.trail), submissions=list(i.submissions))
              for i in now]
    fresh = latest[-1]
    decide(fresh, Workflow(), step="校对", reviewer="校对员", at=datetime(2026, 1, 5, 11),
           decision=Decision.passed)
    numbered = next(i for i in latest if i.number)
    numbered.title += "（修订）"
    saved = publications.import_items(_imported(latest, tmp_path, agency, name="e.xlsx"),
                                      using=using)
    assert (saved.added, saved.updated, saved.entries, saved.submissions) == (0, 2, 1, 0)
    assert publications.load_items(agency, using=using) == latest


def test_agencies_are_separate(tmp_path, using, publications):
    first, second = _agency(), _agency()
    items = random_items(41, count=30)
    publications.import_items(_imported(items, tmp_path, first), using=using)
    publications.import_items(_imported(items, tmp_path, second, name="b.xlsx"), using=using)
    assert publications.load_items(first, using=using) == items
    assert publications.load_items(second, using=using) == items
    assert {first, second} <= set(publications.agencies(using))
