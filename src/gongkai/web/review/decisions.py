"""The supervising office's decision on a submitted report: return it with comments, or
accept it. One transaction: the submission records the decision, the report takes its status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.web.organisations import access
from gongkai.web.reports.models import Decision, Report, Status, Submission

# The report's status after each decision.
_STATUS = {Decision.returned: Status.returned, Decision.accepted: Status.accepted}


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message is for the reviewer (Chinese)."""


def decide(submission: Submission, user: Any, decision: str, comment: str,
           at: datetime) -> Submission:
    """Record `user`'s `decision` ("returned" or "accepted") on a pending `submission`.

    Returning needs a comment (the agency must know what to change); accepting may carry one.
    Only a reviewer who may review the agency (`access.can_review`; never one's own office)
    decides: anyone else gets `PermissionDenied`. Nothing is saved unless everything is."""
    comment = (comment or "").strip()
    if decision not in _STATUS:
        raise DecisionError("请选择“退回修改”或“审核通过”")
    if decision == Decision.returned and not comment:
        raise DecisionError("退回修改须填写审核意见，说明需要修改的内容")
    db = submission._state.db or "default"
    with transaction.atomic(using=db):
        locked = (Submission.objects.using(db).select_for_update(of=("self", "report"))
                  .select_related("report__agency__region").get(pk=submission.pk))
        report: Report = locked.report
        if not access.can_review(user, report.agency):
            raise PermissionDenied("您无权审核该机关的年度报告")
        if locked.decision != Decision.pending:
            raise DecisionError(f"该次报送已有审核结论（{locked.get_decision_display()}），"
                                "不能再次审核")
        latest = report.submissions.using(db).order_by("-at", "-pk").first()
        if latest is not None and latest.pk != locked.pk:
            raise DecisionError("该报告已有更新的报送，请审核最新的一次")
        locked.decision = decision
        locked.decided_at = at
        locked.decided_by = user
        locked.comment = comment
        locked.save(update_fields=["decision", "decided_at", "decided_by", "comment"])
        report.status = _STATUS[Decision(decision)]
        report.save(update_fields=["status"])
    return locked
