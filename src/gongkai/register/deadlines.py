"""Statutory deadlines of an application (条例第三十条至第三十三条).

- The day of receipt follows the channel (第三十一条, see `Application.received`) and is not
  counted: the answer is due on the 20th working day after it (第三十三条第一款).
- A correction request (补正告知) made within 7 working days of receipt restarts the clock from
  the day the corrected application is received; while the correction is awaited nothing is due
  (第三十条). A request made later does not restart the clock, and is flagged.
- Working days spent consulting a third party, start and end included, do not count (第三十二条).
- One approved extension adds at most 20 working days (第三十三条第二款).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.register.calendar import WorkCalendar, default_calendar
from gongkai.register.model import Application, EventKind

ANSWER_DAYS = 20
EXTENSION_DAYS = 20
CORRECTION_REQUEST_DAYS = 7


@dataclass(frozen=True)
class Deadline:
    """When an application must be answered, and why."""

    due: date | None  # None while a requested correction is awaited
    clock_start: date  # the day after which working days are counted
    paused_days: int = 0  # third-party consultation working days
    extended: bool = False
    notes: tuple[str, ...] = field(default=())


def deadline(
    received: date,
    *,
    corrected: date | None = None,
    correction_requested: date | None = None,
    third_party: list[tuple[date, date]] | None = None,
    extended: bool = False,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """The last day to answer an application received on `received`."""
    calendar = calendar or default_calendar()
    notes: list[str] = []
    start = received
    if correction_requested is not None:
        limit = calendar.add_workdays(received, CORRECTION_REQUEST_DAYS)
        if correction_requested > limit:
            notes.append(f"补正告知于 {correction_requested.isoformat()} 发出，超过收到申请后 "
                         f"{CORRECTION_REQUEST_DAYS} 个工作日（{limit.isoformat()}），"
                         "不重新计算期限")
        elif corrected is None:
            return Deadline(None, received, notes=("等待申请人补正，答复期限暂不计算",))
        else:
            start = corrected
    elif corrected is not None:
        start = corrected
    paused = 0
    for first, last in third_party or []:
        if last < first:
            raise ValueError(f"征求第三方意见的结束日 {last} 早于开始日 {first}")
        paused += calendar.workdays_between(first, last)
    days = ANSWER_DAYS + paused + (EXTENSION_DAYS if extended else 0)
    return Deadline(calendar.add_workdays(start, days), start, paused, extended, tuple(notes))


def application_deadline(app: Application, calendar: WorkCalendar | None = None) -> Deadline:
    """The deadline of a registered application, from its events. A consultation still
    awaiting the third party's answer is not counted yet: the deadline errs early, never late."""
    requested = app.events_of(EventKind.correction_requested)
    received = app.events_of(EventKind.correction_received)
    started = sorted(e.on for e in app.events_of(EventKind.third_party_started))
    answered = sorted(e.on for e in app.events_of(EventKind.third_party_answered))
    consultations = [(s, answered[i]) for i, s in enumerate(started) if i < len(answered)]
    return deadline(
        app.received,
        correction_requested=requested[0].on if requested else None,
        corrected=received[-1].on if received else None,
        third_party=consultations,
        extended=bool(app.events_of(EventKind.extension_approved)),
        calendar=calendar,
    )


@dataclass(frozen=True)
class DueItem:
    application: Application
    deadline: Deadline
    workdays_left: int  # negative when overdue


def due_list(
    applications: list[Application], on: date, *, within: int = 5,
    calendar: WorkCalendar | None = None,
) -> tuple[list[DueItem], list[DueItem]]:
    """(due soon, overdue): open applications due within `within` working days of `on`, and
    those whose last day has passed. Each list is sorted by due date."""
    calendar = calendar or default_calendar()
    soon: list[DueItem] = []
    overdue: list[DueItem] = []
    for app in applications:
        if not app.open_on(on):
            continue
        d = application_deadline(app, calendar)
        if d.due is None:
            continue
        if d.due < on:
            overdue.append(DueItem(app, d, -calendar.workdays_between(d.due, on) + 1))
        else:
            left = calendar.workdays_between(on, d.due) - (1 if calendar.is_workday(on) else 0)
            if left <= within:
                soon.append(DueItem(app, d, left))
    return (sorted(soon, key=lambda i: i.deadline.due or on),
            sorted(overdue, key=lambda i: i.deadline.due or on))
