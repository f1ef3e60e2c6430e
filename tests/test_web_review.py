"""The supervising office's pages (`gongkai.web.review`): the year's submissions with days to the
deadline, the review of one report, return / accept, dismissals that survive a resubmission,
and who may do what — on SQLite and on PostgreSQL (`web_db`).

The world: a province with two cities; city 甲 has its office, three departments and a county
with its own office and a police bureau; city 乙 an office and a finance bureau. Reports are the
checker's clean reports (tests/check_reports.py: random consistent figures, no findings); one
says in section 六 that no fee was charged while table 三 counts requests dropped for unpaid fees,
which the checker flags as a warning (N1-108) on that cell. "Today" is fixed through the
setting GONGKAI_TODAY.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.check_reports import clean_report, with_text

YEAR = 2024
TODAY = date(2025, 1, 20)
TZ = ZoneInfo("Asia/Shanghai")
FEE_KEY = "t3.other_handling.fee_unpaid.total"
NO_FEE = "本年度未收取信息处理费。"
# The users who submit each agency's report (the others are submitted by no one named).
CLERKS = {"X-education": "clerk-education"}


@dataclass
class World:
    tag: str
    regions: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    reports: dict[str, Any] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)  # the library models stored


def at(day: int, hour: int = 10, month: int = 1, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


def build_world() -> World:
    """Regions, agencies and users (every query goes to the `web_db` database)."""
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

    w = World(uuid.uuid4().hex[:6])
    for key, name, level, parent in [("P", "某省", Level.province, None),
                                     ("X", "甲市", Level.city, "P"),
                                     ("X1", "甲一县", Level.county, "X"),
                                     ("X1a", "甲一县某镇", Level.township, "X1"),
                                     ("Y", "乙市", Level.city, "P")]:
        w.regions[key] = Region.objects.create(name=f"{name}{w.tag}", level=level,
                                               parent=w.regions.get(parent))
    for key, name, region, office in [
            ("P-office", "某省人民政府办公厅", "P", True),
            ("X-office", "甲市人民政府办公室", "X", True),
            ("X-education", "甲市教育局", "X", False),
            ("X-health", "甲市卫生健康委员会", "X", False),
            ("X-transport", "甲市交通运输局", "X", False),
            ("X-civil", "甲市民政局", "X", False),
            ("X1-office", "甲一县人民政府办公室", "X1", True),
            ("X1-police", "甲一县公安局", "X1", False),
            ("X1a-office", "甲一县某镇人民政府党政办", "X1a", True),
            ("Y-office", "乙市人民政府办公室", "Y", True),
            ("Y-finance", "乙市财政局", "Y", False)]:
        w.agencies[key] = Agency.objects.create(name=f"{name}{w.tag}", region=w.regions[region],
                                                is_office=office)
    for key, role, agency in [("reviewer-x", Role.reviewer, "X-office"),
                              ("reviewer-y", Role.reviewer, "Y-office"),
                              ("reviewer-x1", Role.reviewer, "X1-office"),
                              ("clerk-education", Role.clerk, "X-education"),
                              ("admin", Role.admin, None)]:
        user = User.objects.create_user(f"{key}-{w.tag}")
        Membership.objects.create(user=user, role=role,
                                  agency=w.agencies[agency] if agency else None)
        w.users[key] = user
    return w


def fee_report(seed: int, agency: str, year: int = YEAR):
    """A clean report whose section 六 says no fee was charged although table 三 counts
    requests dropped for unpaid fees: one warning, N1-108, on that cell."""
    for s in range(seed, seed + 50):
        model = clean_report(s, year=year, agency=agency)
        if model.cells[FEE_KEY]:
            return with_text(model, "other", NO_FEE)
    raise AssertionError("no seed with a fee figure")


def store_report(w: World, key: str, model, status: str = "draft", *, submitted=None,
                 decision: str | None = None, year: int = YEAR):
    """The agency's report with `model`, taken through the real workflow: stored as a draft;
    submitted at `submitted` (`reports.workflow.submit`); decided by the administrator at 15:00
    that day when `decision` is given (`review.decisions.decide`). `status` is the state the
    report must end in."""
    from gongkai.web.reports.models import Report, as_json
    from gongkai.web.reports.workflow import submit
    from gongkai.web.review.decisions import decide

    report = Report.objects.create(agency=w.agencies[key], year=year, data=as_json(model))
    if submitted is not None:
        submission = submit(report, w.users.get(CLERKS.get(key, "")), submitted)
        if decision is not None:
            decide(submission, w.users["admin"], decision,
                   "表三数字有误，请核实" if decision == "returned" else "",
                   submitted.replace(hour=15))
    report.refresh_from_db()
    assert report.status == status
    w.reports[key], w.models[key] = report, model
    return report


def resubmit(w: World, key: str, model, when: datetime):
    """The agency edits its returned report and submits it again (`reports.workflow.submit`):
    a new submission with the new snapshot, status submitted."""
    from gongkai.web.reports.workflow import submit

    report = w.reports[key]
    report.refresh_from_db()
    assert report.status == "returned"
    report.store(model)
    report.save()
    submit(report, w.users.get(CLERKS.get(key, "")), when)
    w.models[key] = model


def populate(w: World) -> None:
    """The year's reports at every stage."""
    store_report(w, "X-education", fee_report(1, w.agencies["X-education"].name), "submitted",
                 submitted=at(15))
    store_report(w, "X-health", clean_report(2, year=YEAR, agency=w.agencies["X-health"].name),
                 "accepted", submitted=at(10), decision="accepted")
    store_report(w, "X-civil", clean_report(3, year=YEAR, agency=w.agencies["X-civil"].name))
    store_report(w, "X1-office", clean_report(4, year=YEAR,
                                              agency=w.agencies["X1-office"].name),
                 "submitted", submitted=at(18))
    store_report(w, "X1-police", clean_report(5, year=YEAR,
                                              agency=w.agencies["X1-police"].name),
                 "returned", submitted=at(12), decision="returned")
    store_report(w, "X-office", clean_report(6, year=YEAR, agency=w.agencies["X-office"].name),
                 "submitted", submitted=at(16))
    store_report(w, "Y-finance", clean_report(7, year=YEAR,
                                              agency=w.agencies["Y-finance"].name),
                 "submitted", submitted=at(14))
    # X-transport and the township office have no report yet.


