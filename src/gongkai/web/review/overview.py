"""The office's view of a reporting year: every agency it reviews, how far its report has got,
what the checker still finds in it and how many days are left to the statutory deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency
from gongkai.web.reports.findings import counts, findings_by_report
from gongkai.web.reports.models import FIRST_YEAR, Report, Status, Submission
from gongkai.web.review.deadlines import publication_deadline

NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: "未开始", **dict(Status.choices)}
# Within one deadline, what needs the office first: a report waiting for its decision, then
# reports still with the agency, then nothing at all; accepted reports come last of all.
_STATE_RANK = {Status.submitted: 0, Status.returned: 1, Status.draft: 2, NOT_STARTED: 3,
               Status.accepted: 4}


def today() -> date:
    """Today in the workbench's time zone; the setting GONGKAI_TODAY (a date or ISO text)
    fixes it, for tests and demonstrations."""
    fixed = getattr(settings, "GONGKAI_TODAY", None)
    if fixed is None:
        return timezone.localdate()
    return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))


def reporting_year(on: date) -> int:
    """The year whose reports are due now: last calendar year."""
    return on.year - 1


def year_choices(on: date, count: int = 7) -> range:
    """The years offered in the pages' year menus: next year's down to `count` years, never
    before `FIRST_YEAR`."""
    latest = reporting_year(on) + 1
    return range(latest, max(FIRST_YEAR, latest - count + 1) - 1, -1)


@dataclass
class Row:
    """One agency's line on the office's list."""

    agency: Agency
    report: Report | None
    submitted_at: datetime | None
    counts: dict[str, int] | None
    deadline: date
    days_left: int

    @property
    def state(self) -> str:
        return self.report.status if self.report is not None else NOT_STARTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and self.state != Status.accepted

    @property
    def days_text(self) -> str:
        if self.days_left > 0:
            return f"剩 {self.days_left} 天"
        if self.days_left == 0:
            return "今天截止"
        return f"已过 {-self.days_left} 天"

    def urgency(self) -> tuple[int, int, int, str]:
        done = self.state == Status.accepted
        return (int(done), self.days_left, _STATE_RANK[self.state], self.agency.name)


def reviewed_agencies(user: Any) -> list[Agency]:
    """The agencies whose reports `user` reviews (`access.reviewable_agencies`, the same rule
    as `access.can_review`), with their regions."""
    return list(access.reviewable_agencies(user).select_related("region"))


def rows(user: Any, agencies: list[Agency], year: int, on: date) -> list[Row]:
    """The lines for `agencies` in reporting `year` as of `on`, most urgent first. A fixed
    number of queries, whatever the number of agencies."""
    reports = {r.agency_id: r for r in access.for_user(
        Report.objects.filter(agency__in=[a.pk for a in agencies], year=year), user)}
    by_id = {a.pk: a for a in agencies}
    for report in reports.values():
        report.agency = by_id[report.agency_id]
    latest: dict[int, datetime] = {}
    for submission in Submission.objects.filter(report__in=list(reports.values())).order_by("at"):
        latest[submission.report_id] = submission.at
    shown = findings_by_report(list(reports.values()))
    out = []
    for agency in agencies:
        report = reports.get(agency.pk)
        deadline = publication_deadline(agency, year)
        out.append(Row(
            agency=agency, report=report,
            submitted_at=latest.get(report.pk) if report is not None else None,
            counts=counts(shown[report.pk]) if report is not None else None,
            deadline=deadline, days_left=(deadline - on).days))
    return sorted(out, key=Row.urgency)
