"""The demo register: an agency's applications of last year and this year, dated relative to
*today*, so that the due list shows applications due in a few working days and overdue ones on
whatever day the demo is loaded. Plain domain objects (`gongkai.register.model`); the caller
stores them with `gongkai.register.store.save_register`.

Every date is placed with the State Council's calendar (`gongkai.register.calendar`), the one
the register's pages use: one received 17 working days before today is due in 3 working days
(20 after receipt), one received 24 working days ago is overdue. Corrections, a third-party
consultation and an extension move their due dates exactly as 条例第三十条至第三十三条 say
(`gongkai.register.deadlines`). A day whose dates the calendar does not cover (received dates
in the past, due dates up to about ten working days ahead) is refused with the calendar's
`CalendarError`, never guessed.

"Last year" and "this year" are the calendar years of today: this year's closed applications
are received from 5 January on and answered before today (none early in January), last year's
are all answered before today.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from gongkai.register.calendar import WorkCalendar, default_calendar
from gongkai.register.deadlines import application_deadline, due_list
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
)

APPLICANTS = ["张某", "李某", "王某", "赵某", "某某科技有限公司", "某律师事务所", "某大学法学院",
              "某环保公益协会"]
CONTENTS = ["本机关上年度部门决算", "某某路拓宽工程的征收补偿方案", "某项目环境影响评价批复",
            "本机关行政处罚决定书", "某小区规划许可文件", "本年度专项资金分配结果",
            "某企业安全生产检查记录", "某河道治理工程招标文件"]
# The outcomes the closed demo applications take, in turn: mostly granted, a few of the rest.
OUTCOME_CYCLE = ["granted", "granted", "partially_granted", "granted", "unavailable.not_held",
                 "not_processed.repeated", "granted", "withheld.third_party_rights",
                 "withheld.process_information", "unavailable.needs_creation"]


def workdays_before(calendar: WorkCalendar, day: date, count: int) -> date:
    """The `count`-th working day before `day`: `calendar.add_workdays(found, count)` is `day`
    when `day` is a working day (else the first working day after it)."""
    found, left = day, count
    while left > 0:
        found -= timedelta(days=1)
        if calendar.is_workday(found):
            left -= 1
    return found


@dataclass(frozen=True)
class LiveCase:
    """An open application placed relative to today, and what the due list should say of it."""

    number: str
    expect: str  # "soon", "overdue", "later" or "waiting" (a correction awaited)


def _application(number: str, received: date, n: int, events: list[Event],
                 channel: Channel = Channel.online) -> Application:
    return Application(
        number, channel, received, APPLICANTS[n % len(APPLICANTS)],
        list(applicant_types())[n % 3 if n % 7 else 5], CONTENTS[n % len(CONTENTS)],
        None if channel is Channel.in_person else received, sorted(events, key=event_key))


def live_applications(prefix: str, today: date,
                      calendar: WorkCalendar) -> tuple[list[Application], list[LiveCase]]:
    """Open applications around today: due soon, overdue, extended, paused, awaiting a
    correction."""
    def back(days: int) -> date:
        return workdays_before(calendar, today, days)

    def after(day: date, days: int) -> date:
        return calendar.add_workdays(day, days)

    apps: list[Application] = []
    cases: list[LiveCase] = []

    def add(expect: str, received: date, events: list[Event],
            channel: Channel = Channel.online) -> None:
        number = f"{prefix}-{received.year}-L{len(apps) + 1:02d}"
        apps.append(_application(number, received, len(apps) + 3, events, channel))
        cases.append(LiveCase(number, expect))

    add("soon", back(17), [])  # due in 3 working days
    add("soon", back(19), [], Channel.post)  # due tomorrow (a working day)
    received = back(35)  # a correction asked within 7 working days restarts the clock
    add("soon", received, [Event(EventKind.correction_requested, after(received, 2),
                                 note="请明确所需信息的名称和时间范围"),
                           Event(EventKind.correction_received, back(16))])
    received = back(22)  # 5 working days with a third party do not count
    add("soon", received, [Event(EventKind.third_party_started, after(received, 5)),
                           Event(EventKind.third_party_answered, after(received, 9))])
    add("overdue", back(24), [])
    add("overdue", back(28), [], Channel.in_person)
    received = back(30)  # extended by 20 working days: due in 10
    add("later", received, [Event(EventKind.extension_approved, after(received, 15),
                                  note="需要调取档案，涉及多个部门")])
    add("later", back(2), [])
    received = back(5)
    add("waiting", received, [Event(EventKind.correction_requested, back(3),
                                    note="请补充申请人身份证明")])
    return apps, cases


def closed_applications(prefix: str, first: date, last: date, count: int, seed: int,
                        calendar: WorkCalendar, before: date) -> list[Application]:
    """Up to `count` applications received between `first` and `last` (working days), each
    answered (or, one in ten, withdrawn) within its time limit and before `before`; some with
    a correction, an extension or a fee. One that would still be open on `before` is left
    out: the only open applications are the live ones."""
    rng = random.Random(seed)
    span = max((last - first).days, 1)
    apps: list[Application] = []
    for n in range(count):
        received = first + timedelta(days=span * n // count + rng.randint(0, 3))
        while not calendar.is_workday(received):
            received += timedelta(days=1)
        events: list[Event] = []
        start = received
        if n % 6 == 2:
            events.append(Event(EventKind.correction_requested, calendar.add_workdays(start, 3)))
            start = calendar.add_workdays(start, 8)
            events.append(Event(EventKind.correction_received, start))
        extended = n % 9 == 4
        if extended:
            events.append(Event(EventKind.extension_approved, calendar.add_workdays(start, 15),
                                note="申请内容涉及多个年度的档案"))
        if n % 17 == 8:
            events.append(Event(EventKind.fee_notice_issued, calendar.add_workdays(start, 4),
                                amount_yuan=Decimal("100.00")))
            events.append(Event(EventKind.fee_paid, calendar.add_workdays(start, 6)))
        closes = calendar.add_workdays(start, 8 + rng.randint(0, 10) + 20 * extended)
        if closes >= before:
            continue
        if n % 10 == 7:
            events.append(Event(EventKind.withdrawn, closes))
        else:
            events.append(Event(EventKind.answered, closes,
                                outcome=OUTCOME_CYCLE[n % len(OUTCOME_CYCLE)]))
        apps.append(_application(f"{prefix}-{received.year}-{len(apps) + 1:03d}", received, n,
                                 events, [Channel.online, Channel.post, Channel.in_person][n % 3]))
    return apps


ASSESSMENT_RULES = "政务公开工作考核办法"


def assessment_rules(today: date) -> NormativeDocument:
    """The normative document the demo agency issued 25 days before today: in its register
    and, with its interpretation, among its publication items. Numbered in the year it was
    issued (in January that may be last year, whose 1号 and 2号 are taken)."""
    issued = today - timedelta(days=25)
    number = 1 if issued.year == today.year else 3
    return NormativeDocument(DocumentKind.normative_document, ASSESSMENT_RULES, issued,
                             f"卫示规〔{issued.year}〕{number}号")


def demo_register(agency: str, prefix: str, today: date, *, seed: int = 1, size: int = 30,
                  calendar: WorkCalendar | None = None) -> tuple[Register, list[LiveCase]]:
    """`agency`'s register on `today`: last year's applications (`size` of them), this year's
    closed ones (about two thirds of `size` once the year is a few months old), the live ones
    around `today`, cases, normative documents and the yearly figures of both years. Raises
    the calendar's `CalendarError` (a Chinese message) when the State Council's calendar does
    not cover the dates the register uses."""
    calendar = calendar or default_calendar()
    this_year, last_year = today.year, today.year - 1
    register = Register(agency)
    register.applications += closed_applications(
        prefix, date(last_year, 1, 5), date(last_year, 12, 20), size, seed, calendar, today)
    # This year's closed ones: received from 5 January, at the latest 45 working days ago.
    recent_start, recent_end = date(this_year, 1, 5), workdays_before(calendar, today, 45)
    recent = min(size * 2 // 3, (recent_end - recent_start).days // 3)
    if recent > 0:
        register.applications += closed_applications(
            f"{prefix}B", recent_start, recent_end, recent, seed + 1, calendar, today)
    live, cases = live_applications(prefix, today, calendar)
    register.applications += live
    settled = date(this_year, 1, 15) <= today
    register.cases = [
        Case(f"{prefix}-复议-{last_year}-1", CaseKind.review, date(last_year, 3, 14),
             date(last_year, 5, 20), CaseResult.upheld),
        Case(f"{prefix}-复议-{last_year}-2", CaseKind.review, date(last_year, 9, 2),
             date(last_year, 11, 6), CaseResult.corrected),
        Case(f"{prefix}-诉讼-{last_year}-1", CaseKind.litigation_direct, date(last_year, 6, 18),
             date(this_year, 1, 15) if settled else None,
             CaseResult.upheld if settled else CaseResult.pending),
    ]
    filed = date(this_year, 2, 10)
    if filed < today:  # a review filed this year, not decided yet
        register.cases.append(Case(f"{prefix}-复议-{this_year}-1", CaseKind.review, filed))
    register.documents = [
        NormativeDocument(DocumentKind.normative_document, "关于进一步规范政务信息公开工作的通知",
                          date(last_year - 2, 4, 1), f"卫示规〔{last_year - 2}〕1号",
                          date(last_year, 6, 30)),
        NormativeDocument(DocumentKind.normative_document, "政府信息公开申请办理规程",
                          date(last_year, 3, 10), f"卫示规〔{last_year}〕1号"),
        NormativeDocument(DocumentKind.normative_document, "行政执法公示办法",
                          date(last_year, 8, 22), f"卫示规〔{last_year}〕2号"),
        assessment_rules(today),
    ]
    register.yearly = {
        last_year: YearlyFigures(last_year, 126, 38, 4, Decimal(0)),
        this_year: YearlyFigures(this_year, 97, 21, 2, Decimal(0)),
    }
    _due_dates_known(register, today, calendar)
    return register, cases


def _due_dates_known(register: Register, today: date, calendar: WorkCalendar) -> None:
    """Compute every application's due date and today's due list, as the register's pages
    will: the calendar's `CalendarError` when it does not cover a date they need."""
    for app in register.applications:
        application_deadline(app, calendar)
    due_list(register.applications, today, calendar=calendar)
