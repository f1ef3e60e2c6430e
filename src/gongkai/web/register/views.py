"""The register's pages: the applications with their statutory deadlines, one application with
its events, cases, normative documents, and the register file's import and export. Every page
passes `guards.agency_page` (the rules of `organisations.access`); rows are fetched through
`access.for_user`."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from gongkai.register import store
from gongkai.register.deadlines import ANSWER_DAYS, EXTENSION_DAYS
from gongkai.register.io import RegisterFileError, bounds, read_files, sheet
from gongkai.register.io.xlsx import write_xlsx
from gongkai.register.model import applicant_types
from gongkai.register.parts import Part
from gongkai.register.store import domain_application
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency
from gongkai.web.register import models as m
from gongkai.web.register.forms import (
    AUTO,
    ApplicationForm,
    CaseForm,
    DocumentForm,
    EventForm,
    ImportForm,
    parse_day,
)
from gongkai.web.register.guards import REFUSED, agency_page, database, posted, refusal
from gongkai.web.register.incoming import MAX_UPLOAD_MB, UploadRefused, kept_upload, shown_errors
from gongkai.web.register.status import DUE_SOON_WORKDAYS, Show, shown, standing
from gongkai.web.review.overview import today  # GONGKAI_TODAY fixes it

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADDED = {"application": "已登记申请。", "event": "已登记办理事项，答复期限已重新计算。",
         "case": "已登记案件。", "document": "已登记规范性文件。"}
# The stored rows of each part, which an import of that part replaces.
STORED = {Part.applications: m.Application, Part.cases: m.Case,
          Part.documents: m.NormativeDocument, Part.yearly: m.YearlyFigures}


def _page(request: HttpRequest, agency: Agency, template: str, status: int = 200,
          **context: Any) -> HttpResponse:
    context.update(agency=agency, can_edit=access.can_edit(request.user, agency),
                   added=ADDED.get(request.GET.get("added", "")),
                   answer_days=ANSWER_DAYS, extension_days=EXTENSION_DAYS)
    return render(request, f"register/{template}", context, status=status)


def _status(request: HttpRequest) -> int:
    """A page showing a posted form again shows it refused."""
    return REFUSED if request.method == "POST" else 200


def _applications(request: HttpRequest, agency: Agency) -> QuerySet[m.Application]:
    return access.for_user(m.Application.objects.filter(agency=agency), request.user)


# ----------------------------------------------------------------------------- applications

@agency_page(("GET", "HEAD"))
def applications(request: HttpRequest, agency: Agency) -> HttpResponse:
    on = parse_day(request.GET.get("on")) or today()
    show = next((s for s in Show if s.name == request.GET.get("show")), Show.open)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    pks = dict(_applications(request, agency).values_list("number", "pk"))
    register = store.load_register(agency.name, database(agency))
    standings = [standing(pks[a.number], a, on) for a in register.applications
                 if a.number in pks]
    listed = shown(standings, show, year)
    return _page(
        request, agency, "applications.html", standings=listed, on=on, show=show,
        shows=list(Show), year=year, today=today(),
        years=sorted({s.application.received.year for s in standings}, reverse=True),
        overdue=sum(1 for s in standings if s.overdue),
        due_soon=sum(1 for s in standings if s.due_soon), within=DUE_SOON_WORKDAYS,
        applicant_types=applicant_types())


@agency_page()
def add_application(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = ApplicationForm(*posted(request), agency=agency)
    if request.method == "POST" and form.is_valid():
        app, db = form.application(), database(agency)

        def work() -> m.Application:
            return m.Application.objects.using(db).create(
                agency=agency, number=app.number, channel=app.channel.name,
                submitted=app.submitted, confirmed=app.confirmed, applicant=app.applicant,
                applicant_type=app.applicant_type, content=app.content)

        try:
            row = store.guarded(db, work, "申请")
        except store.StoreError as exc:
            form.add_error(None, refusal(exc))
        else:
            return redirect(f"{_url(agency, row)}?added=application")
    return _page(request, agency, "application_form.html", _status(request), form=form)


def _url(agency: Agency, row: m.Application) -> str:
    return reverse("register:application", args=[agency.pk, row.pk])


@agency_page()
def application(request: HttpRequest, agency: Agency, application_id: int) -> HttpResponse:
    row = get_object_or_404(_applications(request, agency), pk=application_id)
    form = EventForm(application=domain_application(row))
    if request.method == "POST":
        form = _add_event(request, agency, row)
        if form is None:
            return redirect(f"{_url(agency, row)}?added=event")
    app = domain_application(row)
    on = parse_day(request.GET.get("on")) or today()
    return _page(request, agency, "application.html", _status(request), row=row, app=app,
                 standing=standing(row.pk, app, on), on=on, form=form,
                 events=row.events.order_by("on", "position"))


def _add_event(request: HttpRequest, agency: Agency, row: m.Application) -> EventForm | None:
    """Add the posted event, checked against the application as it is inside the transaction;
    the form with its errors when it cannot be added, else None."""
    db = database(agency)
    refused: list[EventForm] = []

    def work() -> None:
        locked = m.Application.objects.using(db).select_for_update().get(pk=row.pk)
        form = EventForm(request.POST, application=domain_application(locked))
        if not form.is_valid():
            refused.append(form)
            return
        event = form.event()
        last = locked.events.aggregate(last=Max("position"))["last"]
        m.ApplicationEvent.objects.using(db).create(
            application=locked, position=0 if last is None else last + 1,
            kind=event.kind.name, on=event.on, outcome=event.outcome, note=event.note,
            amount_yuan=event.amount_yuan)

    try:
        store.guarded(db, work, "办理事项")
    except store.StoreError as exc:
        form = EventForm(request.POST, application=domain_application(row))
        form.is_valid()
        form.add_error(None, refusal(exc, "这件申请刚被他人修改，请刷新后重试"))
        return form
    return refused[0] if refused else None


# ------------------------------------------------------------------- cases and documents

@agency_page()
def cases(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = CaseForm(*posted(request), agency=agency)
    if request.method == "POST" and form.is_valid():
        case, db = form.case(), database(agency)

        def work() -> None:
            m.Case.objects.using(db).create(
                agency=agency, number=case.number, kind=case.kind.value, filed=case.filed,
                decided=case.decided, result=case.result.value)

        try:
            store.guarded(db, work, "案件")
        except store.StoreError as exc:
            form.add_error(None, refusal(exc))
        else:
            return redirect(request.path + "?added=case")
    rows = access.for_user(m.Case.objects.filter(agency=agency), request.user)
    return _page(request, agency, "cases.html", _status(request), form=form,
                 cases=rows.order_by("-filed", "number"))


@agency_page()
def documents(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = DocumentForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        d, db = form.cleaned_data, database(agency)

        def work() -> None:
            m.NormativeDocument.objects.using(db).create(
                agency=agency, kind=d["kind"], title=d["title"].strip(),
                number=d["number"].strip(), issued=d["issued"], repealed=d["repealed"])

        try:
            store.guarded(db, work, "规范性文件")
        except store.StoreError as exc:
            form.add_error(None, refusal(exc, "规范性文件刚被他人修改，请刷新后重试"))
        else:
            return redirect(request.path + "?added=document")
    rows = access.for_user(m.NormativeDocument.objects.filter(agency=agency), request.user)
    return _page(request, agency, "documents.html", _status(request), form=form,
                 documents=rows.order_by("-issued", "title"), today=today())


# ------------------------------------------------------------------------ import and export

@agency_page()
def import_register(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = ImportForm(*posted(request, files=True))
    context: dict[str, Any] = {"form": form, "sheets": [sheet(p) for p in Part],
                               "max_mb": MAX_UPLOAD_MB, "max_rows": bounds.MAX_ROWS}
    if request.method == "POST" and form.is_valid():
        context.update(_imported(request, agency, form))
    refused = any(k in context for k in ("refused", "errors")) or (
        request.method == "POST" and not form.is_valid())
    return _page(request, agency, "import.html", REFUSED if refused else 200, **context)


def _imported(request: HttpRequest, agency: Agency, form: ImportForm) -> dict[str, Any]:
    """Read the uploaded register and replace the parts it holds: what the page then says."""
    kind = form.cleaned_data["kind"]
    part = Part(kind) if kind != AUTO else None
    try:
        with kept_upload(request.FILES.get("file")) as upload:
            imported = read_files([upload.path], agency.name, part,
                                  names={upload.path: upload.name})
    except UploadRefused as exc:
        return {"refused": str(exc)}
    except RegisterFileError as exc:
        errors, count = shown_errors(exc.errors)
        return {"errors": errors, "error_count": count}
    db = database(agency)
    stored = {p: STORED[p].objects.using(db).filter(agency=agency).count()
              for p in imported.parts}
    try:
        store.save_register(imported.register, imported.parts, db)
    except store.StoreError as exc:
        message = refusal(exc, "台账刚被他人修改，请刷新后重试")
        return {"warnings": imported.warnings, "refused": f"{message}（数据库未作任何修改）"}
    return {"warnings": imported.warnings,
            "saved": [(sheet(p).title, imported.count(p), "年" if p is Part.yearly else "件",
                       stored[p]) for p in imported.parts]}


@agency_page(("GET", "HEAD"))
def export_register(request: HttpRequest, agency: Agency) -> HttpResponse:
    """The register as a workbook; when the layout cannot hold something of it (it holds all
    that the workbench lets one register), a page saying what, with the download below."""
    register = store.load_register(agency.name, database(agency))
    data, warnings = write_xlsx(register)
    if warnings and request.GET.get("anyway") != "1":
        return _page(request, agency, "export.html", warnings=warnings)
    name = f"{agency.name}-台账-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(data, content_type=XLSX, headers={
        "Content-Disposition": content_disposition_header(True, name)})
