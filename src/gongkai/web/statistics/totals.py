"""A government's totals: the accepted reports of a region's agencies summed cell by cell
(`gongkai.rollup.total.rollup`: by cell kind, a blank cell never counted as 0).

Which regions a user may total: administrators any; an office reviewer the regions of the
agencies they review (`access.can_review`). Only reports the user may see (`access.for_user`)
are summed; the agencies of the scope without an accepted report are listed as not included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.rollup.total import RollupError, RollupResult, rollup
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency, Region
from gongkai.web.reports.models import Report, Status
from gongkai.web.review.overview import NOT_STARTED, STATE_LABELS


def may_total(user: Any) -> bool:
    """Whether `user` may see totals at all: administrators and office reviewers."""
    return access.is_admin(user) or access.reviewable_agencies(user).exists()


def regions_for(user: Any) -> list[Region]:
    """The regions whose totals `user` may see, top level first: the regions of the agencies
    the user reviews (every region for administrators)."""
    if access.is_admin(user):
        return list(Region.objects.select_related("parent").order_by("level", "name"))
    ids = access.reviewable_agencies(user).filter(region__isnull=False).values("region_id")
    return list(Region.objects.filter(pk__in=ids).select_related("parent")
                .order_by("level", "name"))


# The government of a township region is its 乡/镇人民政府; a 街道 has no people's government
# but a 街道办事处, the county's or district's agency there.
_STREET = "街道"


def government_name(region: Region) -> str:
    """Whose totals these are: the people's government of `region` (…市/县/区/乡/镇人民政府),
    or for a street (…街道) its 街道办事处."""
    if region.name.endswith(_STREET):
        return f"{region.name}办事处"
    return f"{region.name}人民政府"


@dataclass
class Totals:
    region: Region
    year: int
    below: bool  # the regions below included
    included: list[Report] = field(default_factory=list)
    # Agencies of the scope without an accepted report, with their report's state.
    missing: list[tuple[Agency, str]] = field(default_factory=list)
    result: RollupResult | None = None
    error: str | None = None

    @property
    def name(self) -> str:
        return government_name(self.region)


def scope_agencies(user: Any, region: Region, below: bool) -> list[Agency]:
    regions = region.descendant_ids() if below else {region.pk}
    return list(access.visible_agencies(user).filter(region__in=regions)
                .select_related("region").order_by("region__level", "name"))


def accepted_reports(user: Any, agencies: list[Agency], year: int | None = None) -> list[Report]:
    reports = access.for_user(Report.objects.filter(
        agency__in=[a.pk for a in agencies], status=Status.accepted), user)
    if year is not None:
        reports = reports.filter(year=year)
    return list(reports.select_related("agency").order_by("year", "agency__name"))


def _summed(reports: list[Report], name: str, year: int) -> tuple[RollupResult | None,
                                                                 str | None]:
    if not reports:
        return None, "尚无审核通过的报告，无法汇总"
    models = []
    for report in reports:
        model = report.model()
        model.source = report.agency.name  # named in the blank-cell notes
        models.append(model)
    try:
        return rollup(models, agency=name, year=year), None
    except RollupError as exc:
        return None, str(exc)


def totals(user: Any, region: Region, year: int, below: bool) -> Totals:
    """The accepted reports of `region` (and the regions below it when `below`) in `year`."""
    agencies = scope_agencies(user, region, below)
    found = Totals(region, year, below, included=accepted_reports(user, agencies, year))
    done = {r.agency_id for r in found.included}
    reports = {r.agency_id: r for r in access.for_user(
        Report.objects.filter(agency__in=[a.pk for a in agencies], year=year), user)}
    for agency in agencies:
        if agency.pk not in done:
            report = reports.get(agency.pk)
            found.missing.append((agency, STATE_LABELS[report.status if report else NOT_STARTED]))
    found.result, found.error = _summed(found.included, found.name, year)
    return found


def by_year(user: Any, region: Region, below: bool) -> dict[int, RollupResult]:
    """The totals of every year with accepted reports in the scope (years that cannot be
    summed, e.g. mixed format versions, are left out)."""
    agencies = scope_agencies(user, region, below)
    years: dict[int, list[Report]] = {}
    for report in accepted_reports(user, agencies):
        years.setdefault(report.year, []).append(report)
    out = {}
    for year, reports in sorted(years.items()):
        result, _ = _summed(reports, government_name(region), year)
        if result is not None:
            out[year] = result
    return out
