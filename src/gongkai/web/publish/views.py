"""The publication register's pages: the items with their state, a queue for each step of the
agency's review workflow, an item with its append-only trail and its actions (submit, decide
with the secrecy checklist, correct, publish), adding an item, and the list's import and
export. Every change goes through `gongkai.publish.store`, which applies the domain's rules;
its refusals (`WorkflowError`, `StoreError`) are shown as they are, in Chinese. Every page
passes `guards.agency_page` (the rules of `organisations.access`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from gongkai.publish import store
from gongkai.publish.io import PublicationFileError, export_files, read_files, sheets
from gongkai.publish.model import Decision, PublicationItem
from gongkai.publish.workflow import SECRECY_STEP, Workflow, WorkflowError
from gongkai.register.io import bounds
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency
from gongkai.web.publish import models as m
from gongkai.web.publish.forms import (
    CorrectionForm,
    DecisionForm,
    ImportForm,
    ItemForm,
    PublishForm,
)
from gongkai.web.publish.progress import Progress, progress
from gongkai.web.register.guards import REFUSED, agency_page, database, posted, refusal
from gongkai.web.register.incoming import (
    MAX_UPLOAD_MB,
    UploadRefused,
    kept_upload,
    shown_errors,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DONE = {"added": "已新增信息。", "submitted": "已提交审核。", "decided": "已记录审核结论。",
        "corrected": "已新增更正记录（原记录保留）。", "published": "已记录发布。"}
ITEM_TAKEN = "标题或文号已被使用（可能刚被他人新增），请刷新后重试"


def _rows(request: HttpRequest, agency: Agency) -> QuerySet[m.PublicationItem]:
    return access.for_user(m.PublicationItem.objects.filter(agency=agency), request.user)


def _workflow(agency: Agency) -> Workflow:
    return store.load_workflow(agency.name, database(agency))


def _listed(request: HttpRequest, agency: Agency) -> list[tuple[int, PublicationItem, Progress]]:
    """(pk, item, progress) of each item the user may see, newest first."""
    workflow = _workflow(agency)
    pks = dict(_rows(request, agency).values_list("key", "pk"))
    items = store.load_items(agency.name, database(agency))
    return [(pks[i.key], i, progress(i, workflow)) for i in reversed(items) if i.key in pks]


def _page(request: HttpRequest, agency: Agency, template: str, status: int = 200,
          **context: Any) -> HttpResponse:
    context.update(agency=agency, can_edit=access.can_edit(request.user, agency),
                   done=DONE.get(request.GET.get("done", "")))
    return render(request, f"publish/{template}", context, status=status)


# --------------------------------------------------------------------------- lists

@agency_page(("GET", "HEAD"))
def items(request: HttpRequest, agency: Agency) -> HttpResponse:
    listed = _listed(request, agency)
    workflow = _workflow(agency)
    queues = [(step, sum(1 for _, _, p in listed if p.waiting == step))
              for step in workflow.steps]
    return _page(request, agency, "items.html", listed=listed, queues=queues,
                 steps=workflow.steps)


@agency_page(("GET", "HEAD"))
def queue(request: HttpRequest, agency: Agency, step: str) -> HttpResponse:
    workflow = _workflow(agency)
    if step not in workflow.steps:
        raise Http404("本机关的审核步骤中没有这一步")
    listed = [entry for entry in _listed(request, agency) if entry[2].waiting == step]
    listed.reverse()  # the longest waiting first
    return _page(request, agency, "queue.html", listed=listed, step=step,
                 steps=workflow.steps)


@agency_page()
def add_item(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = ItemForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        item = form.item()
        try:
            store.add_item(agency.name, item, database(agency))
        except store.StoreError as exc:
            form.add_error(None, refusal(exc, ITEM_TAKEN))
        else:
            row = _rows(request, agency).get(key=item.key)
            return redirect(_item_url(agency, row.pk, "added"))
    status = REFUSED if request.method == "POST" else 200
    return _page(request, agency, "item_form.html", status, form=form)


# --------------------------------------------------------------------------- one item

def _item_url(agency: Agency, pk: int, done: str = "") -> str:
    url = reverse("publish:item", args=[agency.pk, pk])
    return f"{url}?done={done}" if done else url


def _item_row(request: HttpRequest, agency: Agency, item_id: int) -> m.PublicationItem:
    return get_object_or_404(_rows(request, agency), pk=item_id)


def _domain_item(agency: Agency, row: m.PublicationItem) -> PublicationItem:
    found = next((i for i in store.load_items(agency.name, database(agency))
                  if i.key == row.key), None)
    if found is None:
        raise Http404("没有这条信息")
    return found


def _item_page(request: HttpRequest, agency: Agency, row: m.PublicationItem,
               error: str = "", **bound: forms.Form) -> HttpResponse:
    """The item's page; `bound` holds a posted form to show again with `error` (the page of a
    refused action, answering 400)."""
    item = _domain_item(agency, row)
    workflow = _workflow(agency)
    state = progress(item, workflow)
    entries = list(row.trail.order_by("number"))
    corrected = {e.corrects: e.number for e in entries if e.corrects is not None}
    timeline: list[tuple[datetime, str, Any]] = (
        [(s.at, "submission", s) for s in row.submissions.order_by("position")]
        + [(e.at, "entry", e) for e in entries])
    timeline.sort(key=lambda t: (t[0], t[1] == "entry"))
    forms_: dict[str, forms.Form] = {}
    if state.waiting:
        forms_["decide"] = bound.get("decide") or DecisionForm(
            initial={"step": state.waiting}, secrecy=state.waiting == SECRECY_STEP)
    if entries:
        forms_["correct"] = bound.get("correct") or _correction_form(None, entries)
    if state.may_publish:
        forms_["publish"] = bound.get("publish") or PublishForm(
            initial={"on": timezone.localdate()})
    status = REFUSED if error or bound else 200
    return _page(request, agency, "item.html", status, row=row, item=item, state=state,
                 steps=workflow.steps, timeline=timeline, corrected=corrected, error=error,
                 secrecy_step=SECRECY_STEP, **{f"{k}_form": v for k, v in forms_.items()})


def _entry_choices(entries: list[m.ReviewEntry]) -> list[tuple[int, str]]:
    return [(e.number, f"第 {e.number} 条：{e.step} {e.get_decision_display()}（{e.reviewer}）")
            for e in entries]


def _correction_form(data: Any, entries: list[m.ReviewEntry]) -> CorrectionForm:
    """The correction form of a trail; with the secrecy checklist when it has secrecy reviews."""
    secrecy = frozenset(e.number for e in entries if e.step == SECRECY_STEP)
    return CorrectionForm(data, entries=_entry_choices(entries), secrecy=secrecy)


@agency_page(("GET", "HEAD"))
def item(request: HttpRequest, agency: Agency, item_id: int) -> HttpResponse:
    return _item_page(request, agency, _item_row(request, agency, item_id))


def _reviewer(request: HttpRequest) -> str:
    return (request.user.get_full_name() or request.user.get_username())[:200]


def _now() -> datetime:
    """Now, local and naive, as the domain keeps times."""
    return timezone.localtime().replace(tzinfo=None)


def _act(request: HttpRequest, agency: Agency, row: m.PublicationItem, done: str,
         action: Callable[[], object], name: str = "", form: forms.Form | None = None
         ) -> HttpResponse:
    """Apply `action` (a store function); the item's page with the domain's refusal, else back
    to the page saying it is done."""
    try:
        action()
    except WorkflowError as exc:
        message = str(exc)
    except store.StoreError as exc:
        message = refusal(exc, "这条信息刚被他人修改，请刷新后重试")
    else:
        return redirect(_item_url(agency, row.pk, done))
    return _item_page(request, agency, row, message, **({name: form} if form else {}))


def _invalid(request: HttpRequest, agency: Agency, row: m.PublicationItem, name: str,
             form: forms.Form) -> HttpResponse:
    return _item_page(request, agency, row, "请检查表单中标出的问题", **{name: form})


@agency_page(("POST",))
def submit(request: HttpRequest, agency: Agency, item_id: int) -> HttpResponse:
    row = _item_row(request, agency, item_id)
    return _act(request, agency, row, "submitted", lambda: store.submit(
        agency.name, row.key, _now(), using=database(agency)))


@agency_page(("POST",))
def decide(request: HttpRequest, agency: Agency, item_id: int) -> HttpResponse:
    row = _item_row(request, agency, item_id)
    form = DecisionForm(request.POST, secrecy=request.POST.get("step") == SECRECY_STEP)
    if not form.is_valid():
        return _invalid(request, agency, row, "decide", form)
    d = form.cleaned_data
    return _act(request, agency, row, "decided", lambda: store.decide(
        agency.name, row.key, step=d["step"], reviewer=_reviewer(request), at=_now(),
        decision=Decision[d["decision"]], comment=d["comment"].strip(),
        checklist=form.checklist(), using=database(agency)), "decide", form)


@agency_page(("POST",))
def correct(request: HttpRequest, agency: Agency, item_id: int) -> HttpResponse:
    row = _item_row(request, agency, item_id)
    form = _correction_form(request.POST, list(row.trail.order_by("number")))
    if not form.is_valid():
        return _invalid(request, agency, row, "correct", form)
    d = form.cleaned_data
    return _act(request, agency, row, "corrected", lambda: store.correct(
        agency.name, row.key, d["entry"], reviewer=_reviewer(request), at=_now(),
        decision=Decision[d["decision"]], comment=d["comment"].strip(),
        checklist=form.checklist(), using=database(agency)), "correct", form)


@agency_page(("POST",))
def publish(request: HttpRequest, agency: Agency, item_id: int) -> HttpResponse:
    row = _item_row(request, agency, item_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _invalid(request, agency, row, "publish", form)
    return _act(request, agency, row, "published", lambda: store.publish(
        agency.name, row.key, form.cleaned_data["on"], form.channels_chosen(),
        using=database(agency)), "publish", form)


# ---------------------------------------------------------------------- import and export

@agency_page()
def import_items(request: HttpRequest, agency: Agency) -> HttpResponse:
    form = ImportForm(*posted(request, files=True))
    context: dict[str, Any] = {"form": form, "sheets": sheets(), "max_mb": MAX_UPLOAD_MB,
                               "max_rows": bounds.MAX_ROWS, "steps": _workflow(agency).steps}
    if request.method == "POST" and form.is_valid():
        db = database(agency)
        try:
            with kept_upload(request.FILES.get("file")) as upload:
                imported = read_files([upload.path], agency.name, _workflow(agency),
                                      names={upload.path: upload.name})
            context["warnings"] = imported.warnings
            context["saved"] = store.import_items(imported, db)
        except UploadRefused as exc:
            context["refused"] = str(exc)
        except PublicationFileError as exc:
            context["errors"], context["error_count"] = shown_errors(exc.errors)
        except store.StoreError as exc:
            context["refused"] = (f"{refusal(exc, '发布信息刚被他人修改，请刷新后重试')}"
                                  "（数据库未作任何修改）")
    refused = "refused" in context or "errors" in context or (
        request.method == "POST" and not form.is_valid())
    return _page(request, agency, "import.html", REFUSED if refused else 200, **context)


@agency_page(("GET", "HEAD"))
def export_items(request: HttpRequest, agency: Agency) -> HttpResponse:
    found = store.load_items(agency.name, database(agency))
    name = f"{agency.name}-主动公开-{timezone.localdate():%Y%m%d}.xlsx"
    data = next(iter(export_files(found, Path(name)).values()))
    return HttpResponse(data, content_type=XLSX, headers={
        "Content-Disposition": content_disposition_header(True, name)})

