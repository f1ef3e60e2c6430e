"""The register as stored. Codes are the domain's English identifiers (enum names, table 三's
column and row ids); the labels shown are the statutory ones, taken from the format."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from gongkai.register.io.layout import (
    case_kind_labels,
    case_result_labels,
    document_kind_labels,
    yearly_headers,
)
from gongkai.register.model import CaseResult, Channel, EventKind, applicant_types, outcomes
from gongkai.web.organisations.models import Agency

CHANNELS = [(c.name, c.value) for c in Channel]
APPLICANT_TYPES = list(applicant_types().items())
EVENT_KINDS = [(k.name, k.value) for k in EventKind]
OUTCOMES = list(outcomes().items())
CASE_KINDS = [(k.value, label) for k, label in case_kind_labels().items()]
CASE_RESULTS = [(r.value, label) for r, label in case_result_labels().items()]
DOCUMENT_KINDS = [(k.value, label) for k, label in document_kind_labels().items()]
PENDING = CaseResult.pending.value
_YEARLY = yearly_headers()


class Application(models.Model):
    """一件政府信息公开申请."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="applications",
                               verbose_name="机关")
    number = models.CharField("申请编号", max_length=100)
    channel = models.CharField("收到方式", max_length=20, choices=CHANNELS)
    submitted = models.DateField("提交日期")
    confirmed = models.DateField("确认日期", null=True, blank=True)
    applicant = models.CharField("申请人", max_length=500)
    applicant_type = models.CharField("申请人类型", max_length=40, choices=APPLICANT_TYPES)
    content = models.TextField("申请内容", blank=True)

    class Meta:
        verbose_name = "申请"
        verbose_name_plural = "申请"
        ordering = ["agency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"],
                                    name="application_number_unique_per_agency"),
            models.CheckConstraint(condition=~Q(number=""), name="application_number_not_blank"),
            models.CheckConstraint(condition=Q(confirmed__isnull=True)
                                   | Q(confirmed__gte=F("submitted")),
                                   name="application_confirmed_after_submitted"),
        ]

    def __str__(self) -> str:
        return self.number


class ApplicationEvent(models.Model):
    """补正告知、征求第三方意见、延期、收费、答复、撤回……: what happened to an application."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="events",
                                    verbose_name="申请")
    position = models.PositiveIntegerField("顺序")
    kind = models.CharField("事项", max_length=40, choices=EVENT_KINDS)
    on = models.DateField("日期")
    outcome = models.CharField("办理结果", max_length=60, choices=OUTCOMES, null=True,
                               blank=True)
    note = models.TextField("说明", blank=True)
    amount_yuan = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, null=True,
                                      blank=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = "办理事项"
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"],
                                    name="event_position_unique"),
            models.CheckConstraint(
                condition=(Q(kind=EventKind.answered.name, outcome__isnull=False)
                           | (~Q(kind=EventKind.answered.name) & Q(outcome__isnull=True))),
                name="event_outcome_only_and_always_with_answer"),
            models.CheckConstraint(condition=Q(amount_yuan__isnull=True) | Q(amount_yuan__gte=0),
                                   name="event_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Case(models.Model):
    """一件行政复议或行政诉讼案件."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="cases", verbose_name="机关")
    number = models.CharField("编号", max_length=100)
    kind = models.CharField("类型", max_length=40, choices=CASE_KINDS)
    filed = models.DateField("立案日期")
    decided = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=20, choices=CASE_RESULTS)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["agency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"],
                                    name="case_number_unique_per_agency"),
            models.CheckConstraint(condition=~Q(number=""), name="case_number_not_blank"),
            models.CheckConstraint(condition=Q(decided__isnull=True) | Q(decided__gte=F("filed")),
                                   name="case_decided_after_filed"),
            models.CheckConstraint(
                condition=(Q(decided__isnull=True, result=PENDING)
                           | (Q(decided__isnull=False) & ~Q(result=PENDING))),
                name="case_result_once_decided"),
        ]

    def __str__(self) -> str:
        return self.number


class NormativeDocument(models.Model):
    """一件规章或行政规范性文件."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="documents",
                               verbose_name="机关")
    kind = models.CharField("类型", max_length=40, choices=DOCUMENT_KINDS)
    title = models.CharField("标题", max_length=500)
    number = models.CharField("文号", max_length=200, blank=True)
    issued = models.DateField("印发日期")
    repealed = models.DateField("废止日期", null=True, blank=True)

    class Meta:
        verbose_name = "规范性文件"
        verbose_name_plural = "规范性文件"
        ordering = ["agency", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(repealed__isnull=True)
                                   | Q(repealed__gte=F("issued")),
                                   name="document_repealed_after_issued"),
        ]

    def __str__(self) -> str:
        return self.title


class YearlyFigures(models.Model):
    """表二中台账不能从文件推出的年度数字."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="yearly",
                               verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    # NULL: not recorded (table 二's cell stays blank, never 0).
    licensing_decisions = models.PositiveIntegerField(_YEARLY["licensing_decisions"],
                                                      null=True, blank=True)
    penalty_decisions = models.PositiveIntegerField(_YEARLY["penalty_decisions"],
                                                    null=True, blank=True)
    coercion_decisions = models.PositiveIntegerField(_YEARLY["coercion_decisions"],
                                                     null=True, blank=True)
    fees_10k_yuan = models.DecimalField(_YEARLY["fees_10k_yuan"], max_digits=18,
                                        decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = "年度数据"
        verbose_name_plural = "年度数据"
        ordering = ["agency", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"],
                                    name="yearly_figures_unique_per_agency_year"),
            models.CheckConstraint(condition=Q(fees_10k_yuan__gte=0),
                                   name="yearly_fees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"
