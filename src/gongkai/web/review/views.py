"""The supervising office's pages: the year's submissions, and one report's review (the
submitted snapshot, its findings, return / accept, dismissals).

Every lookup goes through `access`: a report of an agency the user may not see answers 404; one
the user sees but may not review (a clerk's own agency, the reviewer's own office) answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.check.registry import SEVERITIES, SEVERITY_ZH
from gongkai.format import get_format
from gongkai.web.organisations import access
from gongkai.web.reports import display
from gongkai.web.reports.findings import ShownFinding, counts, findings_of
from gongkai.web.reports.models import Decision, Report, Submission
from gongkai.web.review import overview
from gongkai.web.review.deadlines import publication_deadline
from gongkai.web.review.decisions import DecisionError, decide
from gongkai.web.review.dismissals import DismissalError, dismiss, undo
from gongkai.web.review.forms import DecisionForm, DismissalForm, YearForm
from gongkai.web.review.models import Dismissal
from gongkai.web.review.tables import Flag, all_tables


@require_GET
@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    agencies = overview.reviewed_agencies(request.user)
    if not agencies and not access.is_admin(request.user):
        raise PermissionDenied("只有主管部门的审核人员可以查看报送情况")
    on = overview.today()
    year, error = overview.reporting_year(on), None
    if "year" in request.GET:
        form = YearForm(request.GET)
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            error = form.errors["year"][0]
    rows = overview.rows(request.user, agencies, year, on)
    return render(request, "review/submissions.html", {
        "rows": rows, "year": year, "today": on, "error": error,
        "years": overview.year_choices(on),
        "submitted": sum(1 for r in rows if r.submitted_at is not None),
    }, status=400 if error else 200)


# ------------------------------------------------------------------------ one report

def _report(request: HttpRequest, report_id: int) -> Report:
    """The report, 404 unless the user sees its agency, 403 unless they review it."""
    queryset = access.for_user(Report.objects.select_related("agency__region"), request.user)
    report = get_object_or_404(queryset, pk=report_id)
    if not access.can_review(request.user, report.agency):
        raise PermissionDenied("您无权审核该机关的年度报告")
    return report


def _latest(report: Report) -> Submission | None:
    return (report.submissions.select_related("by", "decided_by")
            .order_by("-at", "-pk").first())


def _as_submitted(report: Report, submission: Submission) -> Report:
    """The report as it was submitted (unsaved): what the office reviews."""
    shown = Report(pk=report.pk, agency=report.agency, year=report.year,
                   data=submission.snapshot, status=report.status)
    shown._state.db, shown._state.adding = report._state.db, False
    return shown


def _flags(shown: list[ShownFinding]) -> dict[str, Flag]:
    """The cells an open finding names, marked as the editor marks them (`display.flag`)."""
    out = {}
    for key, notes in display.notes_by_key(display.note(s) for s in shown).items():
        severity = display.flag(notes)
        if severity in SEVERITIES:
            out[key] = Flag(severity, tuple(dict.fromkeys(n.code for n in notes
                                                          if not n.dismissed)))
    return out


def _finding_rows(shown: list[ShownFinding], version: str) -> list[dict[str, Any]]:
    spec = get_format(version)
    return [{
        "item": item,
        "severity": SEVERITY_ZH.get(item.finding.severity, item.finding.severity),
        "title": item.finding.rule.title,
        "cells": [(key, spec.cells[key].label if key in spec.cells else key)
                  for key in item.finding.keys],
        "number": i,
    } for i, item in enumerate(shown, start=1)]


def _page(request: HttpRequest, report: Report, *, decision_form: DecisionForm | None = None,
          error: str | None = None, status: int = 200) -> HttpResponse:
    submission = _latest(report)
    context: dict[str, Any] = {
        "report": report, "submission": submission, "error": error,
        "history": report.submissions.select_related("by", "decided_by").order_by("-at", "-pk"),
        "deadline": publication_deadline(report.agency, report.year),
    }
    if submission is not None:
        submitted = _as_submitted(report, submission)
        model = submitted.model()
        shown = findings_of(submitted)
        spec = get_format(model.format)
        context.update({
            "model": model,
            "tables": all_tables(model.format, model.cells, _flags(shown)),
            "sections": [(s, model.sections.get(s.id)) for s in spec.sections],
            "findings": _finding_rows(shown, model.format),
            "counts": counts(shown),
            "pending": submission.decision == Decision.pending,
            "decision_form": decision_form or DecisionForm(
                initial={"submission": submission.pk}),
        })
    return render(request, "review/report.html", context, status=status)


@require_GET
@login_required
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _page(request, _report(request, report_id))


@require_POST
@login_required
def decision(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _page(request, found, decision_form=form, error=first, status=400)
    submission = found.submissions.filter(pk=form.cleaned_data["submission"]).first()
    if submission is None:
        return _page(request, found, decision_form=form, error="报送记录不存在，请刷新页面后重试",
                     status=400)
    try:
        decide(submission, request.user, form.cleaned_data["decision"],
               form.cleaned_data["comment"], timezone.now())
    except DecisionError as exc:
        return _page(request, found, decision_form=form, error=str(exc), status=400)
    return redirect(reverse("review:report", args=[found.pk]) + "#decision")


@require_POST
@login_required
def dismissal(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    submission = _latest(found)
    form = DismissalForm(request.POST)
    if submission is None:
        return _page(request, found, error="该报告尚未报送", status=400)
    if not form.is_valid():
        return _page(request, found, error=next(iter(form.errors.values()))[0], status=400)
    submitted = _as_submitted(found, submission)
    shown = findings_of(submitted)
    try:
        dismiss(submitted, shown, form.cleaned_data["code"], form.cleaned_data["keys"],
                form.cleaned_data["reason"], request.user, timezone.now())
    except DismissalError as exc:
        return _page(request, found, error=str(exc), status=400)
    return redirect(reverse("review:report", args=[found.pk]) + "#findings")


@require_POST
@login_required
def undo_dismissal(request: HttpRequest, dismissal_id: int) -> HttpResponse:
    queryset = access.for_user(Dismissal.objects.select_related("agency__region"), request.user)
    found = get_object_or_404(queryset, pk=dismissal_id)
    undo(found, request.user)  # PermissionDenied → 403
    target = Report.objects.filter(agency_id=found.agency_id, year=found.year).first()
    if target is None:
        return redirect("review:submissions")
    return redirect(reverse("review:report", args=[target.pk]) + "#findings")
