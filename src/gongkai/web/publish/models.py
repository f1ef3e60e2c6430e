"""Proactive disclosure as stored. Attributes and decisions are stored by the domain's enum
names; kinds, channels and steps as the agency writes them.

The audit trail (`ReviewEntry`, and `PublicationSubmission`) is append-only: a saved row is
never updated or deleted through the ORM (`AppendOnly` refuses, and so do its querysets), an
item with a trail cannot be deleted (PROTECT), and the database itself refuses UPDATE and
DELETE on these tables (triggers, migration 0002). A correction is a new entry.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from gongkai.publish.model import Attribute, Decision
from gongkai.publish.workflow import Workflow
from gongkai.web.organisations.models import Agency

ATTRIBUTES = [(a.name, a.value) for a in Attribute]
DECISIONS = [(d.name, d.value) for d in Decision]
REFUSED = "审核记录保存后不能修改或删除；更正请新增一条记录"


class AuditRecordError(PermissionError):
    """A kept review record would be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditRecordError(REFUSED)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditRecordError(REFUSED)

    def _raw_delete(self, using: str) -> int:
        raise AuditRecordError(REFUSED)


class AppendOnly(models.Model):
    """A row that is inserted once and then kept as it is."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AuditRecordError(REFUSED)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditRecordError(REFUSED)


def default_steps() -> list[str]:
    return list(Workflow().steps)


class AgencyWorkflow(models.Model):
    """The review steps an agency requires, in order (`gongkai.publish.workflow.Workflow`)."""

    agency = models.OneToOneField(Agency, models.CASCADE, related_name="publication_workflow",
                                  verbose_name="机关")
    steps = models.JSONField("审核步骤", default=default_steps)

    class Meta:
        verbose_name = "审核步骤"
        verbose_name_plural = "审核步骤"

    def __str__(self) -> str:
        return f"{self.agency}：{'、'.join(self.steps)}"


class PublicationItem(models.Model):
    """一条政府信息: its attribute, channels and dates."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="publications",
                               verbose_name="机关")
    key = models.CharField("标题或文号", max_length=500)  # the domain's key: number or title
    title = models.CharField("标题", max_length=500)
    kind = models.CharField("类别", max_length=100)
    attribute = models.CharField("公开属性", max_length=20, choices=ATTRIBUTES,
                                 default=Attribute.proactive.name)
    attribute_reason = models.TextField("不公开理由", blank=True)
    number = models.CharField("文号", max_length=200, blank=True)
    channels = models.JSONField("发布渠道", default=list, blank=True)
    drafted = models.DateField("起草日期", null=True, blank=True)
    published = models.DateField("发布日期", null=True, blank=True)
    issued = models.DateField("印发日期", null=True, blank=True)
    repealed = models.DateField("废止日期", null=True, blank=True)
    interpretation_of = models.CharField("解读对象", max_length=500, null=True, blank=True)

    class Meta:
        verbose_name = "信息"
        verbose_name_plural = "信息"
        ordering = ["agency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"],
                                    name="publication_key_unique_per_agency"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(kind=""),
                                   name="publication_title_and_kind_not_blank"),
            models.CheckConstraint(condition=(Q(number="", key=F("title"))
                                              | (~Q(number="") & Q(key=F("number")))),
                                   name="publication_key_is_number_or_title"),
            models.CheckConstraint(condition=(Q(attribute=Attribute.proactive.name)
                                              | ~Q(attribute_reason="")),
                                   name="publication_reason_unless_proactive"),
            models.CheckConstraint(condition=(Q(published__isnull=True)
                                              | Q(attribute=Attribute.proactive.name)),
                                   name="publication_only_proactive_published"),
            models.CheckConstraint(condition=Q(repealed__isnull=True) | Q(issued__isnull=True)
                                   | Q(repealed__gte=F("issued")),
                                   name="publication_repealed_after_issued"),
        ]

    def __str__(self) -> str:
        return self.key


class PublicationSubmission(AppendOnly):
    """一次提交审核 (the steps start again from it)."""

    item = models.ForeignKey(PublicationItem, models.PROTECT, related_name="submissions",
                             verbose_name="信息")
    position = models.PositiveIntegerField("顺序")
    at = models.DateTimeField("提交时间")

    class Meta(AppendOnly.Meta):
        verbose_name = "提交审核"
        verbose_name_plural = "提交审核"
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"],
                                    name="submission_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item} 提交 {self.at}"


class ReviewEntry(AppendOnly):
    """一条审核结论: who decided which step when, and how; kept for good."""

    item = models.ForeignKey(PublicationItem, models.PROTECT, related_name="trail",
                             verbose_name="信息")
    number = models.PositiveIntegerField("记录编号")  # the domain's id, from 1 per item
    step = models.CharField("步骤", max_length=50)
    reviewer = models.CharField("审核人", max_length=200)
    at = models.DateTimeField("时间")
    decision = models.CharField("结论", max_length=20, choices=DECISIONS)
    comment = models.TextField("意见", blank=True)
    checklist = models.JSONField("保密审查清单", default=list, blank=True)  # [[question, 是]]
    corrects = models.PositiveIntegerField("更正记录编号", null=True, blank=True)

    class Meta(AppendOnly.Meta):
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="review_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="review_number_from_one"),
            models.CheckConstraint(condition=~Q(step="") & ~Q(reviewer=""),
                                   name="review_step_and_reviewer_not_blank"),
            models.CheckConstraint(condition=Q(corrects__isnull=True)
                                   | Q(corrects__lt=F("number")),
                                   name="review_corrects_an_earlier_entry"),
            models.CheckConstraint(condition=~Q(decision=Decision.returned.name, comment=""),
                                   name="review_returned_with_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.item} #{self.number} {self.step} {self.get_decision_display()}"
