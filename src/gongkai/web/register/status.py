"""Where each application of a register stands on a given day: its statutory deadline
(`gongkai.register.deadlines`, working days from the holiday calendar), the working days left
or overdue, and its state — what the applications page lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.register.calendar import CalendarError, WorkCalendar, default_calendar
from gongkai.register.deadlines import Deadline, application_deadline, due_list
from gongkai.register.model import Application, EventKind, outcomes

DUE_SOON_WORKDAYS = 5  # as `gongkai register due` lists them
_EVERY_OPEN = 10**6  # `due_list(within=…)` that leaves no open application out


class State(StrEnum):
    open = "办理中"
    awaiting_correction = "等待补正"
    overdue = "已逾期"
    answered = "已答复"
    withdrawn = "已撤回"
    not_yet = "尚未收到"  # received after the day the page is for


class Show(StrEnum):
    """The filter of the applications page."""

    open = "办理中"
    overdue = "已逾期"
    all = "全部"


@dataclass(frozen=True)
class Standing:
    pk: int
    application: Application
    state: State
    deadline: Deadline | None = None
    workdays_left: int | None = None  # open and with a due date: negative when overdue
    due_soon: bool = False
    answered_late: bool = False  # closed after its due date
    problem: str = ""  # why no deadline could be computed (a year the calendar lacks, …)

    @property
    def overdue(self) -> bool:
        return self.state is State.overdue

    @property
    def workdays_overdue(self) -> int | None:
        return None if self.workdays_left is None or not self.overdue else -self.workdays_left

    @property
    def closed(self) -> bool:
        return self.state in (State.answered, State.withdrawn)

    @property
    def outcome_label(self) -> str:
        end = self.application.closing
        if self.state is not State.answered or end is None or end.outcome is None:
            return ""
        return outcomes()[end.outcome]


def standing(pk: int, app: Application, on: date,
             calendar: WorkCalendar | None = None) -> Standing:
    """The application `app` (stored as `pk`) as it stands at the end of `on`."""
    calendar = calendar or default_calendar()
    if app.received > on:
        return Standing(pk, app, State.not_yet)
    try:
        deadline = application_deadline(app, calendar)
        soon, overdue = due_list([app], on, within=_EVERY_OPEN, calendar=calendar)
    except (CalendarError, ValueError) as exc:
        return Standing(pk, app, _closed_state(app, on) or State.open, problem=str(exc))
    closed = _closed_state(app, on)
    if closed is not None:
        end = app.closed_on
        late = deadline.due is not None and end is not None and end > deadline.due
        return Standing(pk, app, closed, deadline, answered_late=late)
    if overdue:
        return Standing(pk, app, State.overdue, deadline, overdue[0].workdays_left)
    if soon:
        left = soon[0].workdays_left
        return Standing(pk, app, State.open, deadline, left, due_soon=left <= DUE_SOON_WORKDAYS)
    state = State.awaiting_correction if deadline.due is None else State.open
    return Standing(pk, app, state, deadline)


def _closed_state(app: Application, on: date) -> State | None:
    end = app.closing
    if end is None or end.on > on:
        return None
    return State.answered if end.kind is EventKind.answered else State.withdrawn


def shown(standings: list[Standing], show: Show, year: int | None) -> list[Standing]:
    """The standings the filter keeps (`year`: of receipt), overdue first, then by due date."""
    kept = [s for s in standings
            if (year is None or s.application.received.year == year)
            and (show is Show.all
                 or (show is Show.overdue and s.overdue)
                 or (show is Show.open and not s.closed and s.state is not State.not_yet))]

    def order(s: Standing) -> tuple:
        due = s.deadline.due if s.deadline and s.deadline.due else date.max
        closed = s.closed or s.state is State.not_yet
        return (closed, not s.overdue, due if not closed else date.max,
                -s.application.received.toordinal(), s.application.number)

    return sorted(kept, key=order)
