"""The register's domain: working days, deadlines, fees, and the year's tables."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.check import check
from gongkai.interchange import dumps, from_dict
from gongkai.register import (
    Application,
    CalendarError,
    Case,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    Event,
    EventKind,
    NormativeDocument,
    Register,
    WorkCalendar,
    YearlyFigures,
    application_deadline,
    deadline,
    due_list,
    parse_notice,
    piece_fee,
    piece_fees,
    volume_fee,
    year_tables,
)
from gongkai.register.calendar import YearCalendar
from tests.register_factory import random_register

# The State Council's notice for 2026 (国办发明电〔2025〕7号), as an office would paste it.
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


# ---------------------------------------------------------------- calendar


def test_pasted_notice_gives_the_same_year_as_the_package():
    from chinese_calendar import constants

    parsed = parse_notice(NOTICE_2026)
    assert parsed.year == 2026
    assert parsed.holidays == {d for d in constants.holidays if d.year == 2026}
    assert parsed.workdays == {d for d in constants.workdays if d.year == 2026}
    assert len(parsed.holidays) == 33 and len(parsed.workdays) == 6


def test_make_up_working_days_and_holidays():
    calendar = WorkCalendar.default()
    assert calendar.is_workday(date(2025, 9, 28))  # a Sunday worked for National Day
    assert not calendar.is_workday(date(2025, 10, 8))  # a Wednesday off
    assert not calendar.is_workday(date(2025, 11, 22))  # an ordinary Saturday


def test_unknown_year_is_an_error_not_a_guess(tmp_path):
    calendar = WorkCalendar.default(tmp_path)
    with pytest.raises(CalendarError, match="没有 2031 年的节假日安排"):
        calendar.is_workday(date(2031, 3, 3))
    with pytest.raises(CalendarError):
        deadline(date(2030, 12, 20), calendar=WorkCalendar.default(tmp_path))


def test_an_office_adds_a_year_itself(tmp_path):
    notice = NOTICE_2026.replace("2026", "2031")  # a made-up year, for the mechanism only
    (tmp_path / "2031.toml").write_text(parse_notice(notice).to_toml(), encoding="utf-8")
    calendar = WorkCalendar.default(tmp_path)
    assert not calendar.is_workday(date(2031, 10, 6))
    assert calendar.is_workday(date(2031, 10, 10))  # 调休 from the pasted notice
    bad = YearCalendar
    with pytest.raises(CalendarError, match="既是假日又是工作日"):
        bad(2031, frozenset({date(2031, 1, 1)}), frozenset({date(2031, 1, 1)}), "test")
    with pytest.raises(CalendarError, match="没有找到放假安排"):
        parse_notice("关于2031年的通知：另行通知。")


# ---------------------------------------------------------------- deadlines


def test_twenty_working_days_across_national_day_2025():
    # Received Fri 26 Sep 2025. Working days after it: 28 Sep (Sunday, make-up), 29, 30 Sep,
    # then 1–8 Oct off, 9, 10, 11 (Saturday, make-up), 13–17, 20–24, 27–30 Oct: the 20th is
    # Thu 30 Oct.
    assert deadline(date(2025, 9, 26)).due == date(2025, 10, 30)


def test_correction_within_seven_working_days_restarts_the_clock():
    received = date(2025, 3, 3)  # Monday
    waiting = deadline(received, correction_requested=date(2025, 3, 7))
    assert waiting.due is None
    restarted = deadline(received, correction_requested=date(2025, 3, 7),
                         corrected=date(2025, 3, 20))
    assert restarted.due == deadline(date(2025, 3, 20)).due == date(2025, 4, 18)
    # 7 working days after Mon 3 Mar is Wed 12 Mar; a request on Thu 13 Mar is late
    late = deadline(received, correction_requested=date(2025, 3, 13),
                    corrected=date(2025, 3, 20))
    assert late.due == deadline(received).due
    assert "超过收到申请后 7 个工作日" in late.notes[0]


def test_third_party_days_and_extension_add_working_days():
    received = date(2025, 6, 2)  # Mon, itself the last day of 端午 (31 May – 2 Jun)
    base = deadline(received).due
    # Counted by hand from Tue 3 Jun (the day of receipt does not count): 3–6 Jun are days
    # 1–4, 9–13 Jun 5–9, 16–20 Jun 10–14, 23–27 Jun 15–19, Mon 30 Jun day 20.
    assert base == date(2025, 6, 30)
    # Mon 9 Jun – Fri 13 Jun: five working days, both ends included
    paused = deadline(received, third_party=[(date(2025, 6, 9), date(2025, 6, 13))])
    assert paused.paused_days == 5
    calendar = WorkCalendar.default()
    assert paused.due == calendar.add_workdays(base, 5)
    # Five more working days after Mon 30 Jun: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Jul.
    assert paused.due == date(2025, 7, 7)
    extended = deadline(received, extended=True)
    assert extended.due == calendar.add_workdays(base, 20)
    # Twenty more after 30 Jun, no holiday in July: 1–4 Jul are 1–4, 7–11 are 5–9,
    # 14–18 are 10–14, 21–25 are 15–19, Mon 28 Jul is the 20th.
    assert extended.due == date(2025, 7, 28)


def _app(number: str, received: date, *events: Event, kind: str = "natural_person"):
    return Application(number, Channel.in_person, received, "张三", kind, events=list(events))


def test_deadline_from_events_and_due_lists():
    calendar = WorkCalendar.default()
    on = date(2025, 5, 20)
    overdue = _app("A1", date(2025, 4, 1))
    soon = _app("A2", date(2025, 4, 22))
    later = _app("A3", date(2025, 5, 19))
    answered = _app("A4", date(2025, 4, 1), Event(EventKind.answered, date(2025, 4, 10),
                                                   outcome="granted"))
    extended = _app("A5", date(2025, 4, 1), Event(EventKind.extension_approved, date(2025, 4, 20)))
    assert application_deadline(extended).due == calendar.add_workdays(
        deadline(date(2025, 4, 1)).due, 20)
    # Received Tue 1 Apr 2025. Working days after it: Wed 2 and Thu 3 Apr are 1–2 (清明 is
    # Fri 4 – Sun 6 Apr), 7–11 Apr 3–7, 14–18 Apr 8–12, 21–25 Apr 13–17, Sun 27 Apr (a
    # working Sunday before 劳动节) 18, Mon 28 Apr 19, Tue 29 Apr 20.
    assert application_deadline(overdue).due == date(2025, 4, 29)
    # Extended by 20 after 29 Apr: Wed 30 Apr 1 (劳动节 is 1–5 May), 6–9 May 2–5,
    # 12–16 May 6–10, 19–23 May 11–15, 26–30 May 16–20: Fri 30 May.
    assert application_deadline(extended).due == date(2025, 5, 30)
    # Received Tue 22 Apr: 23–25 Apr 1–3, Sun 27 Apr 4, 28–30 Apr 5–7, 6–9 May 8–11,
    # 12–16 May 12–16, 19–22 May 17–20: Thu 22 May.
    assert application_deadline(soon).due == date(2025, 5, 22)
    due_soon, late = due_list([overdue, soon, later, answered, extended], on)
    assert [i.application.number for i in late] == ["A1"]
    assert late[0].workdays_left < 0
    # Working days after 29 Apr up to Tue 20 May: 30 Apr, 6–9 May, 12–16 May, 19–20 May:
    # 1 + 4 + 5 + 2 = 12 working days overdue.
    assert late[0].workdays_left == -12
    assert [i.application.number for i in due_soon] == ["A2"]
    assert due_soon[0].workdays_left == 2  # Wed 21 and Thu 22 May remain after Tue 20 May


def test_channel_decides_the_day_of_receipt():
    posted = Application("P1", Channel.post, date(2025, 3, 3), "李四", "other_org",
                         confirmed=date(2025, 3, 6))
    assert posted.received == date(2025, 3, 6)
    in_person = Application("P2", Channel.in_person, date(2025, 3, 3), "李四", "other_org",
                            confirmed=date(2025, 3, 6))
    assert in_person.received == date(2025, 3, 3)


def test_outcomes_and_applicant_types_come_from_the_format():
    with pytest.raises(ValueError, match="不是表三的办理结果"):
        Event(EventKind.answered, date(2025, 1, 1), outcome="withheld")
    with pytest.raises(ValueError, match="申请人类型"):
        _app("X", date(2025, 1, 1), kind="citizen")


# ---------------------------------------------------------------- fees


def test_fee_by_piece_and_by_volume():
    assert [piece_fee(n) for n in (1, 10, 11, 30, 31, 40, 41, 51)] == [
        0, 0, 100, 100, 200, 200, 300, 400]
    assert [volume_fee(p) for p in (30, 31, 100, 101, 200, 201, 250)] == [
        0, 10, 700, 720, 2700, 2740, 4700]


def test_fees_by_piece_count_per_applicant_and_natural_month():
    apps = [_app(f"F{i:02d}", date(2025, 3, 1) + timedelta(days=i % 28)) for i in range(12)]
    apps.append(_app("F99", date(2025, 4, 1)))  # a new month starts again
    fees = {f.application.number: f.yuan for f in piece_fees(apps)}
    assert sorted(fees.values()) == [0] * 11 + [100, 100]
    assert fees["F99"] == 0


# ---------------------------------------------------------------- the year's tables


def test_tables_of_a_small_register_by_hand():
    register = Register("某局")
    register.applications = [
        _app("1", date(2024, 12, 20)),  # open over new year: carried over into 2025
        _app("2", date(2024, 12, 28), Event(EventKind.answered, date(2025, 1, 10),
                                             outcome="granted"), kind="commercial_enterprise"),
        _app("3", date(2025, 3, 1), Event(EventKind.answered, date(2025, 3, 20),
                                           outcome="withheld.state_secret")),
        _app("4", date(2025, 12, 30)),  # carried forward into 2026
        _app("5", date(2025, 5, 5), Event(EventKind.withdrawn, date(2025, 5, 6)),
             kind="other_org"),
    ]
    register.cases = [Case("C1", CaseKind.review, date(2025, 2, 1), date(2026, 1, 5),
                           CaseResult.corrected)]
    register.documents = [
        NormativeDocument(DocumentKind.normative_document, "甲", date(2020, 1, 1)),
        NormativeDocument(DocumentKind.normative_document, "乙", date(2025, 6, 1)),
        NormativeDocument(DocumentKind.normative_document, "丙", date(2019, 1, 1),
                          repealed=date(2025, 7, 1)),
    ]
    cells = year_tables(register, 2025)["cells"]
    assert cells["t3.new_received.total"] == 3
    assert cells["t3.carried_over.total"] == 2
    assert cells["t3.carried_over.commercial_enterprise"] == 1
    assert cells["t3.granted.commercial_enterprise"] == 1
    assert cells["t3.withheld.state_secret.natural_person"] == 1
    assert cells["t3.other_handling.other.other_org"] == 1  # withdrawn
    assert cells["t3.total_processed.total"] == 3
    assert cells["t3.carried_forward.natural_person"] == 2  # "1" and "4"
    assert cells["t4.review.pending"] == 1 and cells["t4.review.total"] == 1  # decided 2026
    assert (cells["t2.normative_documents.issued"], cells["t2.normative_documents.repealed"],
            cells["t2.normative_documents.in_force"]) == (1, 1, 2)
    assert year_tables(register, 2026)["cells"]["t3.carried_over.total"] == 2


YEARLY_CELLS = ["t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions",
                "t2.fees.amount"]


def test_yearly_figures_not_recorded_stay_blank_and_are_named():
    register = Register("某局", documents=[
        NormativeDocument(DocumentKind.regulation, "甲", date(2024, 3, 1))],
        yearly={2024: YearlyFigures(2024, licensing_decisions=3)})
    data = year_tables(register, 2025)  # no record for 2025 at all
    assert [data["cells"][k] for k in YEARLY_CELLS] == [None, None, None, None]
    assert data["cells"]["t2.regulations.in_force"] == 1  # what the register knows is there
    (named,) = data["diagnostics"]
    assert (named["code"], named["keys"]) == ("G001", YEARLY_CELLS)
    assert "2025 年的年度数据" in named["message"] and "行政许可" in named["message"]
    # The diagnostic is interchange data: it survives the reading of the JSON, and the
    # checker names the same cells as blank (T0-102).
    report = from_dict(json.loads(dumps(data)))
    assert [(d.code, d.keys) for d in report.diagnostics] == [("G001", YEARLY_CELLS)]
    (blank,) = [f for f in check(report).findings if f.code == "T0-102"]
    assert list(blank.keys) == YEARLY_CELLS
    partly = year_tables(register, 2024)  # a record with one figure written
    assert [partly["cells"][k] for k in YEARLY_CELLS] == [3, None, None, None]
    assert partly["diagnostics"][0]["keys"] == YEARLY_CELLS[1:]
    assert "年的年度数据" not in partly["diagnostics"][0]["message"]
    register.yearly[2024] = YearlyFigures(2024, 3, 0, 0, Decimal("1.5"))
    complete = year_tables(register, 2024)
    assert [complete["cells"][k] for k in YEARLY_CELLS] == [3, 0, 0, 1.5]
    assert complete["diagnostics"] == []


def test_the_2019_format_leaves_publication_counts_blank():
    """2019/2020 reports: the register knows documents made (本年新制作), not what was
    published (本年新公开, 对外公开总数量); a withdrawal counts under the one row （六）其他处理."""
    register = Register("某局", documents=[
        NormativeDocument(DocumentKind.normative_document, "甲", date(2020, 3, 1)),
        NormativeDocument(DocumentKind.normative_document, "乙", date(2018, 3, 1))],
        yearly={2020: YearlyFigures(2020, 1, 2, 3, Decimal(0))})
    register.applications = [_app("1", date(2020, 5, 6), Event(EventKind.withdrawn,
                                                                date(2020, 5, 7)))]
    data = year_tables(register, 2020)
    assert data["format"] == "2019"
    cells = data["cells"]
    assert cells["t2.normative_documents.made"] == 1
    for key in ("t2.normative_documents.published", "t2.normative_documents.total_published",
                "t2.regulations.published", "t2.regulations.total_published"):
        assert cells[key] is None
    assert cells["t3.other_handling.natural_person"] == cells["t3.other_handling.total"] == 1
    (named,) = data["diagnostics"]
    assert named["code"] == "G001"
    assert "t2.normative_documents.total_published" in named["keys"]
    assert "t2.procurement.amount" in named["keys"]
    assert not set(YEARLY_CELLS[:3]) & set(named["keys"])


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(20, 300))
def test_tables_from_any_register_pass_every_arithmetic_and_cross_year_rule(seed, size):
    register = random_register(seed, applications=size)
    previous = None
    nonzero = 0
    for year in range(2019, 2026):
        tables = year_tables(register, year)
        report = from_dict(tables)
        nonzero += sum(1 for v in report.cells.values() if v)
        found = check(report, previous=previous).findings
        codes = {f.code for f in found if f.code.startswith(("T3", "T4", "Y1-101", "Y1-102"))}
        assert codes == set(), (year, [f.message for f in found])
        if report.format == "2021":
            assert not [f for f in found if f.code.startswith("T0")]
        previous = report
    assert nonzero > 50


def test_random_register_is_varied():
    register = random_register(3)
    outcomes_used = {a.outcome for a in register.applications if a.outcome}
    assert len(outcomes_used) > 10