@pytest.fixture
def world(web_db: str):
    from django.test.utils import override_settings

    w = build_world()
    populate(w)
    with override_settings(GONGKAI_TODAY=TODAY):
        yield w


def client_for(user=None):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def rows_of(html: str) -> list[dict[str, str]]:
    """The rows of the submissions table: agency id, state, days, and the cells' texts."""
    import re

    table = html.split('id="submissions"', 1)[1].split("</table>", 1)[0]
    out = []
    for match in re.finditer(r'<tr id="agency-(\d+)" data-state="(\w+)" data-days="(-?\d+)"'
                             r'[^>]*>(.*?)</tr>', table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(4), re.S)]
        out.append({"id": int(match.group(1)), "state": match.group(2),
                    "days": int(match.group(3)), "cells": cells})
    return out


# ------------------------------------------------------------------------ the deadline

def test_the_deadline_is_31_january_or_31_march_for_a_governments_own_report(world):
    from gongkai.web.review.deadlines import publication_deadline

    a = world.agencies
    assert publication_deadline(a["X-education"], 2024) == date(2025, 1, 31)
    assert publication_deadline(a["X1-police"], 2024) == date(2025, 1, 31)
    assert publication_deadline(a["X-office"], 2024) == date(2025, 3, 31)  # city government
    assert publication_deadline(a["X1-office"], 2023) == date(2024, 3, 31)  # county government
    assert publication_deadline(a["P-office"], 2024) == date(2025, 3, 31)
    assert publication_deadline(a["X1a-office"], 2024) == date(2025, 1, 31)  # township
    # Before the 2019 revision (2007 条例第三十一条) every agency: 31 March.
    assert publication_deadline(a["X-education"], 2018) == date(2019, 3, 31)
    assert publication_deadline(a["X1a-office"], 2018) == date(2019, 3, 31)


