"""Findings the supervising office (or the agency) dismissed, with the reason.

A dismissal names the rule and the cells of a finding for one agency and year, not the finding
object, so it survives re-checks: after the report is edited and checked again, a finding with
the same code and the same cells is still found. It also records what the reviewer saw — the
finding's message and the figures of its cells — and covers the finding only while they are
unchanged: a dismissal of "相差 1" does not silently cover "相差 900" after the agency changed
its figures; it shows as 已排除（数字已变，需重新确认） and the finding counts as open again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.model import CellValue
from gongkai.web.organisations.models import Agency
from gongkai.write.layout import figure_text


def keys_signature(keys: Iterable[str]) -> str:
    """The cells of a finding as one stable text (sorted, comma-separated; "" for none)."""
    return ",".join(sorted(set(keys)))


def cell_values(keys: Iterable[str], cells: Mapping[str, CellValue]) -> dict[str, str]:
    """The figures of a finding's cells as printed ("" for a blank cell), by key."""
    return {key: figure_text(cells.get(key)) for key in sorted(set(keys))}


class Dismissal(models.Model):
    """一条被排除的审核意见：规则代码 + 涉及的单元格，附理由."""

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="dismissals",
                               verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    code = models.CharField("规则代码", max_length=20)
    keys = models.CharField("涉及的单元格", max_length=1000, blank=True)
    reason = models.TextField("理由")
    # What was dismissed: the finding's message and its cells' figures at the time ("" / {}
    # for dismissals recorded before these were kept: they cover as before).
    message = models.TextField("排除时的审核意见", blank=True, default="")
    values = models.JSONField("排除时涉及单元格的数字", blank=True, default=dict)
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
        """Whether the dismissal is recorded for this rule and these cells."""
        return self.code == code and self.keys == keys_signature(keys)

    def still_covers(self, message: str, values: Mapping[str, str]) -> bool:
        """Whether the finding as it stands now (its `message`, its cells' `values`) is what
        was dismissed. A dismissal recorded before the message was kept covers as before."""
        if not self.message:
            return True
        return self.message == message and dict(self.values) == dict(values)
