"""The review pages' forms: the year of the list, a decision, a dismissal."""

from __future__ import annotations

from django import forms

from gongkai.web.reports.models import FIRST_YEAR, LAST_YEAR, Decision

_DECISIONS = [(Decision.returned.value, "退回修改"), (Decision.accepted.value, "审核通过")]


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              error_messages={
                                  "invalid": "年度须为四位数字",
                                  "min_value": f"年度不能早于 {FIRST_YEAR} 年（工作台只处理 "
                                               f"{FIRST_YEAR} 年度起按现行格式编写的报告）",
                                  "max_value": f"年度不能晚于 {LAST_YEAR} 年"})


class DecisionForm(forms.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput, error_messages={
        "required": "缺少报送记录，请刷新页面后重试", "invalid": "报送记录无效"})
    decision = forms.ChoiceField(label="审核结论", choices=_DECISIONS, error_messages={
        "required": "请选择“退回修改”或“审核通过”",
        "invalid_choice": "请选择“退回修改”或“审核通过”"})
    comment = forms.CharField(label="审核意见", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}), error_messages={
                                  "max_length": "审核意见不能超过 5000 字"})


class DismissalForm(forms.Form):
    code = forms.CharField(max_length=20, widget=forms.HiddenInput, error_messages={
        "required": "缺少规则代码，请刷新页面后重试"})
    keys = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="排除理由", max_length=2000, widget=forms.Textarea(
        attrs={"rows": 2}), error_messages={"required": "排除审核意见须填写理由",
                                            "max_length": "理由不能超过 2000 字"})