def test_the_review_pages_deadline_and_the_checkers_p1_101_agree(world):
    """An office's report is its government's own (31 March) though its printed name is the
    office's; a department's and a township's are due 31 January. Published on 10 February,
    the review page's deadline, its findings and the editor's findings say the same."""
    import copy

    from gongkai.web.reports.models import Submission
    from gongkai.web.review.decisions import decide

    admin = client_for(world.users["admin"])
    cases = [("X-office", "2025年3月31日", False), ("X1-office", "2025年3月31日", False),
             ("X-education", "2025年1月31日", True), ("X1a-office", "2025年1月31日", True)]
    for key, deadline, late in cases:
        name = world.agencies[key].name
        model = (copy.deepcopy(world.models[key]) if key in world.models
                 else clean_report(8, year=YEAR, agency=name))
        model.metadata.publication_date = "2025-02-10"
        if key in world.reports:
            latest = Submission.objects.filter(report=world.reports[key]).latest("at")
            decide(latest, world.users["admin"], "returned", "请填写发布日期", at(19))
            resubmit(world, key, model, at(20))
        else:
            store_report(world, key, model, "submitted", submitted=at(20))
        review = admin.get(f"/review/reports/{world.reports[key].pk}/").content.decode()
        assert f"法定期限：{deadline}" in review, key
        assert ('data-code="P1-101"' in review) is late, key
        editor = admin.get(f"/agencies/{world.agencies[key].pk}/reports/{YEAR}/").content.decode()
        assert ('data-code="P1-101"' in editor) is late, key
        if late:
            assert "晚于法定时限 2025-01-31" in editor


# ------------------------------------------------------------------------ the list

def test_the_list_shows_who_submitted_and_the_days_left_most_urgent_first(world):
    a = world.agencies
    page = client_for(world.users["reviewer-x"]).get("/review/")
    assert page.status_code == 200
    html = page.content.decode()
    rows = rows_of(html)
    # Every agency city 甲's office reviews (its region and below), not the office itself,
    # not city 乙's. From 20 January to 31 January 2025: 11 days; to 31 March: 11 + 28 + 31.
    expected = [("X-education", "submitted", 11), ("X1-police", "returned", 11),
                ("X-civil", "draft", 11),
                ("X1a-office", "not_started", 11),  # then by name: 甲一… before 甲市…
                ("X-transport", "not_started", 11),
                ("X1-office", "submitted", 70), ("X-health", "accepted", 11)]
    assert [(r["id"], r["state"], r["days"]) for r in rows] == [
        (a[k].pk, state, days) for k, state, days in expected]
    by_id = {r["id"]: r["cells"] for r in rows}
    # name, region, state, submitted at, errors, warnings, notices, deadline, days, action
    assert by_id[a["X-education"].pk][2:7] == ["已报送，待审核", "2025-01-15 10:00", "0", "1", "0"]
    assert by_id[a["X1-office"].pk][3] == "2025-01-18 10:00"
    assert by_id[a["X1-office"].pk][7:9] == ["2025年3月31日", "剩 70 天"]
    assert by_id[a["X1-police"].pk][2:4] == ["已退回修改", "2025-01-12 10:00"]
    assert by_id[a["X-health"].pk][2:5] == ["审核通过", "2025-01-10 10:00", "0"]
    assert by_id[a["X-civil"].pk][2:4] == ["编写中", "—"]
    assert by_id[a["X-transport"].pk][2:5] == ["未开始", "—", "—"]
    assert by_id[a["X-transport"].pk][7:9] == ["2025年1月31日", "剩 11 天"]
    submitted = {k for k, _, _ in expected if by_id[a[k].pk][3] != "—"}
    assert submitted == {"X-education", "X1-police", "X-health", "X1-office"}
    assert "共 7 个机关，已报送 4 个" in html
    assert a["Y-finance"].name not in html and a["X-office"].name not in html


