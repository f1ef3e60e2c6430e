"""The year's report of an agency: the list of its reports, the editor, the check on change,
recomputing from the register, downloads and submitting to the supervising office.

Every lookup goes through `access`: an agency the user may not see is 404; a user who may see
it but not edit it (a reviewer) gets the pages read-only and 403 on every POST; so does anyone
while the report is submitted or accepted.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.format import get_format
from gongkai.format.spec import version_for_year, versions
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency
from gongkai.web.reports import display, editing, workflow
from gongkai.web.reports.findings import counts, findings_of
from gongkai.web.reports.forms import (
    META,
    META_FIELDS,
    SECTION,
    NewReportForm,
    ReportForm,
    initial,
    last_year,
)
from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR, Origin, Report, as_json
from gongkai.write import WriteError
from gongkai.write import render as render_report
from gongkai.write.compose import caption, title_lines

DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "Word 文档"),
    "pdf": ("application/pdf", "PDF"),
    "html": ("text/html; charset=utf-8", "网页"),
}
# What the page says after a save, a draft, a recomputation or a submission (`?done=`).
DONE = {
    "saved": "已保存。",
    "drafted": "已起草没有正文的部分（依据表中数字写成，【】中的内容须由工作人员填写）。",
    "nothing-drafted": "各部分都已有正文，没有起草（已有的正文一律保留）。",
    "recomputed": "已按台账重新计算表中数字。",
    "submitted": "已报送主管部门。报送后报告不能修改，主管部门退回后才能再修改。",
    "created": "已新建年度报告。",
}


# ------------------------------------------------------------------------------- lookups

def _agency(request: HttpRequest, agency_id: int) -> Agency:
    """The agency, if the user may see it; 404 otherwise (never 403: that would confirm it)."""
    return get_object_or_404(access.visible_agencies(request.user), pk=agency_id)


def _report(request: HttpRequest, agency: Agency, year: int) -> Report:
    rows = access.for_user(Report.objects.select_related("agency"), request.user)
    return get_object_or_404(rows, agency=agency, year=year)


def _may_edit(request: HttpRequest, report: Report) -> bool:
    return access.can_edit(request.user, report.agency) and workflow.editable(report)


def _require_edit(request: HttpRequest, report: Report) -> None:
    if not _may_edit(request, report):
        raise PermissionDenied("没有修改这份报告的权限，或报告已报送、已审核通过")


def _db(obj: Any) -> str:
    return obj._state.db or "default"


def _editor_url(report: Report, done: str | None = None) -> str:
    url = reverse("reports:editor", args=[report.agency_id, report.year])
    return f"{url}?done={done}" if done else url


# ------------------------------------------------------------------------------- the list

@require_GET
@login_required
def index(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency(request, agency_id)
    return _index_page(request, agency, NewReportForm(initial={"year": last_year(),
                                                                "source": "register"}))


def _index_page(request: HttpRequest, agency: Agency, form: NewReportForm,
                status: int = 200) -> HttpResponse:
    reports = access.for_user(Report.objects.filter(agency=agency), request.user)
    rows = [(r, r.data.get("format") or version_for_year(r.year))
            for r in reports.select_related("updated_by").order_by("-year")]
    return render(request, "reports/index.html", {
        "agency": agency, "rows": rows, "form": form,
        "can_edit": access.can_edit(request.user, agency),
        "versions": [(v, get_format(v).first_year) for v in versions()],
        "first_year": FIRST_YEAR, "last_year": LAST_YEAR,
    }, status=status)


@require_POST
@login_required
def create(request: HttpRequest, agency_id: int) -> HttpResponse:
    """新建年度报告: computed from the register, or blank to type in."""
    agency = _agency(request, agency_id)
    if not access.can_edit(request.user, agency):
        raise PermissionDenied("没有为该机关新建年度报告的权限")
    form = NewReportForm(request.POST)
    if not form.is_valid():
        return _index_page(request, agency, form, status=400)
    year, source = form.cleaned_data["year"], form.cleaned_data["source"]
    db = _db(agency)
    if Report.objects.filter(agency=agency, year=year).exists():
        form.add_error("year", f"{year} 年度的报告已经存在，请在下方列表中打开它")
        return _index_page(request, agency, form, status=400)
    if source == "register":
        model, origin = editing.register_report(agency.name, year, db), Origin.register
    else:
        model, origin = editing.blank_report(agency.name, year), Origin.typed
    try:
        with transaction.atomic(using=db):
            report = Report.objects.create(agency=agency, year=year, data=as_json(model),
                                           origin=origin, updated_by=request.user)
    except IntegrityError:
        form.add_error("year", f"{year} 年度的报告已经存在，请在下方列表中打开它")
        return _index_page(request, agency, form, status=400)
    return HttpResponseRedirect(_editor_url(report, "created"))


# ------------------------------------------------------------------------------- the editor

def _editor_page(request: HttpRequest, report: Report, form: ReportForm | None = None, *,
                 message: str = "", problem: str = "", status: int = 200) -> HttpResponse:
    """The editor: `form` bound to what was posted (with its errors), else the stored report."""
    model = report.model()
    spec = get_format(model.format)
    if form is not None:
        values = {name: form.data.get(name, "") for name in form.fields}
        errors = form.cell_errors()
    else:
        values, errors = initial(model), {}
        form = ReportForm(spec, initial=values)
    shown = findings_of(report)
    notes = [display.note(s) for s in shown]
    by_key = display.notes_by_key(notes)
    groups = display.notes_by_section(model.format, shown)
    section_notes = {sid: ns for sid, _, ns in groups}
    sections = []
    for section in spec.sections:
        rows = (display.table_rows(model.format, section.table, values, errors, by_key)
                if section.table else None)
        sections.append({"section": section, "field": form[SECTION + section.id],
                         "caption": caption(section) if section.table else "", "rows": rows,
                         "notes": section_notes.get(section.id, []),
                         "error": errors.get(SECTION + section.id, "")})
    may_edit = _may_edit(request, report)
    can_edit = access.can_edit(request.user, report.agency)
    if not may_edit:
        for field in form.fields.values():
            field.widget.attrs["readonly"] = True
    return render(request, "reports/editor.html", {
        "report": report, "agency": report.agency, "model": model, "spec": spec,
        "form": form, "sections": sections, "groups": groups,
        "meta_fields": [form[META + name] for name in META_FIELDS],
        "counts": counts(shown), "dismissed": sum(1 for s in shown if s.dismissed),
        "errors": errors, "error_labels": [form.fields[n].label for n in errors],
        "may_edit": may_edit,
        "read_only_note": (workflow.read_only_note(report) if can_edit
                           else "您可以查看这份报告，但没有修改的权限。"),
        "diagnostics": model.diagnostics,
        "submissions": report.submissions.select_related("by", "decided_by").order_by("-at"),
        "downloads": [(kind, label) for kind, (_, label) in DOWNLOADS.items()],
        "message": message or DONE.get(request.GET.get("done", ""), ""),
        "problem": problem,
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def editor(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """GET: the report's page. POST `action`: save (保存), draft (起草正文) or submit
    (报送主管部门) — each validates the form first: a form with any error saves nothing (400).
    A valid form is saved before drafting or submitting; when the submission is then refused
    (open errors, 409) the edits stay saved and the page says so."""
    agency = _agency(request, agency_id)
    report = _report(request, agency, year)
    if request.method == "GET":
        return _editor_page(request, report)
    _require_edit(request, report)
    action = request.POST.get("action", "save")
    spec = get_format(report.model().format)
    form = ReportForm(spec, request.POST)
    if not form.is_valid():
        return _editor_page(request, report, form, status=400, problem=(
            f"有 {len(form.errors)} 处填写有误，未保存。请按提示改正后再保存。"))
    db = _db(report)
    with transaction.atomic(using=db):
        locked = Report.objects.select_for_update().select_related("agency").get(pk=report.pk)
        if not workflow.editable(locked):
            raise PermissionDenied(workflow.read_only_note(locked))
        model = editing.with_edits(locked.model(), form.edits())
        drafted: list[str] = []
        if action == "draft":
            figures = editing.publication_figures(agency.name, locked.year, db)
            drafted = editing.draft_missing(model, figures)
        locked.store(model)
        locked.updated_by = request.user
        locked.save()
    if action == "submit":
        try:
            workflow.submit(locked, request.user, timezone.now())
        except workflow.SubmitError as exc:
            return _editor_page(request, locked, message="修改已保存。", problem=str(exc),
                                status=409)
        return HttpResponseRedirect(_editor_url(locked, "submitted"))
    if action == "draft":
        return HttpResponseRedirect(_editor_url(locked,
                                                "drafted" if drafted else "nothing-drafted"))
    return HttpResponseRedirect(_editor_url(locked, "saved"))


def _json(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


@require_POST
def check(request: HttpRequest, agency_id: int, year: int) -> JsonResponse:
    """POST the editor's form: the findings on it as JSON, nothing saved. 401 when signed
    out, 404 for an agency the user may not see, 403 without the right to edit."""
    if not request.user.is_authenticated:
        return _json({"error": "未登录"}, 401)
    agency = _agency(request, agency_id)
    report = _report(request, agency, year)
    _require_edit(request, report)
    model = report.model()
    form = ReportForm(get_format(model.format), request.POST)
    if not form.is_valid():
        return _json({"ok": False, "errors": form.cell_errors()})
    report.store(editing.with_edits(model, form.edits()))  # in memory only: never saved
    shown = findings_of(report)
    return _json({"ok": True, "errors": {}, "counts": counts(shown),
                  **display.rendered(model.format, shown)})


# ------------------------------------------------------------------------------- recompute

def _recompute_page(request: HttpRequest, report: Report, result: editing.Recomputation, *,
                    problem: str = "", status: int = 200) -> HttpResponse:
    spec = get_format(result.report.format)
    return render(request, "reports/recompute.html", {
        "report": report, "agency": report.agency, "changes": result.changes,
        "kept": [spec.cells[k].label for k in result.kept], "digest": result.digest,
        "problem": problem,
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def recompute(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """GET: what recomputing from the register would change, with its digest (to confirm).
    POST `digest`: do it — only when recomputing now gives what was previewed; when the
    register or the report changed since, nothing is saved and the new preview is shown
    (409). The register read is the agency's (the row's), never the name in the report."""
    agency = _agency(request, agency_id)
    report = _report(request, agency, year)
    _require_edit(request, report)
    db = _db(report)
    try:
        if request.method == "GET":
            return _recompute_page(request, report,
                                   editing.recompute(report.model(), agency.name, db))
        with transaction.atomic(using=db):
            locked = (Report.objects.select_for_update().select_related("agency")
                      .get(pk=report.pk))
            if not workflow.editable(locked):
                raise PermissionDenied(workflow.read_only_note(locked))
            result = editing.recompute(locked.model(), locked.agency.name, db)
            if request.POST.get("digest", "") != result.digest:
                return _recompute_page(request, locked, result, status=409, problem=(
                    "预览之后台账或报告中的数字有了变化，未作任何修改。下面是按现在的台账重新计算"
                    "的结果，请核对后再确认。"))
            locked.store(result.report)
            locked.updated_by = request.user
            locked.save()
    except editing.RecomputeError as exc:
        return _editor_page(request, report, problem=str(exc), status=409)
    return HttpResponseRedirect(_editor_url(locked, "recomputed"))


# ------------------------------------------------------------------------------- downloads

def content_disposition(filename: str) -> str:
    """An attachment header naming the file in Chinese (RFC 6266 / RFC 5987 `filename*`),
    with an ASCII name for clients that do not read `filename*`."""
    stem, _, suffix = filename.rpartition(".")
    fallback = f"report.{suffix}" if stem else "report"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_GET
@login_required
def download(request: HttpRequest, agency_id: int, year: int, kind: str) -> HttpResponse:
    """The stored report as DOCX, PDF (through LibreOffice: it can take seconds) or HTML."""
    agency = _agency(request, agency_id)
    report = _report(request, agency, year)
    if kind not in DOWNLOADS:
        raise Http404("没有这种下载格式")
    content_type, label = DOWNLOADS[kind]
    model = report.model()
    try:
        data = render_report(model, kind)
    except WriteError as exc:
        return render(request, "reports/download_failed.html", {
            "report": report, "agency": agency, "label": label, "reason": str(exc),
        }, status=503)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        "".join(title_lines(model)) + f".{kind}")
    return response
