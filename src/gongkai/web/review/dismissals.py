"""Dismissing a finding with a reason, and undoing it.

A dismissal is keyed by (agency, year, rule code, cells signature), not by a finding object, so
it still covers the finding after the agency edits and resubmits (`reports.findings.findings_of`
attaches it on every check) — while the finding's message and its cells' figures are what the
reviewer saw; when they changed, the reviewer dismisses it again (the same record, updated)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from gongkai.web.organisations import access
from gongkai.web.reports.findings import ShownFinding
from gongkai.web.reports.models import Report
from gongkai.web.review.models import Dismissal, cell_values


class DismissalError(ValueError):
    """A dismissal that cannot be recorded; the message is for the reviewer (Chinese)."""


def find(shown: list[ShownFinding], code: str, signature: str) -> ShownFinding:
    """The finding of rule `code` on the cells `signature` among `shown`."""
    for item in shown:
        if item.finding.code == code and item.signature == signature:
            return item
    raise DismissalError("找不到这条审核意见（报告可能已被修改），请刷新页面后重试")


def dismiss(report: Report, shown: list[ShownFinding], code: str, signature: str,
            reason: str, user: Any, at: datetime) -> Dismissal:
    """Dismiss the finding (`code`, `signature`) among the findings `shown` of `report` (the
    report as checked: its figures are recorded with the finding's message), giving `reason`.
    A dismissal whose figures changed since (`stale`) is confirmed again: the same record
    takes the new message, figures, reason, reviewer and time. Reviewers of the agency only
    (`access.can_review`)."""
    if not access.can_review(user, report.agency):
        raise PermissionDenied("您无权审核该机关的年度报告")
    reason = (reason or "").strip()
    if not reason:
        raise DismissalError("排除审核意见须填写理由")
    item = find(shown, code, signature)
    if item.dismissed:
        raise DismissalError(f"审核意见 {code} 已被排除")
    db = report._state.db or "default"
    seen = {"message": item.finding.message,
            "values": cell_values(item.finding.keys, report.model().cells),
            "reason": reason, "by": user, "at": at}
    try:
        with transaction.atomic(using=db):
            if item.dismissal is not None:  # stale: confirmed again for the figures now
                found = Dismissal.objects.using(db).select_for_update().filter(
                    pk=item.dismissal.pk).first()
                if found is None or found.message != item.dismissal.message \
                        or found.values != item.dismissal.values:
                    raise DismissalError("这条审核意见的排除记录刚被他人修改或撤销，"
                                         "请刷新页面后重试")
                for name, value in seen.items():
                    setattr(found, name, value)
                found.save(using=db)
                return found
            return Dismissal.objects.using(db).create(
                agency=report.agency, year=report.year, code=code, keys=item.signature, **seen)
    except IntegrityError as exc:  # dismissed meanwhile by someone else
        raise DismissalError(f"审核意见 {code} 已被排除") from exc


def undo(dismissal: Dismissal, user: Any) -> None:
    """Withdraw a dismissal: the finding counts again. Reviewers of the agency only."""
    if not access.can_review(user, dismissal.agency):
        raise PermissionDenied("您无权审核该机关的年度报告")
    dismissal.delete()
