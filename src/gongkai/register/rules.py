"""The rules an application's events obey, written once: a register file's rows
(`gongkai.register.io.rows`) and the workbench's event form and API (`event_problems`, through
`gongkai.web.register.events`) both ask here, so a register built one event at a time can be
exported, imported again and counted, and a file holds nothing the workbench would refuse.

- No event is dated before the application was submitted; the confirmation neither.
- 补正告知、收到补正、延期答复、收费通知、缴纳费用、答复、撤回申请: at most once each
  (条例第三十条 one correction request, 第三十三条 one extension); an application is either
  answered or withdrawn, and nothing happens after its answer or withdrawal.
- A correction is received only after it was requested, a fee paid only after its notice.
- Each third-party answer matches a consultation: the two are paired in date order (as the
  deadline counts them, 第三十二条) and no answer precedes its consultation.
- Only an answer has an outcome (one result row of table 三) and it needs one; only a fee
  notice has an amount.
- A document is not repealed before it was issued (`repeal_problem`).

Every message is Chinese, for the clerk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from gongkai.register.calendar import CalendarError
from gongkai.register.deadlines import application_deadline
from gongkai.register.model import WITHDRAWN_OUTCOME, Application, Event, EventKind, outcomes

# Events an application has at most once (条例第三十条、第三十三条; one answer or withdrawal).
ONCE = tuple(k for k in EventKind
             if k not in (EventKind.third_party_started, EventKind.third_party_answered))
CLOSING = (EventKind.answered, EventKind.withdrawn)
# An event that answers an earlier one → the earlier one's kind.
FOLLOWS = {
    EventKind.correction_received: EventKind.correction_requested,
    EventKind.fee_paid: EventKind.fee_notice_issued,
}
_ORDER = {kind: n for n, kind in enumerate(EventKind)}


@dataclass(frozen=True)
class Problem:
    """What is wrong with an application, and what it is about: one value of one of its
    events (`field` "on", "outcome" or "amount_yuan"), its own "confirmed" date (no event),
    or several values at once (`field` None)."""

    message: str
    event: Event | None = None
    field: str | None = "on"

    def __str__(self) -> str:
        return self.message


def _day(day: date) -> str:
    return day.isoformat()


def _by_date(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.on, _ORDER[e.kind]))


def outcome_problem(kind: EventKind | None, outcome: str | None) -> str:
    """Why an event of `kind` cannot have `outcome` ("" when it can): an answer needs an
    outcome and only an answer has one. `kind` None: there is no event to carry it."""
    if kind is EventKind.answered:
        return "" if outcome else "有答复但没有办理结果"
    if outcome is None:
        return ""
    if kind is EventKind.withdrawn:
        return f"撤回的申请不填办理结果（撤回计入“{outcomes()[WITHDRAWN_OUTCOME]}”）"
    if kind is None:
        return "有办理结果但没有答复"
    return f"只有答复才填写办理结果（“{kind.value}”不填）"


def amount_problem(kind: EventKind | None, amount: object | None) -> str:
    """Why an event of `kind` cannot have an amount ("" when it can): only a fee notice has
    one. `kind` None: there is no event to carry it."""
    notice = EventKind.fee_notice_issued
    if amount is None or kind is notice:
        return ""
    if kind is None:
        return f"有收费金额但没有“{notice.value}”"
    return f"只有“{notice.value}”填写金额"


def repeal_problem(issued: date | None, repealed: date | None) -> str:
    """Why a document issued on `issued` cannot have been repealed on `repealed` ("" when it
    can, or when either is unknown): a register's normative documents and the publication
    list's items alike."""
    if issued and repealed and repealed < issued:
        return f"废止日期（{_day(repealed)}）早于印发日期（{_day(issued)}）"
    return ""


