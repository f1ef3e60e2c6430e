"""A report's way to the supervising office: when it may be edited, and submitting it.

The agency edits a report while it is a draft or returned; submitting it (with no open error
finding) records a `Submission` with a snapshot and makes it read-only until the office returns
it. The office's side (return, accept, dismissals) is the `review` app's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from gongkai.check.registry import SEVERITY_ZH
from gongkai.web.reports.findings import counts, findings_of
from gongkai.web.reports.models import Report, Status, Submission

EDITABLE = (Status.draft, Status.returned)
# How many open errors a refusal lists by name.
_LISTED = 10


class SubmitError(Exception):
    """The report cannot be submitted; the message is Chinese, for the clerk."""


def editable(report: Report) -> bool:
    """Whether the agency may change the report now (draft, or returned by the office)."""
    return report.status in EDITABLE


def read_only_note(report: Report) -> str:
    """Why a report that is not editable cannot be changed, in Chinese ("" when editable)."""
    if report.status == Status.submitted:
        return "报告已报送主管部门，正在审核，不能修改；主管部门退回后才能再修改。"
    if report.status == Status.accepted:
        return "报告已经主管部门审核通过，不能再修改。"
    return ""


def submit(report: Report, user: Any, at: datetime) -> Submission:
    """Submit `report` to the supervising office at `at`: allowed from draft or returned, and
    only when no error finding is open (not dismissed). Records a `Submission` (the stored
    report as its snapshot, the open errors and warnings counted) and marks the report
    submitted, in one transaction; `SubmitError` (Chinese) otherwise, nothing changed."""
    db = report._state.db or "default"
    with transaction.atomic(using=db):
        locked = Report.objects.using(db).select_for_update().get(pk=report.pk)
        if not editable(locked):
            raise SubmitError(f"报告当前的状态是“{locked.get_status_display()}”，不能报送"
                              "（只有编写中或已退回修改的报告可以报送）。")
        shown = findings_of(locked)
        open_errors = [s.finding for s in shown
                       if s.finding.severity == "error" and not s.dismissed]
        if open_errors:
            listed = "；".join(f"{f.code} {f.message}" for f in open_errors[:_LISTED])
            more = f"等 {len(open_errors)} 条" if len(open_errors) > _LISTED else ""
            raise SubmitError(f"报告还有 {len(open_errors)} 条未排除的{SEVERITY_ZH['error']}，"
                              f"不能报送。请先改正：{listed}{more}")
        tally = counts(shown)
        submission = Submission.objects.using(db).create(
            report=locked, at=at, by=user if user is not None and user.pk else None,
            snapshot=locked.data, errors=tally["error"], warnings=tally["warning"])
        locked.status = Status.submitted
        locked.save(using=db, update_fields=["status"])
    report.status = locked.status
    return submission
