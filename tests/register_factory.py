"""Random registers for the import/export, store and CLI tests: many applications across
several years with every event kind and every outcome, cases, documents and yearly figures.
Everything generated is what a register file can hold (one correction, extension and fee
notice per application; any number of third-party consultations)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from gongkai.register.io import event_key
from gongkai.register.model import (
    Application,
    Case,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    Event,
    EventKind,
    NormativeDocument,
    Register,
    YearlyFigures,
    applicant_types,
    outcomes,
)

CONTENTS = [
    "请公开本机关2023年部门预算",
    "关于某某路拓宽工程的征收补偿方案，含附件",
    '引号"与逗号,同在',
    "多行\n申请内容",
    "=1+1",  # would be a formula in a spreadsheet
    "001",  # would lose its zeros as a number
    "",
]
NAMES = ["张三", "李四", "王五", "某某科技有限公司", "某大学法学院", "某律师事务所", "O'Brien"]


def _day(rng: random.Random, years: range) -> date:
    first, last = date(years[0], 1, 1), date(years[-1], 12, 20)
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _after(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def random_application(rng: random.Random, number: str, years: range, outcome: str | None,
                       withdraw: bool) -> Application:
    channel = rng.choice(list(Channel))
    submitted = _day(rng, years)
    confirmed = None
    if channel is not Channel.in_person and rng.random() < 0.6:
        confirmed = _after(rng, submitted, 0, 4)
    t = confirmed or submitted
    events: list[Event] = []
    if rng.random() < 0.25:
        t = _after(rng, t, 1, 6)
        events.append(Event(EventKind.correction_requested, t))
        if rng.random() < 0.8:
            t = _after(rng, t, 1, 12)
            events.append(Event(EventKind.correction_received, t))
    if rng.random() < 0.25:
        for _ in range(rng.randint(1, 3)):
            start = _after(rng, t, 1, 6)
            events.append(Event(EventKind.third_party_started, start))
            if rng.random() < 0.8:
                events.append(Event(EventKind.third_party_answered, _after(rng, start, 0, 15)))
        t = max(e.on for e in events)
    if rng.random() < 0.2:
        t = _after(rng, t, 5, 20)
        events.append(Event(EventKind.extension_approved, t,
                            note=rng.choice(["情况复杂", "需要调取档案，涉及多个部门", ""])))
    if rng.random() < 0.15:
        t = _after(rng, t, 1, 5)
        amount = rng.choice([None, Decimal(rng.randint(0, 200000)) / 100, Decimal(100)])
        events.append(Event(EventKind.fee_notice_issued, t, amount_yuan=amount))
        if rng.random() < 0.6:
            t = _after(rng, t, 0, 14)
            events.append(Event(EventKind.fee_paid, t))
    if withdraw:
        events.append(Event(EventKind.withdrawn, _after(rng, t, 0, 30)))
    elif outcome is not None:
        events.append(Event(EventKind.answered, _after(rng, t, 0, 40), outcome=outcome))
    return Application(
        number, channel, submitted, f"{rng.choice(NAMES)}{rng.randint(1, 99)}",
        rng.choice(list(applicant_types())), rng.choice(CONTENTS), confirmed,
        sorted(events, key=event_key),
    )


def random_register(seed: int, agency: str = "某市人民政府办公室", years: range = range(2020, 2026),
                    applications: int = 240, cases: int = 24, documents: int = 16) -> Register:
    rng = random.Random(seed)
    register = Register(agency)
    all_outcomes = list(outcomes())
    for n in range(applications):
        kind = n % (len(all_outcomes) + 3)
        outcome = all_outcomes[kind] if kind < len(all_outcomes) else None
        withdraw = kind == len(all_outcomes)  # the rest stay open
        register.applications.append(random_application(
            rng, f"YSQ-{seed}-{n + 1:04d}", years, outcome, withdraw))
    rng.shuffle(register.applications)
    for n in range(cases):
        kind = list(CaseKind)[n % 3]
        filed = _day(rng, years)
        if n % 4 == 3:
            register.cases.append(Case(f"案-{n + 1}", kind, filed))
        else:
            result = [CaseResult.upheld, CaseResult.corrected, CaseResult.other][n % 3]
            register.cases.append(Case(f"案-{n + 1}", kind, filed,
                                       _after(rng, filed, 10, 300), result))
    for n in range(documents):
        issued = _day(rng, years)
        repealed = _after(rng, issued, 30, 900) if n % 3 == 0 else None
        register.documents.append(NormativeDocument(
            list(DocumentKind)[n % 2], f"关于规范某某事项的通知（{n + 1}）", issued,
            rng.choice(["", f"某府规〔{issued.year}〕{n + 1}号"]), repealed))
    for year in years:
        register.yearly[year] = YearlyFigures(
            year, rng.randint(0, 5000), rng.randint(0, 900), rng.randint(0, 50),
            Decimal(rng.randint(0, 10**7)) / 10**4)
    return register
