"""Findings the supervising office (or the agency) dismissed, with the reason.

A dismissal names the rule and the cells of a finding for one agency and year, not the finding
object, so it survives re-checks: after the report is edited and checked again, a finding with
the same code and the same cells is still shown as dismissed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.web.organisations.models import Agency


def keys_signature(keys: Iterable[str]) -> str:
    """The cells of a finding as one stable text (sorted, comma-separated; "" for none)."""
    return ",".join(sorted(set(keys)))


class Dismissal(models.Model):
    """一条被排除的审核意见：规则代码 + 涉及的单元格，附理由."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="dismissals",
                               verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    code = models.CharField("规则代码", max_length=20)
    keys = models.CharField("涉及的单元格", max_length=1000, blank=True)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name="排除人")
    at = models.DateTimeField("排除时间")

    class Meta:
        verbose_name = "排除的审核意见"
        verbose_name_plural = "排除的审核意见"
        ordering = ["agency", "year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "code", "keys"],
                                    name="dismissal_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="dismissal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.code} [{self.keys}]"

    def covers(self, code: str, keys: Iterable[str]) -> bool:
        return self.code == code and self.keys == keys_signature(keys)