def history_problems(submitted: date | None, confirmed: date | None,
                     events: Sequence[Event]) -> list[Problem]:
    """Everything wrong with an application submitted on `submitted` (None: unknown, the
    dates are then not compared with it), confirmed on `confirmed`, with `events`."""
    out: list[Problem] = []
    if submitted is not None:
        if confirmed is not None and confirmed < submitted:
            out.append(Problem(f"确认日期（{_day(confirmed)}）早于提交日期（{_day(submitted)}）",
                               None, "confirmed"))
        out += [Problem(f"“{e.kind.value}”（{_day(e.on)}）早于申请的提交日期"
                        f"（{_day(submitted)}）", e)
                for e in events if e.on < submitted]
    of = {kind: _by_date([e for e in events if e.kind is kind]) for kind in EventKind}
    for kind in ONCE:
        found = of[kind]
        out += [Problem(f"每件申请只能有一次“{kind.value}”（已于 {_day(found[0].on)} 登记）", e)
                for e in found[1:]]
    out += _closing_problems(of, events)
    for kind, earlier in FOLLOWS.items():
        for e in of[kind]:
            if not of[earlier]:
                out.append(Problem(f"还没有“{earlier.value}”，不能登记“{kind.value}”", e))
            elif e.on < of[earlier][0].on:
                out.append(Problem(f"“{kind.value}”（{_day(e.on)}）早于“{earlier.value}”"
                                   f"（{_day(of[earlier][0].on)}）", e))
    out += _third_party_problems(of[EventKind.third_party_started],
                                 of[EventKind.third_party_answered])
    for e in events:
        if problem := outcome_problem(e.kind, e.outcome):
            out.append(Problem(problem, e, "outcome"))
        if problem := amount_problem(e.kind, e.amount_yuan):
            out.append(Problem(problem, e, "amount_yuan"))
    return out


def _closing_problems(of: dict[EventKind, list[Event]], events: Sequence[Event]) -> list[Problem]:
    """Answered or withdrawn, not both; nothing after either."""
    out: list[Problem] = []
    ends = _by_date([*of[EventKind.answered][:1], *of[EventKind.withdrawn][:1]])
    if not ends:
        return out
    end = ends[0]
    if len(ends) > 1:
        shown = "，".join(f"{e.kind.value} {_day(e.on)}" for e in ends)
        out.append(Problem(f"既有答复日期又有撤回日期：一件申请或者答复、或者撤回，只能有其一"
                           f"（{shown}）", ends[1], None))
    out += [Problem(f"这件申请已于 {_day(end.on)} {end.kind.value}，其后不能再有"
                    f"“{e.kind.value}”（{_day(e.on)}）", e)
            for e in events if e.kind not in CLOSING and e.on > end.on]
    return out


def _third_party_problems(started: list[Event], answered: list[Event]) -> list[Problem]:
    """The k-th answer (by date) belongs to the k-th consultation (by date)."""
    out: list[Problem] = []
    consultation = EventKind.third_party_started.value
    if len(answered) > len(started):
        out.append(Problem(
            f"“{EventKind.third_party_answered.value}”有 {len(answered)} 个，“{consultation}”"
            f"只有 {len(started)} 个，没有尚待答复的“{consultation}”（两者按日期先后一一对应）",
            answered[-1]))
    for n, (first, last) in enumerate(zip(started, answered, strict=False), 1):
        if last.on < first.on:
            out.append(Problem(
                f"第 {n} 个“{last.kind.value}”（{_day(last.on)}）早于对应的“{consultation}”"
                f"（{_day(first.on)}）（两者按日期先后一一对应）", last))
    return out


def application_problems(app: Application) -> list[Problem]:
    """Everything wrong with `app`'s dates and events."""
    return history_problems(app.submitted, app.confirmed, app.events)


def deadline_problem(app: Application) -> str:
    """Why the statutory deadline of `app` cannot be computed ("" when it can)."""
    try:
        application_deadline(app)
    except (CalendarError, ValueError) as exc:
        return f"无法计算答复期限：{exc}"
    return ""


def event_problems(app: Application, event: Event) -> list[str]:
    """Why `event` cannot be added to `app` (empty when it can): what is wrong with the
    application with it and was not wrong without it, else why its deadline could no longer
    be computed."""
    with_it = replace(app, events=[*app.events, event])
    before = set(application_problems(app))
    out = [p.message for p in application_problems(with_it) if p not in before]
    if not out and (problem := deadline_problem(with_it)):
        out.append(problem)
    return out
