"""The publication register's forms: a new item, a decision at a step (with the secrecy
checklist at the secrecy step), a correction, publishing, and the import. The kinds, channels,
attributes, decisions and checklist questions are the domain's (`gongkai.publish.model`); its
rules are applied by the store's functions, which the views call."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.publish.io.layout import CHECKLIST_KEYS
from gongkai.publish.model import CHANNELS, KINDS, Attribute, Decision, PublicationItem
from gongkai.register.io.layout import LIST_SEPARATORS
from gongkai.register.rules import repeal_problem
from gongkai.web.register.forms import date_field

YES, NO = "yes", "no"
YES_NO = [(YES, "是"), (NO, "否")]
UNANSWERED = "请回答“是”或“否”"
DECISIONS = [(d.name, d.value) for d in Decision]


class ItemForm(forms.Form):
    title = forms.CharField(label="标题", max_length=500)
    kind = forms.CharField(label="类别", max_length=100,
                           widget=forms.TextInput(attrs={"list": "kinds"}),
                           help_text="可从常用类别中选择，也可填写其他类别")
    number = forms.CharField(label="文号", max_length=200, required=False,
                             help_text="有文号的信息以文号区分，没有的以标题区分")
    attribute = forms.ChoiceField(label="公开属性", choices=[(a.name, a.value) for a in Attribute],
                                  initial=Attribute.proactive.name)
    attribute_reason = forms.CharField(
        label="不公开理由", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公开属性不是“主动公开”时必填：理由和法律依据")
    drafted = date_field("起草日期", required=False)
    issued = date_field("印发日期", required=False, help_text="行政规范性文件填写")
    repealed = date_field("废止日期", required=False)
    interpretation_of = forms.CharField(label="解读对象", max_length=500, required=False,
                                        help_text="只用于政策解读：所解读文件的文号或标题")

    kinds = KINDS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        if problem := repeal_problem(data.get("issued"), data.get("repealed")):
            self.add_error("repealed", problem)
        try:
            self.item()
        except ValueError as exc:
            self.add_error(None, str(exc))
        return data

    def item(self) -> PublicationItem:
        d = self.cleaned_data
        return PublicationItem(
            d["title"].strip(), d["kind"].strip(), Attribute[d["attribute"]],
            d["attribute_reason"].strip(), d["number"].strip(), drafted=d.get("drafted"),
            issued=d.get("issued"), repealed=d.get("repealed"),
            interpretation_of=d["interpretation_of"].strip() or None)


class DecisionForm(forms.Form):
    """A decision at `step`; at the secrecy step each checklist question is answered 是 or 否."""

    step = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="结论", choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="退回时必填")

    def __init__(self, *args: Any, secrecy: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decide-%s")
        super().__init__(*args, **kwargs)
        self.secrecy = secrecy
        if secrecy:
            for question, key in CHECKLIST_KEYS.items():
                self.fields[key] = forms.ChoiceField(
                    label=question, choices=YES_NO, widget=forms.RadioSelect,
                    error_messages={"required": UNANSWERED})

    def checklist(self) -> dict[str, bool] | None:
        if not self.secrecy:
            return None
        return {q: self.cleaned_data[key] == YES for q, key in CHECKLIST_KEYS.items()}

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in CHECKLIST_KEYS.values() if key in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("decision", "comment")]


class CorrectionForm(forms.Form):
    """A correction of an earlier entry. When the trail has secrecy reviews (`secrecy`: their
    numbers) the form carries the checklist too: correcting one of them to 通过 answers it
    afresh (the workflow checks it as a decision's), and only for them is it answered."""

    entry = forms.TypedChoiceField(label="更正第几条审核记录", coerce=int)
    decision = forms.ChoiceField(label="更正后的结论", choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, entries: list[tuple[int, str]],
                 secrecy: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "correct-%s")
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = entries
        self.secrecy = secrecy
        if secrecy:
            for question, key in CHECKLIST_KEYS.items():
                self.fields[key] = forms.ChoiceField(label=question, choices=YES_NO,
                                                     widget=forms.RadioSelect, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors or not self.secrecy:
            return data
        answered = [key for key in CHECKLIST_KEYS.values() if data.get(key)]
        if data["entry"] not in self.secrecy:
            if answered:
                self.add_error(None, "只有更正“保密审查”的记录时填写保密审查清单")
        elif data["decision"] == Decision.passed.name or answered:
            for key in CHECKLIST_KEYS.values():
                if not data.get(key):
                    self.add_error(key, UNANSWERED)
        return data

    def checklist(self) -> dict[str, bool] | None:
        """The fresh answers for a secrecy review's correction; None for any other entry."""
        if self.cleaned_data["entry"] not in self.secrecy:
            return None
        answers = {q: self.cleaned_data[key] for q, key in CHECKLIST_KEYS.items()}
        if not any(answers.values()):
            return None
        return {q: answer == YES for q, answer in answers.items()}

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in CHECKLIST_KEYS.values() if key in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("entry", "decision", "comment")]


class PublishForm(forms.Form):
    on = date_field("发布日期")
    channels = forms.MultipleChoiceField(label="发布渠道", required=False,
                                         choices=[(c, c) for c in CHANNELS],
                                         widget=forms.CheckboxSelectMultiple)
    other_channels = forms.CharField(label="其他渠道", required=False, max_length=500,
                                     help_text="多个用“；”分隔")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "publish-%s")
        super().__init__(*args, **kwargs)

    def channels_chosen(self) -> tuple[str, ...]:
        chosen = list(self.cleaned_data["channels"])
        for extra in LIST_SEPARATORS.split(self.cleaned_data["other_channels"] or ""):
            if extra.strip() and extra.strip() not in chosen:
                chosen.append(extra.strip())
        return tuple(chosen)


class ImportForm(forms.Form):
    file = forms.FileField(label="发布信息文件（.xlsx 或 .csv）", required=False)
