"""Whether an event may be added to an application: the rules a register file's row obeys
(docs/register.md, `gongkai.register.io.rows`), applied to the domain's `Application` with the
new event, and the statutory deadline recomputed from it — so the register a clerk builds one
event at a time stays one that can be exported, imported again and counted."""

from __future__ import annotations

from dataclasses import replace

from gongkai.register.calendar import CalendarError
from gongkai.register.deadlines import application_deadline
from gongkai.register.model import Application, Event, EventKind

# Events an application has at most once (条例第三十条、第三十三条; one answer or withdrawal).
ONCE = frozenset(EventKind) - {EventKind.third_party_started, EventKind.third_party_answered}
CLOSING = (EventKind.answered, EventKind.withdrawn)


def _day(event: Event) -> str:
    return event.on.isoformat()


def event_problems(app: Application, event: Event) -> list[str]:
    """Why `event` cannot be added to `app` (Chinese, for the clerk); empty when it can."""
    out: list[str] = []
    kind = event.kind
    if event.on < app.submitted:
        out.append(f"日期（{_day(event)}）早于申请的提交日期（{app.submitted.isoformat()}）")
    end = app.closing
    if end is not None:
        if kind in CLOSING:
            out.append(f"这件申请已于 {_day(end)} {end.kind.value}：一件申请或者答复、或者撤回，"
                       "只能有其一")
        elif event.on > end.on:
            out.append(f"这件申请已于 {_day(end)} {end.kind.value}，其后不能再有办理事项")
    if kind in ONCE and kind not in CLOSING and app.events_of(kind):
        out.append(f"每件申请只能有一次“{kind.value}”（已于 {_day(app.events_of(kind)[0])} 登记）")
    if (kind is EventKind.answered) != (event.outcome is not None):
        out.append("答复须选择办理结果" if kind is EventKind.answered
                   else "只有答复才填写办理结果")
    if event.amount_yuan is not None and kind is not EventKind.fee_notice_issued:
        out.append(f"只有“{EventKind.fee_notice_issued.value}”填写金额")
    out += _order_problems(app, event)
    if not out:
        problem = deadline_problem(app, event)
        if problem:
            out.append(problem)
    return out


def _order_problems(app: Application, event: Event) -> list[str]:
    """An event that answers an earlier one comes after it."""
    kind = event.kind
    earlier = {
        EventKind.correction_received: EventKind.correction_requested,
        EventKind.fee_paid: EventKind.fee_notice_issued,
    }.get(kind)
    if earlier is not None:
        found = app.events_of(earlier)
        if not found:
            return [f"还没有“{earlier.value}”，不能登记“{kind.value}”"]
        if event.on < found[0].on:
            return [f"“{kind.value}”（{_day(event)}）早于“{earlier.value}”（{_day(found[0])}）"]
    if kind is EventKind.third_party_answered:
        started = sorted(e.on for e in app.events_of(EventKind.third_party_started))
        answered = len(app.events_of(EventKind.third_party_answered))
        if answered >= len(started):
            return [f"没有尚待答复的“{EventKind.third_party_started.value}”"]
        if event.on < started[answered]:
            return [f"第三方答复（{_day(event)}）早于对应的征求意见日期"
                    f"（{started[answered].isoformat()}）"]
    return []


def deadline_problem(app: Application, event: Event) -> str:
    """Why the deadline of `app` with `event` added cannot be computed ("" when it can)."""
    try:
        application_deadline(replace(app, events=[*app.events, event]))
    except (CalendarError, ValueError) as exc:
        return f"无法计算答复期限：{exc}"
    return ""
