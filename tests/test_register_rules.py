"""The rules an application's events obey (`gongkai.register.rules`), each once, on the
domain's objects; the messages are the Chinese the clerk reads, in the workbench and after a
register file's row number alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gongkai.register.model import Application, Channel, Event, EventKind
from gongkai.register.rules import (
    Problem,
    amount_problem,
    application_problems,
    event_problems,
    history_problems,
    outcome_problem,
)

K = EventKind
SUBMITTED = date(2025, 9, 1)  # a Monday


def _app(*events: Event, confirmed: date | None = None, submitted: date = SUBMITTED
         ) -> Application:
    return Application("YSQ-1", Channel.post, submitted, "张三", "natural_person",
                       confirmed=confirmed, events=list(events))


def _on(day: int, month: int = 9) -> date:
    return date(2025, month, day)


def _messages(app: Application) -> list[str]:
    return [p.message for p in application_problems(app)]


def test_a_valid_history_has_no_problem():
    app = _app(Event(K.correction_requested, _on(2)), Event(K.correction_received, _on(5)),
               Event(K.third_party_started, _on(8)), Event(K.third_party_started, _on(9)),
               Event(K.third_party_answered, _on(12)), Event(K.extension_approved, _on(15)),
               Event(K.fee_notice_issued, _on(16), amount_yuan=Decimal("100")),
               Event(K.fee_paid, _on(16)), Event(K.answered, _on(30), outcome="granted"),
               confirmed=_on(1))
    assert application_problems(app) == []


def test_nothing_is_dated_before_the_submission():
    app = _app(Event(K.extension_approved, date(2025, 8, 29)), confirmed=date(2025, 8, 31))
    assert _messages(app) == [
        "确认日期（2025-08-31）早于提交日期（2025-09-01）",
        "“延期答复”（2025-08-29）早于申请的提交日期（2025-09-01）"]
    # the confirmation is the application's own date; the extension's is its event's
    assert [(p.event, p.field) for p in application_problems(app)] == [
        (None, "confirmed"), (app.events[0], "on")]
    assert history_problems(None, None, app.events) == []  # submission unknown: not compared


def test_a_correction_request_an_extension_and_a_fee_notice_come_once():
    second = Event(K.extension_approved, _on(20))
    app = _app(Event(K.extension_approved, _on(10)), second)
    assert application_problems(app) == [
        Problem("每件申请只能有一次“延期答复”（已于 2025-09-10 登记）", second)]


def test_an_application_is_answered_or_withdrawn_not_both():
    answer = Event(K.answered, _on(12), outcome="granted")
    app = _app(Event(K.withdrawn, _on(10)), answer)
    (problem,) = application_problems(app)
    assert problem.message == ("既有答复日期又有撤回日期：一件申请或者答复、或者撤回，只能有其一"
                               "（撤回申请 2025-09-10，答复 2025-09-12）")
    assert (problem.event, problem.field) == (answer, None)  # two values: no single column


def test_nothing_happens_after_the_answer():
    app = _app(Event(K.answered, _on(10), outcome="granted"),
               Event(K.fee_notice_issued, _on(10)), Event(K.extension_approved, _on(11)))
    assert _messages(app) == ["这件申请已于 2025-09-10 答复，其后不能再有“延期答复”（2025-09-11）"]


def test_a_correction_is_received_only_after_it_was_requested():
    assert _messages(_app(Event(K.correction_received, _on(5)))) == [
        "还没有“补正告知”，不能登记“收到补正”"]
    assert _messages(_app(Event(K.correction_requested, _on(8)),
                          Event(K.correction_received, _on(5)))) == [
        "“收到补正”（2025-09-05）早于“补正告知”（2025-09-08）"]


def test_a_fee_is_paid_only_after_its_notice():
    assert _messages(_app(Event(K.fee_paid, _on(5)))) == ["还没有“收费通知”，不能登记“缴纳费用”"]
    assert _messages(_app(Event(K.fee_notice_issued, _on(8)), Event(K.fee_paid, _on(7)))) == [
        "“缴纳费用”（2025-09-07）早于“收费通知”（2025-09-08）"]


def test_third_party_answers_match_consultations_in_date_order():
    assert _messages(_app(Event(K.third_party_started, _on(3)),
                          Event(K.third_party_answered, _on(4)),
                          Event(K.third_party_answered, _on(5)))) == [
        "“第三方答复”有 2 个，“征求第三方意见”只有 1 个，没有尚待答复的“征求第三方意见”"
        "（两者按日期先后一一对应）"]
    # consulted on the 3rd and the 10th; answers of the 12th and the 5th: the 5th answers the
    # 3rd, the 12th the 10th, whatever order they were registered in
    assert _messages(_app(Event(K.third_party_started, _on(3)),
                          Event(K.third_party_started, _on(10)),
                          Event(K.third_party_answered, _on(12)),
                          Event(K.third_party_answered, _on(5)))) == []
    assert _messages(_app(Event(K.third_party_started, _on(3)),
                          Event(K.third_party_started, _on(10)),
                          Event(K.third_party_answered, _on(4)),
                          Event(K.third_party_answered, _on(8)))) == [
        "第 2 个“第三方答复”（2025-09-08）早于对应的“征求第三方意见”（2025-09-10）"
        "（两者按日期先后一一对应）"]


def test_only_an_answer_has_an_outcome_and_it_needs_one():
    assert outcome_problem(K.answered, None) == "有答复但没有办理结果"
    assert outcome_problem(K.answered, "granted") == ""
    assert outcome_problem(None, "granted") == "有办理结果但没有答复"
    assert outcome_problem(K.withdrawn, None) == ""
    withdrawn = Event(K.withdrawn, _on(5), outcome="granted")
    extension = Event(K.extension_approved, _on(3), outcome="granted")
    problems = application_problems(_app(extension, withdrawn))
    assert [(p.message, p.event, p.field) for p in problems] == [
        ("只有答复才填写办理结果（“延期答复”不填）", extension, "outcome"),
        ("撤回的申请不填办理结果（撤回计入“（六）其他处理/3.其他”）", withdrawn, "outcome")]


def test_only_a_fee_notice_has_an_amount():
    assert amount_problem(K.fee_notice_issued, Decimal("20")) == ""
    assert amount_problem(None, Decimal("20")) == "有收费金额但没有“收费通知”"
    paid = Event(K.fee_paid, _on(6), amount_yuan=Decimal("20"))
    app = _app(Event(K.fee_notice_issued, _on(5)), paid)
    assert application_problems(app) == [
        Problem("只有“收费通知”填写金额", paid, "amount_yuan")]


# ----------------------------------------------------------------- one event at a time

def test_an_event_is_refused_for_what_it_breaks():
    app = _app(Event(K.answered, _on(10), outcome="granted"))
    assert event_problems(app, Event(K.withdrawn, _on(12))) == [
        "既有答复日期又有撤回日期：一件申请或者答复、或者撤回，只能有其一"
        "（答复 2025-09-10，撤回申请 2025-09-12）"]
    assert event_problems(app, Event(K.extension_approved, _on(11))) == [
        "这件申请已于 2025-09-10 答复，其后不能再有“延期答复”（2025-09-11）"]
    assert event_problems(app, Event(K.extension_approved, _on(9))) == []
    # an event registered late still may not contradict an earlier one
    asked = _app(Event(K.correction_received, _on(5)), Event(K.correction_requested, _on(2)))
    assert event_problems(asked, Event(K.correction_requested, _on(8))) == [
        "每件申请只能有一次“补正告知”（已于 2025-09-02 登记）"]


def test_an_old_problem_does_not_block_a_new_event():
    """An application stored before a rule was enforced takes events that break nothing."""
    stored = _app(Event(K.correction_received, _on(5)))
    assert _messages(stored) == ["还没有“补正告知”，不能登记“收到补正”"]
    assert event_problems(stored, Event(K.extension_approved, _on(8))) == []
    assert event_problems(stored, Event(K.fee_paid, _on(8))) == [
        "还没有“收费通知”，不能登记“缴纳费用”"]


def test_an_event_whose_deadline_cannot_be_computed_is_refused():
    old = _app(submitted=date(1995, 3, 1))  # a year no calendar knows
    (problem,) = event_problems(old, Event(K.extension_approved, date(1995, 3, 10)))
    assert problem.startswith("无法计算答复期限：") and "1995" in problem
