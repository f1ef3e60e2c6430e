"""The register's forms: a new application, an event of an application, a case, a normative
document, and the import. Each checks what the domain checks (its constructors and
`events.event_problems`) and says what is wrong in Chinese; the choices are the stored codes
with the labels the models take from the format."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from gongkai.register.io.layout import sheets
from gongkai.register.model import (
    Application,
    Case,
    CaseKind,
    CaseResult,
    Channel,
    Event,
    EventKind,
)
from gongkai.register.rules import history_problems, outcome_problem, repeal_problem
from gongkai.web.organisations.models import Agency
from gongkai.web.register import models as m
from gongkai.web.register.events import event_problems

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "日期应写作 2025-03-05"})


class _NumberedInAgency(forms.Form):
    """A form for a row numbered uniquely within its agency (an application, a case)."""

    stored: type  # the model whose `number` must be new in the agency
    noun: str  # what the row is called in messages
    number_label: str  # the number field's label

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if not number:
            raise forms.ValidationError(f"{self.number_label}不能为空")
        rows = self.stored.objects.using(self.agency._state.db)
        if rows.filter(agency=self.agency, number=number).exists():
            raise forms.ValidationError(f"本机关已有编号为“{number}”的{self.noun}")
        return number


class ApplicationForm(_NumberedInAgency):
    stored, noun, number_label = m.Application, "申请", "申请编号"
    number = forms.CharField(label=number_label, max_length=100)
    channel = forms.ChoiceField(label="收到方式", choices=m.CHANNELS)
    submitted = date_field("提交日期", help_text="申请人当面提交、寄出或在网上提交的日期")
    confirmed = date_field("确认日期", required=False,
                           help_text="签收邮寄申请、确认网络或传真申请的日期（条例第三十一条）；"
                           "当面提交的不填")
    applicant = forms.CharField(label="申请人", max_length=500)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=m.APPLICANT_TYPES)
    content = forms.CharField(label="申请内容", required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("submitted"):  # the register's rule for the dates of an application
            for problem in history_problems(data["submitted"], data.get("confirmed"), []):
                self.add_error(problem.field if problem.field in self.fields else None,
                               problem.message)
        return data

    def application(self) -> Application:
        d = self.cleaned_data
        return Application(d["number"], Channel[d["channel"]], d["submitted"], d["applicant"],
                           d["applicant_type"], d["content"], d["confirmed"])


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="办理事项", choices=m.EVENT_KINDS)
    on = date_field("日期")
    outcome = forms.ChoiceField(label="办理结果（答复时选择）", required=False,
                                choices=[("", "——"), *m.OUTCOMES])
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="延期的理由、补正告知的内容等")
    amount_yuan = forms.DecimalField(label="金额（元）", required=False, min_value=0,
                                     max_digits=12, decimal_places=2,
                                     help_text="只用于收费通知")

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        if problem := outcome_problem(EventKind[data["kind"]], data.get("outcome") or None):
            self.add_error("outcome", problem)
            return data
        try:
            event = self.event()
        except ValueError as exc:
            self.add_error(None, str(exc))
            return data
        for problem in event_problems(self.application, event):
            self.add_error(None, problem)
        return data

    def event(self) -> Event:
        d = self.cleaned_data
        return Event(EventKind[d["kind"]], d["on"], d.get("outcome") or None,
                     (d.get("note") or "").strip(), d.get("amount_yuan"))


class CaseForm(_NumberedInAgency):
    stored, noun, number_label = m.Case, "案件", "编号"
    number = forms.CharField(label=number_label, max_length=100)
    kind = forms.ChoiceField(label="类型", choices=m.CASE_KINDS)
    filed = date_field("立案日期")
    decided = date_field("审结日期", required=False, help_text="尚未审结的不填")
    result = forms.ChoiceField(label="结果", choices=m.CASE_RESULTS, initial=m.PENDING)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                self.case()
            except ValueError as exc:
                self.add_error(None, str(exc))
        return data

    def case(self) -> Case:
        d = self.cleaned_data
        return Case(d["number"], CaseKind(d["kind"]), d["filed"], d.get("decided"),
                    CaseResult(d["result"]))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=m.DOCUMENT_KINDS)
    title = forms.CharField(label="标题", max_length=500)
    number = forms.CharField(label="文号", max_length=200, required=False)
    issued = date_field("印发日期")
    repealed = date_field("废止日期", required=False, help_text="现行有效的不填")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if problem := repeal_problem(data.get("issued"), data.get("repealed")):
            self.add_error("repealed", problem)
        return data


AUTO = ""


class ImportForm(forms.Form):
    file = forms.FileField(label="台账文件（.xlsx 或 .csv）", required=False)
    kind = forms.ChoiceField(
        label="CSV 文件的数据类别", required=False, initial=AUTO,
        choices=[(AUTO, "按表头自动判断"), *((s.part.value, s.title) for s in sheets())])


def parse_day(raw: str | None) -> date | None:
    """A `?on=` day of a page, or None when absent or not a date."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
