"""The checker's findings on a stored report, each with the dismissal that covers it if any.

Both the report editor (agency side) and the review page (office side) show findings through
this one function, so a dismissal recorded on either side shows on both and survives re-checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.check import Finding, check
from gongkai.web.reports.models import Report
from gongkai.web.review.models import Dismissal, keys_signature


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    dismissal: Dismissal | None

    @property
    def dismissed(self) -> bool:
        return self.dismissal is not None

    @property
    def signature(self) -> str:
        return keys_signature(self.finding.keys)


def previous_report(report: Report) -> Report | None:
    """The same agency's stored report of the year before, for the cross-year rules."""
    return (Report.objects.using(report._state.db)
            .filter(agency_id=report.agency_id, year=report.year - 1).first())


def findings_of(report: Report) -> list[ShownFinding]:
    """Check the stored report (with last year's, when stored) and attach dismissals."""
    before = previous_report(report)
    result = check(report.model(), previous=before.model() if before else None)
    dismissals = {(d.code, d.keys): d for d in Dismissal.objects.using(report._state.db)
                  .filter(agency_id=report.agency_id, year=report.year)}
    return [ShownFinding(f, dismissals.get((f.code, keys_signature(f.keys))))
            for f in result.findings]


def counts(shown: list[ShownFinding]) -> dict[str, int]:
    """Open (not dismissed) findings by severity: {"error": n, "warning": n, "notice": n}."""
    tally = {"error": 0, "warning": 0, "notice": 0}
    for item in shown:
        if not item.dismissed:
            tally[item.finding.severity] = tally.get(item.finding.severity, 0) + 1
    return tally
