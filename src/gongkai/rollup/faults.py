"""Known faults to inject into a generated report, each with the code that must find it.

Each fault changes the interchange dict (or the document's bytes) in one known way; the corpus
manifest records which file has which fault and the rule or diagnostic code expected for it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.format import get_format
from gongkai.format.spec import versions


@dataclass(frozen=True)
class Fault:
    name: str
    code: str  # the rule (checker) or diagnostic (reader) code that must report it
    doc: str
    apply: Callable[[random.Random, dict], None]


_RESULT = "t3.granted.natural_person"  # one applicant's 予以公开
_REVIEW_TOTAL = "t4.review.total"


def _results_off(rng: random.Random, report: dict) -> None:
    """One applicant's 予以公开 one higher: the column's 总计 and the row's 总计 disagree."""
    report["cells"][_RESULT] += 1


def _review_total_off(rng: random.Random, report: dict) -> None:
    report["cells"][_REVIEW_TOTAL] += 1


def _late(rng: random.Random, report: dict) -> None:
    report["publication_date"] = f"{report['year'] + 1}-04-20"


def _not_a_report(rng: random.Random, report: dict) -> None:
    report["not_a_report"] = True


def _label(key: str) -> str:
    return get_format(versions()[0]).cells[key].label


FAULTS: dict[str, Fault] = {f.name: f for f in (
    Fault("results-total", "T3-102",
          f"表三“{_label(_RESULT)}”加 1，该列的总计不再等于各结果之和", _results_off),
    Fault("review-total", "T4-101", f"表四“{_label(_REVIEW_TOTAL)}”加 1", _review_total_off),
    Fault("published-late", "P1-101", "落款日期改为次年 4 月 20 日（晚于法定时限）", _late),
    Fault("not-a-report", "R008", "文件内容换成一篇不是年度报告的通知", _not_a_report),
)}

NOT_A_REPORT = (
    "{agency}关于做好{year}年春节期间安全生产工作的通知\n各乡镇、各部门：\n"
    "春节将至，为切实做好节日期间安全生产工作，现将有关事项通知如下。\n"
    "一、提高思想认识。二、强化隐患排查。三、严格值班值守。\n"
)