def test_after_the_deadline_the_days_are_overdue_and_other_years_can_be_chosen(world):
    from django.test.utils import override_settings

    a = world.agencies
    client = client_for(world.users["reviewer-x"])
    with override_settings(GONGKAI_TODAY=date(2025, 2, 3)):
        rows = {r["id"]: r for r in rows_of(client.get("/review/").content.decode())}
    assert rows[a["X-civil"].pk]["days"] == -3  # 31 January + 3 days
    assert rows[a["X-civil"].pk]["cells"][8] == "已过 3 天"
    assert rows[a["X1-office"].pk]["days"] == 25 + 31  # to 28 February, then March
    with override_settings(GONGKAI_TODAY=date(2026, 1, 5)):  # the default year is 2025
        page = client.get("/review/").content.decode()
    assert "2025年度报告报送与审核" in page
    assert {r["state"] for r in rows_of(page)} == {"not_started"}
    earlier = rows_of(client.get("/review/?year=2023").content.decode())
    assert {r["state"] for r in earlier} == {"not_started"}
    assert {r["days"] for r in earlier} == {-355, -295}  # 2024-01-31 and 2024-03-31
    bad = client.get("/review/?year=二〇二四")
    assert bad.status_code == 400 and "年度须为四位数字" in bad.content.decode()


def test_an_administrator_sees_every_agency_including_the_offices(world):
    rows = rows_of(client_for(world.users["admin"]).get("/review/").content.decode())
    ids = {r["id"] for r in rows}
    assert {world.agencies[k].pk for k in ("X-office", "Y-finance", "P-office")} <= ids
    mine = {a.pk for a in world.agencies.values()}
    assert {r["id"] for r in rows if r["id"] in mine} == mine


# ------------------------------------------------------------------------ one report

def test_the_review_page_shows_the_submitted_tables_text_and_findings(world):
    report, model = world.reports["X-education"], world.models["X-education"]
    page = client_for(world.users["reviewer-x"]).get(f"/review/reports/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for key in ("t3.new_received.total", "t3.granted.natural_person", "t4.review.total",
                "t2.normative_documents.issued"):
        assert f'id="cell-{key}" data-key="{key}">{model.cells[key]}</td>' in html
    assert (f'id="cell-{FEE_KEY}" data-key="{FEE_KEY}" class="flagged warning" '
            f'title="N1-108">{model.cells[FEE_KEY]}</td>') in html
    assert 'data-code="N1-108"' in html and "警告" in html and NO_FEE in html
    assert model.sections["overview"].text.splitlines()[0] in html
    for button in ("退回修改", "审核通过", "排除"):
        assert f">{button}</button>" in html
    assert "错误 0 条，警告 1 条，提示 0 条" in html
    assert "表三" in html and "2025年1月31日" in html


