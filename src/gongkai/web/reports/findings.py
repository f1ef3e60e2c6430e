"""The checker's findings on a stored report, each with the dismissal that covers it if any.

Both the report editor (agency side) and the review page (office side) show findings through
this one function, so a dismissal recorded on either side shows on both and survives re-checks
— as long as the finding is still what was dismissed (same message, same figures in its cells;
see `review.models.Dismissal.still_covers`); otherwise the dismissal is shown as needing
re-confirmation and the finding counts as open.

The checker is told whether the report is a government's own (`review.deadlines`, from the
agency's row), so the editor's P1-101 and the review page's deadline agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.check import Finding, check
from gongkai.check.registry import SEVERITIES
from gongkai.web.reports.models import Report
from gongkai.web.review.deadlines import governments_own_report
from gongkai.web.review.models import Dismissal, cell_values, keys_signature

# Dismissals of one report, by (rule code, cells signature).
Dismissals = dict[tuple[str, str], Dismissal]


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    dismissal: Dismissal | None  # the dismissal recorded for this rule and these cells
    # The dismissal was recorded for another message or other figures: it no longer covers
    # the finding, which counts as open until someone dismisses it again.
    stale: bool = False

    @property
    def dismissed(self) -> bool:
        return self.dismissal is not None and not self.stale

    @property
    def signature(self) -> str:
        return keys_signature(self.finding.keys)


def previous_report(report: Report) -> Report | None:
    """The same agency's stored report of the year before, for the cross-year rules."""
    return (Report.objects.using(report._state.db)
            .filter(agency_id=report.agency_id, year=report.year - 1).first())


def _dismissals(db: str | None, agency_ids: Iterable[int], years: Iterable[int]
                ) -> dict[tuple[int, int], Dismissals]:
    out: dict[tuple[int, int], Dismissals] = {}
    for d in (Dismissal.objects.using(db).select_related("by")
              .filter(agency_id__in=set(agency_ids), year__in=set(years))):
        out.setdefault((d.agency_id, d.year), {})[(d.code, d.keys)] = d
    return out


def _shown(report: Report, before: Report | None, dismissals: Dismissals) -> list[ShownFinding]:
    model = report.model()
    result = check(model, previous=before.model() if before else None,
                   government_report=governments_own_report(report.agency))
    out = []
    for f in result.findings:
        found = dismissals.get((f.code, keys_signature(f.keys)))
        stale = found is not None and not found.still_covers(
            f.message, cell_values(f.keys, model.cells))
        out.append(ShownFinding(f, found, stale))
    return out


def findings_of(report: Report) -> list[ShownFinding]:
    """Check the stored report (with last year's, when stored) and attach dismissals."""
    found = _dismissals(report._state.db, [report.agency_id], [report.year])
    return _shown(report, previous_report(report),
                  found.get((report.agency_id, report.year), {}))


def findings_by_report(reports: list[Report]) -> dict[int, list[ShownFinding]]:
    """`findings_of` for many reports (by report id) in two queries, whatever their number:
    last year's reports and the dismissals are read together. The reports' agencies (with
    their regions) should be loaded already."""
    if not reports:
        return {}
    db = reports[0]._state.db
    agency_ids = {r.agency_id for r in reports}
    before = {(r.agency_id, r.year): r for r in Report.objects.using(db).filter(
        agency_id__in=agency_ids, year__in={r.year - 1 for r in reports})}
    dismissals = _dismissals(db, agency_ids, {r.year for r in reports})
    return {r.pk: _shown(r, before.get((r.agency_id, r.year - 1)),
                         dismissals.get((r.agency_id, r.year), {}))
            for r in reports}


def counts(shown: list[ShownFinding]) -> dict[str, int]:
    """Open (not dismissed) findings by severity: {"error": n, "warning": n, "notice": n}."""
    tally = dict.fromkeys(SEVERITIES, 0)
    for item in shown:
        if not item.dismissed:
            tally[item.finding.severity] += 1
    return tally
