"""The statistics pages: a government's totals for a year — the accepted reports of a region's
agencies summed into the three statutory tables, with charts — and their downloads.

Only administrators and office reviewers have totals (403 for others); a region the user does
not review answers 404. Only reports the user may see are summed (`access`, in `totals`). An
administrator of a workbench without regions yet gets a page saying so. A download that cannot
be written answers 503 (as the report editor's downloads do).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET

from gongkai import interchange
from gongkai.web.organisations.models import Region
from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR
from gongkai.web.review.overview import reporting_year, today, year_choices
from gongkai.web.review.tables import all_tables
from gongkai.web.statistics import charts
from gongkai.web.statistics.totals import Totals, by_year, may_total, regions_for, totals
from gongkai.write import render as render_report
from gongkai.write.errors import WriteError

DOWNLOADS = {
    "json": ("application/json; charset=utf-8", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@dataclass
class Choice:
    """What the page shows: the region, year and scope asked for, or the defaults."""

    region: Region
    year: int
    below: bool
    error: str | None = None

    def query(self) -> str:
        return urlencode({"region": self.region.pk, "year": self.year,
                          **({"below": "1"} if self.below else {})})


def _regions(request: HttpRequest) -> list[Region]:
    """The regions the user may total; 403 for a user who may total nothing (not an
    administrator or office reviewer). Empty only for an administrator before any region."""
    if not may_total(request.user):
        raise PermissionDenied("只有主管部门的审核人员和系统管理员可以查看汇总统计")
    return regions_for(request.user)


def _choice(request: HttpRequest, regions: list[Region]) -> Choice:
    """The region (404 when not one of `regions`), year and scope of the request."""
    error = None
    region = regions[0]
    if request.GET.get("region"):
        try:
            wanted = int(request.GET["region"])
        except ValueError:
            raise Http404("没有这个地区") from None
        region = next((r for r in regions if r.pk == wanted), None)
        if region is None:
            raise Http404("没有这个地区")
    year = reporting_year(today())
    if request.GET.get("year"):
        text = request.GET["year"].strip()
        if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
            year = int(text)
        else:
            error = f"年度“{text}”无效，应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的四位数字"
    return Choice(region, year, request.GET.get("below") == "1", error)


def _charts(found: Totals, history: dict) -> list[charts.Chart]:
    shown = []
    if found.result is not None:
        report = found.result.report
        shown += [charts.outcomes(report), charts.applicants(report),
                  charts.reviews_and_lawsuits(report)]
    if history:
        years = {year: result.report for year, result in history.items()}
        inputs = {year: len(result.sources) for year, result in history.items()}
        shown += [charts.trend(years, "new", inputs), charts.trend(years, "processed", inputs)]
    return shown


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    regions = _regions(request)
    if not regions:
        return render(request, "statistics/no_regions.html")
    choice = _choice(request, regions)
    found = totals(request.user, choice.region, choice.year, choice.below)
    history = by_year(request.user, choice.region, choice.below)
    report = found.result.report if found.result is not None else None
    return render(request, "statistics/index.html", {
        "regions": regions, "choice": choice, "totals": found,
        "years": year_choices(today()),
        "tables": all_tables(report.format, report.cells, prefix="total") if report else [],
        "blank_notes": [d.message for d in report.diagnostics] if report else [],
        "charts": _charts(found, history),
        "downloads": [(kind, f"{choice.query()}") for kind in DOWNLOADS],
    }, status=400 if choice.error else 200)


def interchange_json(found: Totals) -> str:
    """The totals as interchange JSON, with what was summed (as `gongkai rollup` writes it)."""
    assert found.result is not None
    data = interchange.to_dict(found.result.report)
    data["rollup"] = {
        "inputs": found.result.sources,
        "excluded": [{"source": agency.name, "reason": f"未审核通过（{state}）"}
                     for agency, state in found.missing],
        "blank_cells": found.result.blank,
    }
    return interchange.dumps(data) + "\n"


@require_GET
@login_required
def download(request: HttpRequest, kind: str) -> HttpResponse:
    regions = _regions(request)
    if kind not in DOWNLOADS:
        raise Http404("没有这种下载格式")
    if not regions:
        raise Http404("还没有任何地区")
    choice = _choice(request, regions)
    if choice.error:
        return HttpResponse(choice.error, status=400, content_type="text/plain; charset=utf-8")
    found = totals(request.user, choice.region, choice.year, choice.below)
    if found.result is None:
        return HttpResponse(found.error or "无法汇总", status=400,
                            content_type="text/plain; charset=utf-8")
    content_type, suffix = DOWNLOADS[kind]
    try:
        body = (interchange_json(found).encode("utf-8") if kind == "json"
                else render_report(found.result.report, kind))
    except WriteError as exc:
        return HttpResponse(f"无法生成文件：{exc}", status=503,
                            content_type="text/plain; charset=utf-8")
    scope = "（含下级）" if choice.below else ""
    name = f"{found.name}{choice.year}年度汇总{scope}.{suffix}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