def test_returning_needs_a_comment_and_sets_the_report_returned(world):
    from gongkai.web.reports.models import Report, Submission

    report = world.reports["X-education"]
    submission = Submission.objects.get(report=report)
    client = client_for(world.users["reviewer-x"])
    url = f"/review/reports/{report.pk}/decision/"
    refused = client.post(url, {"submission": submission.pk, "decision": "returned",
                                "comment": "   "})
    assert refused.status_code == 400
    assert "退回修改须填写审核意见" in refused.content.decode()
    submission.refresh_from_db()
    assert submission.decision == "pending" and submission.decided_at is None
    assert Report.objects.get(pk=report.pk).status == "submitted"
    done = client.post(url, {"submission": submission.pk, "decision": "returned",
                             "comment": "第六部分关于信息处理费的说明与表三不一致"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"/review/reports/{report.pk}/#decision")
    submission.refresh_from_db()
    assert submission.decision == "returned"
    assert submission.comment == "第六部分关于信息处理费的说明与表三不一致"
    assert submission.decided_by_id == world.users["reviewer-x"].pk
    assert submission.decided_at is not None
    assert Report.objects.get(pk=report.pk).status == "returned"
    again = client.post(url, {"submission": submission.pk, "decision": "accepted"})
    assert again.status_code == 400 and "已有审核结论" in again.content.decode()
    assert Report.objects.get(pk=report.pk).status == "returned"
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert "第六部分关于信息处理费的说明与表三不一致" in page and "退回修改</button>" not in page


def test_accepting_sets_the_report_accepted(world):
    from gongkai.web.reports.models import Report, Submission

    report = world.reports["X1-office"]
    submission = Submission.objects.get(report=report)
    response = client_for(world.users["reviewer-x"]).post(
        f"/review/reports/{report.pk}/decision/",
        {"submission": submission.pk, "decision": "accepted", "comment": ""})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.decision, submission.comment) == ("accepted", "")
    assert Report.objects.get(pk=report.pk).status == "accepted"
    rows = rows_of(client_for(world.users["reviewer-x"]).get("/review/").content.decode())
    assert rows[-1]["id"] == world.agencies["X1-office"].pk  # done: last now
    assert rows[-1]["state"] == "accepted"


def test_decide_checks_the_decision_and_the_reviewer(world):
    from django.core.exceptions import PermissionDenied

    from gongkai.web.reports.models import Report, Submission
    from gongkai.web.review.decisions import DecisionError, decide

    submission = Submission.objects.get(report=world.reports["X-education"])
    with pytest.raises(DecisionError, match="请选择"):
        decide(submission, world.users["reviewer-x"], "maybe", "", at(20))
    for key in ("reviewer-y", "clerk-education", "reviewer-x1"):
        with pytest.raises(PermissionDenied):
            decide(submission, world.users[key], "accepted", "", at(20))
    own = Submission.objects.get(report=world.reports["X1-office"])
    with pytest.raises(PermissionDenied):  # nobody reviews their own office
        decide(own, world.users["reviewer-x1"], "accepted", "", at(20))
    submission.refresh_from_db()
    assert submission.decision == "pending"
    assert Report.objects.get(pk=world.reports["X-education"].pk).status == "submitted"
    decide(own, world.users["admin"], "accepted", "", at(20))
    assert Report.objects.get(pk=world.reports["X1-office"].pk).status == "accepted"


# ------------------------------------------------------------------------ dismissals

