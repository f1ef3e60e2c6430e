"""An agency's report for a year, and each time it was submitted to the supervising office.

The report is kept as the interchange object (`gongkai.interchange.to_dict`): the same JSON
`gongkai read` prints and `gongkai write` takes, so the workbench has no second copy of the
format. `Report.model()` gives the library's report model back.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai import interchange
from gongkai.model import Report as ReportModel
from gongkai.web.organisations.models import Agency

# The years the workbench keeps reports for: the statutory formats (2019 trial format, 2021
# format) apply from the reports of 2019 on; every form, filter and endpoint takes these bounds.
FIRST_YEAR = 2019
LAST_YEAR = 2100


def as_json(report: ReportModel) -> dict[str, Any]:
    """The report model as plain JSON (amounts as numbers, dates as text) for a JSONField."""
    return json.loads(interchange.dumps(interchange.to_dict(report)))


class Origin(models.TextChoices):
    register = "register", "由台账生成"
    typed = "typed", "手工填写"
    uploaded = "uploaded", "上传的已发布报告"


class Status(models.TextChoices):
    draft = "draft", "编写中"
    submitted = "submitted", "已报送，待审核"
    returned = "returned", "已退回修改"
    accepted = "accepted", "审核通过"


class Report(models.Model):
    """一个机关一个年度的政府信息公开工作年度报告."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="reports",
                               verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    data = models.JSONField("报告（交换格式）")
    origin = models.CharField("来源", max_length=20, choices=Origin.choices,
                              default=Origin.typed)
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.draft)
    updated = models.DateTimeField("最后修改", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name="修改人")

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="report_one_per_year"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                                   name="report_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度报告"

    def model(self) -> ReportModel:
        """The library's report model of the stored interchange object."""
        return interchange.from_dict(self.data)

    def store(self, report: ReportModel) -> None:
        """Replace the stored report with `report` (not saved yet)."""
        self.data = as_json(report)


class Decision(models.TextChoices):
    pending = "pending", "待审核"
    returned = "returned", "退回修改"
    accepted = "accepted", "审核通过"


class Submission(models.Model):
    """One submission of a report to the supervising office, with the office's decision. Every
    submission is kept: the history of a report that went back and forth."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="submissions",
                               verbose_name="年度报告")
    at = models.DateTimeField("报送时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name="报送人")
    snapshot = models.JSONField("报送时的报告（交换格式）")
    errors = models.PositiveIntegerField("报送时的错误数", default=0)
    warnings = models.PositiveIntegerField("报送时的警告数", default=0)
    decision = models.CharField("审核结论", max_length=20, choices=Decision.choices,
                                default=Decision.pending)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name="审核人")
    comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_at__isnull=False)),
                name="submission_decided_has_time"),
            models.CheckConstraint(condition=~Q(decision="returned") | ~Q(comment=""),
                                   name="submission_return_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.at:%Y-%m-%d %H:%M} · {self.get_decision_display()}"
