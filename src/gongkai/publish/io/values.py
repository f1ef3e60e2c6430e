"""Cells of a publication list → the domain's values: kinds and channels (the usual ones by
their common spellings, others as written), attributes, decisions and steps. Failures are
`ValueError`s with the Chinese reason, as in `gongkai.register.io.values`."""

from __future__ import annotations

from functools import cache

from gongkai.format.normalize import norm_label
from gongkai.format.spec import label_variants
from gongkai.publish.io.layout import SUBMIT_FORMS, SUBMIT_STEP
from gongkai.publish.model import (
    CHANNEL_FORMS,
    CHANNELS,
    KINDS,
    NORMATIVE_KIND,
    Attribute,
    Decision,
)
from gongkai.register.io.values import Choices, labelled, text

_KIND_FORMS = {
    # 行政规范性文件 as the statutory format's data spells it otherwise (规范性文件)
    **{form: NORMATIVE_KIND for form in label_variants(NORMATIVE_KIND)},
    "政策文件解读": "政策解读",
    "解读": "政策解读",
    "公告公示": "公示公告",
    "人大建议和政协提案办理": "人大建议政协提案办理",
    "建议提案办理": "人大建议政协提案办理",
    "预决算": "财政预决算",
}


def _norm(label: str) -> str:
    return norm_label(label).lower()


def _forms(usual: tuple[str, ...], more: dict[str, str]) -> dict[str, str]:
    out = {_norm(label): label for label in usual}
    out.update({_norm(form): label for form, label in more.items()})
    return out


@cache
def _kinds() -> dict[str, str]:
    return _forms(KINDS, _KIND_FORMS)


@cache
def _channels() -> dict[str, str]:
    return _forms(CHANNELS, CHANNEL_FORMS)


def kind(value: object) -> tuple[str, bool]:
    """The kind a cell names, and whether it is one of the usual kinds."""
    shown = text(value)
    found = _kinds().get(_norm(shown))
    return (found, True) if found else (shown, False)


def channel(value: str) -> tuple[str, bool]:
    """The channel a text names, and whether it is one of the usual channels."""
    found = _channels().get(_norm(value))
    return (found, True) if found else (value.strip(), False)


@cache
def attribute_choices() -> Choices:
    choices = labelled("公开属性", {a: a.value for a in Attribute}, {a: a.name for a in Attribute})
    for form in ("主动", "公开"):
        choices.add(form, Attribute.proactive)
    choices.add("依申请", Attribute.on_request)
    for form in ("不公开", "不予公开信息", "免予公开"):
        choices.add(form, Attribute.withheld)
    return choices


@cache
def decision_choices() -> Choices:
    choices = labelled("结论", {d: d.value for d in Decision}, {d: d.name for d in Decision})
    for form in ("同意", "审核通过"):
        choices.add(form, Decision.passed)
    for form in ("不通过", "不同意", "驳回", "退回修改"):
        choices.add(form, Decision.returned)
    return choices


def is_submission(step: str) -> bool:
    return _norm(step) in {_norm(f) for f in (SUBMIT_STEP, *SUBMIT_FORMS)}


def step(value: str, steps: tuple[str, ...]) -> str:
    """One of `steps` (by its normalised spelling), else `ValueError`."""
    wanted = _norm(value)
    found = next((s for s in steps if _norm(s) == wanted), None)
    if found is None:
        names = "、".join(f"“{s}”" for s in steps)
        raise ValueError(f"“{value}”不是本机关的审核步骤（应为{names}或“{SUBMIT_STEP}”）")
    return found
