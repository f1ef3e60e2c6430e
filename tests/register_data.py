"""Random registers spanning several years, for the register's property tests."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from gongkai.register import (
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


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def random_application(rng: random.Random, number: int, first: date, last: date) -> Application:
    submitted = _day(rng, first, last)
    channel = rng.choice(list(Channel))
    confirmed = None if channel is Channel.in_person else submitted + timedelta(rng.randint(0, 3))
    app = Application(
        number=f"YSQ-{number:05d}", channel=channel, submitted=submitted,
        applicant=f"申请人{rng.randint(1, 40)}", applicant_type=rng.choice(list(applicant_types())),
        content="关于某项目审批文件的公开申请", confirmed=confirmed,
    )
    day = app.received
    if rng.random() < 0.2:
        day += timedelta(rng.randint(1, 8))
        app.events.append(Event(EventKind.correction_requested, day, note="请明确所需信息的名称"))
        day += timedelta(rng.randint(1, 10))
        app.events.append(Event(EventKind.correction_received, day))
    if rng.random() < 0.15:
        day += timedelta(rng.randint(1, 5))
        app.events.append(Event(EventKind.third_party_started, day))
        day += timedelta(rng.randint(1, 15))
        app.events.append(Event(EventKind.third_party_answered, day))
    if rng.random() < 0.1:
        day += timedelta(rng.randint(1, 20))
        app.events.append(Event(EventKind.extension_approved, day, note="需要调取档案"))
    ending = rng.random()
    day += timedelta(rng.randint(1, 60))
    if ending < 0.08:
        app.events.append(Event(EventKind.withdrawn, day))
    elif ending < 0.93:  # the rest stay open for ever (still being handled)
        outcome = rng.choice(list(outcomes()))
        app.events.append(Event(EventKind.answered, day, outcome=outcome))
    return app


def random_register(rng: random.Random, first_year: int = 2021, last_year: int = 2025,
                    applications: int = 120) -> Register:
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    register = Register("示例市某某局")
    register.applications = [random_application(rng, i, first, last)
                             for i in range(applications)]
    for i in range(rng.randint(5, 25)):
        filed = _day(rng, first, last)
        decided = filed + timedelta(rng.randint(20, 400)) if rng.random() < 0.85 else None
        result = rng.choice([CaseResult.upheld, CaseResult.corrected, CaseResult.other])
        register.cases.append(Case(f"FY-{i:03d}", rng.choice(list(CaseKind)), filed, decided,
                                   result if decided else CaseResult.pending))
    for i in range(rng.randint(3, 30)):
        issued = _day(rng, date(first_year - 5, 1, 1), last)
        repealed = issued + timedelta(rng.randint(100, 2500)) if rng.random() < 0.4 else None
        register.documents.append(NormativeDocument(
            rng.choice(list(DocumentKind)), f"关于规范某事项的通知（{i}）", issued,
            f"示政发〔{issued.year}〕{i + 1}号", repealed))
    for year in range(first_year, last_year + 1):
        register.yearly[year] = YearlyFigures(
            year, rng.randint(0, 900), rng.randint(0, 300), rng.randint(0, 40),
            Decimal(rng.randint(0, 50000)) / 100)
    return register