def finding_item(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[html.rindex("<li", 0, start):html.index("</li>", start)]


def test_a_dismissal_needs_a_reason_and_survives_the_agencys_edit_and_resubmission(world):
    from gongkai.web.reports.models import Submission
    from gongkai.web.review.models import Dismissal

    report = world.reports["X-education"]
    agency = world.agencies["X-education"]
    reviewer = client_for(world.users["reviewer-x"])
    url = f"/review/reports/{report.pk}/dismissals/"
    refused = reviewer.post(url, {"code": "N1-108", "keys": FEE_KEY, "reason": " "})
    assert refused.status_code == 400 and "排除审核意见须填写理由" in refused.content.decode()
    assert not Dismissal.objects.filter(agency=agency).exists()
    unknown = reviewer.post(url, {"code": "T3-101", "keys": FEE_KEY, "reason": "无"})
    assert unknown.status_code == 400 and "找不到这条审核意见" in unknown.content.decode()
    reason = "收费通知发出后申请人未缴费，本机关实际未收取费用，表述无误"
    done = reviewer.post(url, {"code": "N1-108", "keys": FEE_KEY, "reason": reason})
    assert done.status_code == 302
    saved = Dismissal.objects.get(agency=agency, year=YEAR)
    assert (saved.code, saved.keys, saved.reason) == ("N1-108", FEE_KEY, reason)
    assert saved.by_id == world.users["reviewer-x"].pk
    html = reviewer.get(f"/review/reports/{report.pk}/").content.decode()
    assert 'class="dismissed"' in finding_item(html, "N1-108") and reason in html
    assert "警告 0 条" in html and 'class="flagged' not in html
    twice = reviewer.post(url, {"code": "N1-108", "keys": FEE_KEY, "reason": reason})
    assert twice.status_code == 400 and "已被排除" in twice.content.decode()

    # The office returns the report for another reason; the agency edits and resubmits.
    submission = Submission.objects.get(report=report)
    assert reviewer.post(f"/review/reports/{report.pk}/decision/", {
        "submission": submission.pk, "decision": "returned",
        "comment": "请补充第五部分的整改情况"}).status_code == 302
    model = world.models["X-education"]
    added = "针对上年度指出的问题，本年度已逐项整改到位。"
    edited = with_text(model, "problems", model.sections["problems"].text + added)
    resubmit(world, "X-education", edited, at(21))
    html = reviewer.get(f"/review/reports/{report.pk}/").content.decode()
    assert added in html  # the new snapshot is shown
    item = finding_item(html, "N1-108")
    assert 'class="dismissed"' in item and reason in item
    assert "错误 0 条，警告 0 条，提示 0 条" in html
    rows = {r["id"]: r for r in rows_of(reviewer.get("/review/").content.decode())}
    assert rows[agency.pk]["cells"][4:7] == ["0", "0", "0"]
    assert rows[agency.pk]["cells"][3] == "2025-01-21 10:00"  # the latest submission

    # Undoing the dismissal: the warning counts again.
    clerk = client_for(world.users["clerk-education"])
    assert clerk.post(f"/review/dismissals/{saved.pk}/undo/").status_code == 403
    assert client_for(world.users["reviewer-y"]).post(
        f"/review/dismissals/{saved.pk}/undo/").status_code == 404
    assert Dismissal.objects.filter(pk=saved.pk).exists()
    undone = reviewer.post(f"/review/dismissals/{saved.pk}/undo/")
    assert undone.status_code == 302 and undone["Location"].endswith("#findings")
    assert not Dismissal.objects.filter(pk=saved.pk).exists()
    html = reviewer.get(f"/review/reports/{report.pk}/").content.decode()
    assert 'class="open"' in finding_item(html, "N1-108") and "警告 1 条" in html
    assert 'class="flagged warning"' in html


def test_a_dismissal_stops_covering_a_finding_whose_figures_changed(world):
    """The office dismisses the errors of a total that is 1 too high; the agency then makes it
    900 too high: the dismissals no longer cover (shown as needing re-confirmation), the errors
    are open and block the submission. Back to the dismissed figures: covered again."""
    from gongkai.format import get_format
    from gongkai.web.reports.findings import counts, findings_of
    from gongkai.web.reports.models import Submission
    from gongkai.web.review.decisions import decide
    from gongkai.web.review.dismissals import dismiss

    relation = get_format("2021").relation("t3-results-total", "total")
    total, parts = relation.lhs[0], relation.rhs
    report = world.reports["X-civil"]
    model = world.models["X-civil"]
    right = model.cells[total]
    assert right > 0 and right == sum(model.cells[k] for k in parts)
    admin = client_for(world.users["admin"])  # edits and submits for the agency here
    editor = f"/agencies/{world.agencies['X-civil'].pk}/reports/{YEAR}/"
    assert admin.post(editor, {f"cell-{total}": str(right + 1)}).status_code == 302
    report.refresh_from_db()
    shown = findings_of(report)
    errors = [s for s in shown if s.finding.severity == "error"]
    assert "T3-102" in {s.finding.code for s in errors}
    assert any("相差 1" in s.finding.message for s in errors)
    for item in errors:
        dismiss(report, shown, item.finding.code, item.signature, "经核实，差额为一件重复登记",
                world.users["reviewer-x"], at(16))
    assert counts(findings_of(report))["error"] == 0
    assert admin.post(editor, {"action": "submit"}).status_code == 302
    decide(Submission.objects.get(report=report), world.users["reviewer-x"], "returned",
           "请补充说明", at(17))

    # the agency changes the figure a lot: the dismissals no longer cover the findings
    refused = admin.post(editor, {f"cell-{total}": str(right + 900), "action": "submit"})
    assert refused.status_code == 409
    assert "T3-102" in refused.content.decode() and "相差 900" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == "returned"
    now = findings_of(report)
    assert counts(now)["error"] == len(errors)
    assert all(s.stale and not s.dismissed for s in now if s.finding.severity == "error")
    html = admin.get(editor).content.decode()
    assert "已排除（数字已变，需重新确认）：经核实，差额为一件重复登记" in html

    # back to the figure the office saw: covered again, and the report goes in
    assert admin.post(editor, {f"cell-{total}": str(right + 1),
                               "action": "submit"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert counts(findings_of(report))["error"] == 0


def test_a_dismissed_finding_whose_message_changed_is_confirmed_again(world):
    """N1-108 quotes section 六: the agency rewrites the sentence and resubmits; the review
    page shows the old dismissal as needing re-confirmation and counts the warning; confirming
    it again updates the same record."""
    from gongkai.web.reports.models import Submission
    from gongkai.web.review.models import Dismissal

    report, agency = world.reports["X-education"], world.agencies["X-education"]
    reviewer = client_for(world.users["reviewer-x"])
    page_url = f"/review/reports/{report.pk}/"
    reason = "收费通知发出后申请人未缴费，本机关实际未收取费用"
    assert reviewer.post(page_url + "dismissals/", {"code": "N1-108", "keys": FEE_KEY,
                                                    "reason": reason}).status_code == 302
    first = Dismissal.objects.get(agency=agency, year=YEAR)
    assert "正文“未收取信息处理费”" in first.message  # the clause it quotes from NO_FEE
    assert first.values == {FEE_KEY: str(world.models["X-education"].cells[FEE_KEY])}
    assert reviewer.post(page_url + "decision/", {
        "submission": Submission.objects.get(report=report).pk, "decision": "returned",
        "comment": "请核实第六部分"}).status_code == 302
    reworded = "本机关全年未收取任何信息处理费。"
    resubmit(world, "X-education", with_text(world.models["X-education"], "other", reworded),
             at(21))

    html = reviewer.get(page_url).content.decode()
    item = finding_item(html, "N1-108")
    assert "已排除（数字已变，需重新确认）" in item and reason in item
    assert 'class="open stale"' in item and "重新确认排除</button>" in item
    assert "警告 1 条" in html and 'class="flagged warning"' in html
    rows = {r["id"]: r for r in rows_of(reviewer.get("/review/").content.decode())}
    assert rows[agency.pk]["cells"][4:7] == ["0", "1", "0"]

    again = "再次核实：确未收取信息处理费"
    assert reviewer.post(page_url + "dismissals/", {"code": "N1-108", "keys": FEE_KEY,
                                                    "reason": again}).status_code == 302
    (saved,) = Dismissal.objects.filter(agency=agency, year=YEAR)
    assert saved.pk == first.pk and saved.reason == again
    assert "正文“未收取任何信息处理费”" in saved.message
    html = reviewer.get(page_url).content.decode()
    assert 'class="dismissed"' in finding_item(html, "N1-108") and "警告 0 条" in html


def test_the_reviewable_agencies_are_those_can_review_allows(world):
    from gongkai.web.organisations import access

    mine = {a.pk: a for a in world.agencies.values()}
    for key in ("reviewer-x", "reviewer-x1", "reviewer-y", "clerk-education", "admin"):
        user = world.users[key]
        bulk = set(access.reviewable_agencies(user).filter(pk__in=mine)
                   .values_list("pk", flat=True))
        assert bulk == {pk for pk, a in mine.items() if access.can_review(user, a)}, key
    assert world.agencies["X1-office"].pk in set(access.reviewable_agencies(
        world.users["reviewer-x"]).values_list("pk", flat=True))
    assert not access.reviewable_agencies(world.users["clerk-education"]).exists()


def test_the_list_reads_the_same_number_of_queries_for_more_agencies(world, web_db):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from gongkai.web.organisations.models import Agency

    client = client_for(world.users["reviewer-x"])

    def queries() -> int:
        with CaptureQueriesContext(connections[web_db]) as seen:
            assert client.get("/review/").status_code == 200
        return len(seen.captured_queries)

    queries()  # warm
    before = queries()
    for n in range(6):
        key = f"X-more-{n}"
        world.agencies[key] = Agency.objects.create(name=f"甲市第{n}办{world.tag}",
                                                    region=world.regions["X"])
        store_report(world, key, clean_report(40 + n, year=YEAR,
                                              agency=world.agencies[key].name),
                     "submitted", submitted=at(17))
    after = queries()
    assert len(rows_of(client.get("/review/").content.decode())) == 7 + 6
    assert after == before


# ------------------------------------------------------------------------ permissions

def test_who_may_open_and_act_on_the_review_pages(world):
    from gongkai.web.reports.models import Submission
    from gongkai.web.review.models import Dismissal

    education, office = world.reports["X-education"], world.reports["X-office"]
    submission = Submission.objects.get(report=education)
    pages = ["/review/", f"/review/reports/{education.pk}/"]
    actions = [(f"/review/reports/{education.pk}/decision/",
                {"submission": submission.pk, "decision": "accepted"}),
               (f"/review/reports/{education.pk}/dismissals/",
                {"code": "N1-108", "keys": FEE_KEY, "reason": "理由"})]
    dismissal = Dismissal.objects.create(agency=world.agencies["X-education"], year=YEAR,
                                         code="N1-108", keys=FEE_KEY, reason="已核实",
                                         at=at(19))
    undo = f"/review/dismissals/{dismissal.pk}/undo/"

    anonymous = client_for()
    for url in pages + [u for u, _ in actions] + [undo]:
        response = anonymous.post(url) if url not in pages else anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")

    clerk = client_for(world.users["clerk-education"])  # sees its agency, reviews nothing
    assert clerk.get("/review/").status_code == 403
    assert clerk.get(f"/review/reports/{education.pk}/").status_code == 403
    for url, data in actions:
        assert clerk.post(url, data).status_code == 403
    assert clerk.post(undo).status_code == 403
    assert clerk.get(f"/review/reports/{world.reports['Y-finance'].pk}/").status_code == 404

    other_city = client_for(world.users["reviewer-y"])
    assert other_city.get(f"/review/reports/{education.pk}/").status_code == 404
    for url, data in actions:
        assert other_city.post(url, data).status_code == 404
    assert other_city.post(undo).status_code == 404
    assert other_city.get("/review/reports/999999999/").status_code == 404

    city = client_for(world.users["reviewer-x"])  # its own office: seen, not reviewed
    assert city.get(f"/review/reports/{office.pk}/").status_code == 403
    assert city.post(f"/review/reports/{office.pk}/decision/", {
        "submission": Submission.objects.get(report=office).pk,
        "decision": "accepted"}).status_code == 403
    assert city.get(f"/review/reports/{education.pk}/decision/").status_code == 405
    assert client_for(world.users["admin"]).get(
        f"/review/reports/{office.pk}/").status_code == 200

    submission.refresh_from_db()
    assert submission.decision == "pending"
    assert Dismissal.objects.filter(agency=world.agencies["X-education"]).count() == 1


def test_a_report_not_yet_submitted_has_no_review(world):
    html = client_for(world.users["reviewer-x"]).get(
        f"/review/reports/{world.reports['X-civil'].pk}/").content.decode()
    assert "该报告尚未报送" in html and "审核通过</button>" not in html
