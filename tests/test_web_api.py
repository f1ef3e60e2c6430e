"""The JSON API (`gongkai.web.api`) on SQLite and on PostgreSQL (`web_db`).

The data: the world of tests/test_web_access.py (regions, offices, agencies, users, a few
applications), plus reports built from random consistent figures (tests/check_reports.py), a
register from tests/register_factory.py, and publication items from tests/publish_factory.py.
Expected figures are reasoned from the inputs (the working-day calendar, the statutory balance
of table 三), never read back from the code under test.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.check_reports import clean_dict, clean_report, with_cells
from tests.conftest import FIXTURES
from tests.publish_factory import random_items
from tests.register_factory import random_register
from tests.test_web_access import World, build_world

# The four cells of table 三's balance (新收 + 上年结转 = 办理 + 结转) of one applicant column.
BALANCE = ("new_received", "carried_over", "total_processed", "carried_forward")
RESEARCH = {f"t3.{row}.research_institution" for row in BALANCE}
TOTAL = {f"t3.{row}.total" for row in BALANCE}

REGISTER_APPLICATIONS, REGISTER_CASES, REGISTER_DOCUMENTS = 12, 6, 4


@dataclass
class ApiWorld:
    world: World
    reports: dict[str, Any]
    publications: int

    def agency(self, key: str) -> Any:
        return self.world.agencies[key]

    def user(self, key: str) -> Any:
        return self.world.users[key]


def _report_row(agency: Any, year: int, model: Any, status: str) -> Any:
    from gongkai.web.reports.models import Report

    row = Report(agency=agency, year=year, status=status)
    row.store(model)
    row.save()
    return row


def build_api_world(using: str) -> ApiWorld:
    from django.utils import timezone

    from gongkai.publish.io import ALL_PARTS, Imported
    from gongkai.publish.store import import_items
    from gongkai.register.store import save_register
    from gongkai.web.review.models import Dismissal, keys_signature

    w = build_world(using)
    a = w.agencies
    broken = clean_report(11, year=2024, agency=a["X-education"].name)
    broken = with_cells(broken,
                        t3__carried_forward__research_institution=broken.cells[
                            "t3.carried_forward.research_institution"] + 2,
                        t3__carried_forward__total=broken.cells["t3.carried_forward.total"] + 2)
    reports = {
        "X-education": _report_row(a["X-education"], 2024, broken, "draft"),
        "Y-finance": _report_row(
            a["Y-finance"], 2024, clean_report(12, year=2024, agency=a["Y-finance"].name),
            "submitted"),
        "X1-police": _report_row(
            a["X1-police"], 2023, clean_report(13, year=2023, agency=a["X1-police"].name),
            "accepted"),
    }
    Dismissal.objects.create(agency=a["X-education"], year=2024, code="T3-101",
                             keys=keys_signature(RESEARCH), by=w.users["reviewer-x"],
                             reason="科研机构的申请上年已结转，数字无误", at=timezone.now())
    save_register(random_register(5, agency=a["X-health"].name, years=range(2023, 2025),
                                  applications=REGISTER_APPLICATIONS, cases=REGISTER_CASES,
                                  documents=REGISTER_DOCUMENTS), using=using)
    items = random_items(3, count=8, tag=w.tag)
    import_items(Imported(a["Y-finance"].name, items, ALL_PARTS), using=using)
    return ApiWorld(w, reports, len(items))


@pytest.fixture(scope="session")
def api_worlds(store) -> dict[str, ApiWorld]:
    return {}


@pytest.fixture
def aw(api_worlds: dict[str, ApiWorld], web_db: str) -> ApiWorld:
    if web_db not in api_worlds:
        api_worlds[web_db] = build_api_world(web_db)
    return api_worlds[web_db]


def client(user: Any = None, token: str | None = None, csrf: bool = False) -> Any:
    from django.test import Client

    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    c = Client(enforce_csrf_checks=csrf, **headers)
    if user is not None:
        c.force_login(user)
    return c


def results(response: Any) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def rows_of(aw: ApiWorld, user_key: str, url: str) -> list[dict]:
    """Every row of a list (all pages) that belongs to this world's agencies."""
    c, ours, found = client(aw.user(user_key)), aw.world.all_ids(), []
    page = c.get(url + ("&" if "?" in url else "?") + "page_size=200")
    while True:
        found += [r for r in results(page) if r["agency"] in ours]
        following = page.json()["next"]
        if not following:
            return found
        page = c.get(following)


def post_json(c: Any, url: str, body: Any, method: str = "post", **extra: Any) -> Any:
    return getattr(c, method)(url, json.dumps(body, ensure_ascii=False),
                              content_type="application/json", **extra)


# --------------------------------------------------------------------------- authentication

def test_a_token_made_on_the_token_page_authenticates_scripts(aw):
    from rest_framework.authtoken.models import Token

    clerk = aw.user("clerk-a")
    page = client(clerk)
    assert "您还没有令牌" in page.get("/api/token/").content.decode()
    made = page.post("/api/token/", {"action": "create"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    key = Token.objects.get(user=clerk).key
    assert key in made.content.decode()
    again = page.get("/api/token/").content.decode()
    assert key not in again and "您已有令牌" in again  # shown once only
    assert key not in client(aw.user("reviewer-x")).get("/api/token/").content.decode()

    own = aw.reports["X-education"].pk
    rows = results(client(token=key).get("/api/reports/"))
    assert own in {r["id"] for r in rows}
    assert {r["agency"] for r in rows} == {aw.agency("X-education").pk}

    wrong = client(token=key[:-4] + "0000").get("/api/reports/")
    assert wrong.status_code == 401 and "令牌" in wrong.json()["detail"]
    anonymous = client().get("/api/reports/")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["detail"].startswith("未登录")

    page.post("/api/token/", {"action": "rotate"})
    new_key = Token.objects.get(user=clerk).key
    assert new_key != key
    assert client(token=key).get("/api/reports/").status_code == 401
    assert client(token=new_key).get("/api/reports/").status_code == 200
    page.post("/api/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=clerk).exists()
    assert client(token=new_key).get("/api/reports/").status_code == 401
    assert client().get("/api/token/").status_code == 302  # anonymous → the login page


def test_session_writes_need_the_csrf_token_and_token_writes_do_not(aw):
    from rest_framework.authtoken.models import Token

    clerk = aw.user("clerk-two")  # X2-civil and Y1-land
    browser = client(clerk, csrf=True)
    body = {"agency": aw.agency("X2-civil").pk, "number": f"CSRF-{aw.world.tag}",
            "channel": "post", "submitted": "2025-05-06", "applicant": "李四",
            "applicant_type": "natural_person"}
    refused = post_json(browser, "/api/applications/", body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert "X-CSRFToken" in refused.json()["detail"]
    assert browser.post("/api/token/", {"action": "create"}).status_code == 403  # the page too
    browser.get("/api/token/")  # sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    done = post_json(browser, "/api/applications/", body, HTTP_X_CSRFTOKEN=csrf)
    assert done.status_code == 201, done.content.decode()
    key = Token.objects.create(user=clerk).key
    script = post_json(client(token=key, csrf=True), "/api/applications/",
                       {**body, "number": f"CSRF-{aw.world.tag}-2"})
    assert script.status_code == 201


# ------------------------------------------------------------------------- visibility rules

def test_lists_hold_only_the_agencies_a_user_may_see(aw):
    ids = aw.world.ids
    x_region = ids("X-office", "X-education", "X-health", "X1-office", "X1-police", "X2-civil",
                   "X1a-town")
    clerk_reports = rows_of(aw, "clerk-a", "/api/reports/")
    assert {r["agency"] for r in clerk_reports} <= ids("X-education")
    assert aw.reports["X-education"].pk in {r["id"] for r in clerk_reports}
    reviewer = {r["id"] for r in rows_of(aw, "reviewer-x", "/api/reports/")}
    assert {aw.reports["X-education"].pk, aw.reports["X1-police"].pk} <= reviewer
    assert aw.reports["Y-finance"].pk not in reviewer
    assert {r["id"] for r in rows_of(aw, "reviewer-y", "/api/reports/")} == {
        aw.reports["Y-finance"].pk}

    apps = rows_of(aw, "clerk-a", "/api/applications/")
    assert {r["agency"] for r in apps} == ids("X-education")
    assert {f"甲教申-00{i}" for i in range(1, 7)} <= {r["number"] for r in apps}
    reviewed = rows_of(aw, "reviewer-x", "/api/applications/")
    assert {r["agency"] for r in reviewed} <= x_region
    health = [r for r in reviewed if r["agency"] == aw.agency("X-health").pk]
    assert len(health) == REGISTER_APPLICATIONS
    assert not any(r["agency"] == aw.agency("Y-finance").pk for r in reviewed)

    for url, count in (("/api/cases/", REGISTER_CASES), ("/api/documents/", REGISTER_DOCUMENTS)):
        assert rows_of(aw, "clerk-a", url) == []
        assert rows_of(aw, "reviewer-y", url) == []
        seen = rows_of(aw, "reviewer-x", url)
        assert len(seen) == count and {r["agency"] for r in seen} == ids("X-health")
    pubs = rows_of(aw, "reviewer-y", "/api/publications/")
    assert len(pubs) == aw.publications and {r["agency"] for r in pubs} == ids("Y-finance")
    assert rows_of(aw, "clerk-a", "/api/publications/") == []
    assert rows_of(aw, "nobody", "/api/reports/") == []


def test_another_agencys_rows_are_404_not_403(aw):
    from gongkai.web.register.models import Application, Case, NormativeDocument

    clerk = client(aw.user("clerk-a"))
    theirs = Application.objects.filter(agency=aw.agency("Y-finance")).first()
    events = theirs.events.count()
    hidden = aw.reports["Y-finance"].pk
    case = Case.objects.filter(agency=aw.agency("X-health")).first()
    document = NormativeDocument.objects.filter(agency=aw.agency("X-health")).first()
    reviewer = client(aw.user("reviewer-x"))  # sees X-health: the rows exist
    assert reviewer.get(f"/api/cases/{case.pk}/").json()["number"] == case.number
    assert reviewer.get(f"/api/documents/{document.pk}/").json()["title"] == document.title
    for url in (f"/api/reports/{hidden}/", f"/api/reports/{hidden}/check/",
                f"/api/applications/{theirs.pk}/", f"/api/applications/{theirs.pk}/events/",
                f"/api/cases/{case.pk}/", f"/api/documents/{document.pk}/",
                f"/api/reports/?agency={aw.agency('Y-finance').pk}",
                f"/api/applications/?agency={aw.agency('Y-finance').pk}",
                f"/api/cases/?agency={aw.agency('X-health').pk}",
                "/api/reports/999999999/"):
        response = clerk.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "未找到"}
    edit = post_json(clerk, f"/api/reports/{hidden}/", {"data": {}}, method="put")
    assert edit.status_code == 404
    event = post_json(clerk, f"/api/applications/{theirs.pk}/events/",
                      {"kind": "withdrawn", "on": "2025-06-01"})
    assert event.status_code == 404
    made = post_json(clerk, "/api/reports/",
                     {"agency": aw.agency("Y-finance").pk, "data": {"format": "2021"}})
    assert made.status_code == 404
    assert Application.objects.get(pk=theirs.pk).events.count() == events


def test_agencies_keep_their_shape(aw):
    body = client(aw.user("reviewer-y")).get("/api/agencies/").json()
    ours = {a["name"]: a for a in body["agencies"] if a["id"] in aw.world.all_ids()}
    assert set(ours) == {aw.agency(k).name for k in ("Y-office", "Y-finance", "Y1-land")}
    assert ours[aw.agency("Y1-land").name]["can_review"]
    assert not ours[aw.agency("Y-office").name]["can_review"]
    assert ours[aw.agency("Y1-land").name]["region"]["level"] == "县区级"


# ------------------------------------------------------------------------------ the reports

def test_a_report_is_its_interchange_object_with_its_status(aw):
    row = aw.reports["Y-finance"]
    body = client(aw.user("reviewer-y")).get(f"/api/reports/{row.pk}/").json()
    assert body["status"] == "submitted" and body["status_label"] == "已报送，待审核"
    assert body["year"] == 2024 and body["format"] == "2021"
    expected, _ = clean_dict(12, year=2024, agency=aw.agency("Y-finance").name)
    nonzero = {k: v for k, v in expected["cells"].items() if v}
    assert len(nonzero) > 20
    assert {k: body["data"]["cells"][k] for k in nonzero} == {
        k: (int(v) if float(v).is_integer() else float(v)) for k, v in nonzero.items()}
    listed = rows_of(aw, "reviewer-y", "/api/reports/?year=2024&status=submitted")
    assert [r["id"] for r in listed] == [row.pk]
    assert rows_of(aw, "reviewer-y", "/api/reports/?year=2023") == []
    bad = client(aw.user("reviewer-y")).get("/api/reports/?year=今年")
    assert bad.status_code == 400 and "年度须为整数" in bad.json()["detail"]


def test_findings_come_with_their_dismissals(aw):
    row = aw.reports["X-education"]
    body = client(aw.user("clerk-a")).get(f"/api/reports/{row.pk}/check/").json()
    balance = [f for f in body["findings"] if f["code"] == "T3-101"]
    by_keys = {frozenset(f["keys"]): f for f in balance}
    assert set(by_keys) == {frozenset(RESEARCH), frozenset(TOTAL)}
    dismissed = by_keys[frozenset(RESEARCH)]
    assert dismissed["dismissed"] and dismissed["dismissal"]["reason"].startswith("科研机构")
    assert dismissed["dismissal"]["by"] == aw.user("reviewer-x").username
    still = by_keys[frozenset(TOTAL)]
    assert not still["dismissed"] and still["dismissal"] is None
    # The report was consistent; raising 结转 by 2 in the research column and in the total
    # breaks two balances (two T3-101 errors), one of them dismissed: one error stays open.
    assert still["severity"] == "error"
    assert [f["code"] for f in body["findings"] if f["severity"] == "error"] == ["T3-101"] * 2
    assert body["counts"]["error"] == 1


def test_clerks_create_and_replace_reports_and_bad_cells_save_nothing(aw):
    from gongkai.web.reports.models import Report

    agency = aw.agency("X-education")
    clerk = client(aw.user("clerk-a"))
    data, _ = clean_dict(21, year=2022, agency=agency.name)
    data = json.loads(json.dumps(data, default=float))
    key = "t3.new_received.natural_person"
    before = Report.objects.filter(agency=agency).count()

    bad = json.loads(json.dumps(data))
    bad["cells"][key] = "十二"
    refused = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": bad})
    assert refused.status_code == 400
    assert refused.json()["detail"] == f"提交的数据有误：data：单元格 {key} 的值 '十二' 不是数字"
    unknown = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": {
        **data, "cells": {"t9.nothing": 1}}})
    assert unknown.status_code == 400 and "没有这些单元格键名" in unknown.json()["detail"]
    no_year = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": {
        **data, "year": "2022年"}})
    assert no_year.status_code == 400 and "年度 year 须为" in no_year.json()["detail"]
    assert Report.objects.filter(agency=agency).count() == before

    reviewer = post_json(client(aw.user("reviewer-x")), "/api/reports/",
                         {"agency": agency.pk, "data": data})
    assert reviewer.status_code == 403 and "不能修改" in reviewer.json()["detail"]
    made = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": data})
    assert made.status_code == 201, made.content.decode()
    created = made.json()
    assert created["year"] == 2022 and created["status"] == "draft"
    assert created["data"]["cells"][key] == data["cells"][key] and data["cells"][key] > 0
    assert Report.objects.filter(agency=agency).count() == before + 1
    twice = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": data})
    assert twice.status_code == 409 and "已有 2022 年度报告" in twice.json()["detail"]

    url = f"/api/reports/{created['id']}/"
    changed = json.loads(json.dumps(data))
    changed["cells"][key] += 5
    replaced = post_json(clerk, url, {"data": changed}, method="put")
    assert replaced.status_code == 200
    assert Report.objects.get(pk=created["id"]).data["cells"][key] == data["cells"][key] + 5
    broken = json.loads(json.dumps(changed))
    broken["cells"][key] = "abc"
    assert post_json(clerk, url, {"data": broken}, method="put").status_code == 400
    moved = post_json(clerk, url, {"data": {**changed, "year": 2021}}, method="put")
    assert moved.status_code == 400 and "年度不能修改" in moved.json()["detail"]
    assert Report.objects.get(pk=created["id"]).data["cells"][key] == data["cells"][key] + 5
    assert post_json(client(aw.user("reviewer-x")), url, {"data": changed},
                     method="put").status_code == 403

    Report.objects.filter(pk=created["id"]).update(status="submitted")
    locked = post_json(clerk, url, {"data": data}, method="put")
    assert locked.status_code == 403 and "已报送" in locked.json()["detail"]


def test_a_control_character_in_any_text_is_refused_before_anything_is_saved(aw):
    """PostgreSQL stores no NUL in text or jsonb: the interchange object is refused (R010's
    message, naming the place) before the database is asked, on both databases alike."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.web.reports.models import Report

    agency = aw.agency("X2-civil")
    clerk = client(aw.user("clerk-two"))
    data, _ = clean_dict(41, year=2023, agency=agency.name)
    data = json.loads(json.dumps(data, default=float))
    before = Report.objects.filter(agency=agency).count()
    for bad, place, code in (
        ({**data, "sections": {"overview": {"heading": "一、总体情况", "text": "公开\x00"}}},
         "sections.overview.text", "U+0000"),
        ({**data, "metadata": {"publication_date": "2024-01-\x0b05"}}, "metadata.publication_date",
         "U+000B"),
        ({**data, "diagnostics": [{"code": "R105", "message": "\x1b[31m"}]},
         "diagnostics[0].message", "U+001B"),
    ):
        refused = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": bad})
        assert refused.status_code == 400, refused.content.decode()
        assert refused.json()["detail"] == (
            f"提交的数据有误：data：交换格式 JSON 无效：{place} 中含有 {code}，这是控制字符"
            "（文本中除制表符、换行和回车外不能有控制字符）")
    assert Report.objects.filter(agency=agency).count() == before

    fine = {**data, "sections": {"overview": {"heading": "一、总体情况", "text": "一\t二\r\n三"}}}
    made = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": fine})
    assert made.status_code == 201, made.content.decode()
    stored = Report.objects.get(pk=made.json()["id"])
    assert stored.data["sections"]["overview"]["text"] == "一\t二\r\n三"
    changed = json.loads(json.dumps(fine))
    changed["cells"]["t3.new_received.total"] += 1
    changed["sections"]["overview"]["text"] = "改\x00"
    put = post_json(clerk, f"/api/reports/{stored.pk}/", {"data": changed}, method="put")
    assert put.status_code == 400 and "U+0000" in put.json()["detail"]
    assert Report.objects.get(pk=stored.pk).data == stored.data

    c = client(aw.user("clerk-a"))
    checked = post_json(c, "/api/checks/", {**data, "agency": "某\x00局"})
    assert checked.status_code == 400 and "agency 中含有 U+0000" in checked.json()["detail"]
    as_file = SimpleUploadedFile("报告.json", json.dumps(
        {**data, "preamble": "\ud800"}).encode())  # a lone surrogate, escaped as JSON does
    refused = c.post("/api/checks/", {"file": as_file})
    assert refused.status_code == 400
    assert "preamble 中含有 U+D800，这是无效的 Unicode 代理字符" in refused.json()["detail"]
    odd = post_json(c, "/api/checks/", {**data, "metadata": {"colour": "红"}})
    assert odd.status_code == 400 and "结构无效" in odd.json()["detail"]
    assert "keyword" not in odd.json()["detail"]  # Python's English stays in the log


def test_a_report_names_the_agency_it_is_stored_for(aw):
    """data.agency naming another agency is replaced by the agency the report is stored for
    (exports, roll-ups and the editor read the name from the stored object)."""
    from gongkai.web.reports.models import Report

    agency = aw.agency("Y1-land")
    clerk = client(aw.user("clerk-two"))
    data, _ = clean_dict(42, year=2023, agency=aw.agency("Y-finance").name)
    data = json.loads(json.dumps(data, default=float))
    made = post_json(clerk, "/api/reports/", {"agency": agency.pk, "data": data})
    assert made.status_code == 201, made.content.decode()
    assert made.json()["data"]["agency"] == agency.name != aw.agency("Y-finance").name
    row = Report.objects.get(pk=made.json()["id"])
    assert row.data["agency"] == agency.name and row.model().agency == agency.name
    unnamed = {k: v for k, v in data.items() if k != "agency"}
    replaced = post_json(clerk, f"/api/reports/{row.pk}/",
                         {"data": {**unnamed, "agency": "某某县财政局"}}, method="put")
    assert replaced.status_code == 200 and replaced.json()["data"]["agency"] == agency.name
    assert Report.objects.get(pk=row.pk).data["agency"] == agency.name


def test_a_body_over_djangos_bound_is_413_in_chinese(aw):
    from django.conf import settings

    from gongkai.web.reports.models import Report

    clerk = client(aw.user("clerk-a"))
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    before = Report.objects.count()
    for url, body in (("/api/reports/", {"agency": aw.agency("X-education").pk,
                                         "data": {"format": "2021", "pad": padding}}),
                      ("/api/applications/", {"agency": aw.agency("X-education").pk,
                                              "content": padding})):
        response = post_json(clerk, url, body)
        assert response.status_code == 413, (url, response.content[:200])
        assert response.json() == {"detail": "请求内容过大：上限为 2.5 MB"}
    assert Report.objects.count() == before


def test_an_accepted_report_cannot_be_replaced(aw):
    row = aw.reports["X1-police"]  # accepted
    data = json.loads(json.dumps(row.data))
    refused = post_json(client(aw.user("admin")), f"/api/reports/{row.pk}/", {"data": data},
                        method="put")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "报告已经主管部门审核通过，不能再修改。"}


# ------------------------------------------------------------------------------ the checks

def test_checks_read_a_seed_text_file_and_save_nothing(aw):
    from gongkai.web.reports.models import Report

    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    case = next(c for c in manifest if c["case"].startswith("003_"))
    truth = json.loads((FIXTURES / case["truth"]).read_text(encoding="utf-8"))
    seed = (FIXTURES / case["file"]).resolve()
    before = Report.objects.count()
    with seed.open("rb") as fh:
        response = client(aw.user("nobody")).post("/api/checks/", {"file": fh})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["report"]["agency"] == truth["agency"] == "沙坡头区工业信息化和商务局"
    assert body["report"]["year"] == truth["year"] and body["report"]["source"] == seed.name
    nonzero = {k: v for k, v in truth["cells"].items() if v}
    assert len(nonzero) == 6
    assert {k: body["data"]["cells"][k] for k in nonzero} == nonzero
    assert body["summary"] == {s: sum(1 for f in body["findings"] if f["severity"] == s)
                               for s in ("error", "warning", "notice")}
    assert Report.objects.count() == before


def test_checks_read_a_docx_and_an_interchange_body(aw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.write import render

    model = clean_report(31, year=2024, agency="某某县教育局")
    broken = with_cells(model, t3__carried_forward__research_institution=model.cells[
        "t3.carried_forward.research_institution"] + 2,
        t3__carried_forward__total=model.cells["t3.carried_forward.total"] + 2)
    docx = SimpleUploadedFile("2024年报.docx", render(broken, "docx"))
    body = client(aw.user("clerk-a")).post("/api/checks/", {"file": docx}).json()
    assert body["report"] == {"source": "2024年报.docx", "agency": "某某县教育局",
                              "year": 2024, "format": "2021"}
    assert body["data"]["cells"]["t3.carried_forward.total"] == \
        model.cells["t3.carried_forward.total"] + 2 > 2
    balance = {frozenset(f["keys"]) for f in body["findings"] if f["code"] == "T3-101"}
    assert balance == {frozenset(RESEARCH), frozenset(TOTAL)}

    data, _ = clean_dict(31, year=2024, agency="某某县教育局")
    data = json.loads(json.dumps(data, default=float))
    data["cells"]["t3.carried_forward.total"] += 2
    as_json = post_json(client(aw.user("clerk-a")), "/api/checks/", data).json()
    assert {tuple(sorted(f["keys"])) for f in as_json["findings"] if f["code"] == "T3-101"} \
        == {tuple(sorted(TOTAL))}


def test_checks_read_a_pdf(aw):
    """A PDF printed by LibreOffice from a report (as `gongkai write` makes it): its figures
    read back, the two broken balances found."""
    import shutil

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.write import render

    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is needed to print the PDF (make test installs it)")
    model = clean_report(32, year=2023, agency="某某县民政局")
    broken = with_cells(model, t3__carried_forward__research_institution=model.cells[
        "t3.carried_forward.research_institution"] + 2,
        t3__carried_forward__total=model.cells["t3.carried_forward.total"] + 2)
    pdf = SimpleUploadedFile("2023年报.pdf", render(broken, "pdf"))
    response = client(aw.user("clerk-a")).post("/api/checks/", {"file": pdf})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["report"] == {"source": "2023年报.pdf", "agency": "某某县民政局",
                              "year": 2023, "format": "2021"}
    expected = {k: v for k, v in broken.cells.items() if v}
    assert len(expected) > 20
    assert {k: body["data"]["cells"][k] for k in expected} == {
        k: (int(v) if float(v).is_integer() else float(v)) for k, v in expected.items()}
    balance = {frozenset(f["keys"]) for f in body["findings"] if f["code"] == "T3-101"}
    assert balance == {frozenset(RESEARCH), frozenset(TOTAL)}


def test_checks_refuse_what_they_cannot_read_in_chinese(aw, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.web.api import checks

    c = client(aw.user("clerk-a"))
    fake = c.post("/api/checks/", {"file": SimpleUploadedFile("报告.pdf", b"not a pdf at all")})
    assert fake.status_code == 400 and "内容不是 PDF" in fake.json()["detail"]
    missing = c.post("/api/checks/", {"other": SimpleUploadedFile("a.txt", b"x")})
    assert missing.status_code == 400 and "file" in missing.json()["detail"]
    not_json = c.post("/api/checks/", "{not json", content_type="application/json")
    # The parser's English reason is not shown; its position is, in Chinese (the property name
    # should start at column 2).
    assert not_json.status_code == 400
    assert not_json.json() == {"detail": "请求内容不是有效的 JSON（第 1 行第 2 列附近）"}
    bad_file = c.post("/api/checks/", {"file": SimpleUploadedFile(
        "报告.json", b'{"format": "2021",\n "year": 2024,\n "cells": {,}}')})
    assert bad_file.status_code == 400
    # Line 3 is ` "cells": {,}}`: the property name is missing at the comma, column 12.
    assert bad_file.json()["detail"] == (
        "提交的数据有误：file：“报告.json”不是有效的 JSON（第 3 行第 12 列附近）")
    infinite = c.post("/api/checks/", {"file": SimpleUploadedFile("无穷.json", json.dumps(
        {"format": "2021", "year": 2024, "cells": {"t3.new_received.total": "∞"}},
        ensure_ascii=False).replace('"∞"', "Infinity").encode())})
    assert infinite.status_code == 400
    assert "t3.new_received.total 的值" in infinite.json()["detail"]
    assert "不是有限的数字" in infinite.json()["detail"]
    huge = post_json(c, "/api/checks/", {"format": "2021", "pad": "x" * checks.MAX_JSON_BYTES})
    assert huge.status_code == 413 and "过大" in huge.json()["detail"]
    monkeypatch.setattr(checks, "MAX_FILE_BYTES", 1000)
    large = c.post("/api/checks/", {"file": SimpleUploadedFile("a.txt", b"x" * 5000)})
    assert large.status_code == 413 and "a.txt" in large.json()["detail"]
    assert client().post("/api/checks/", {"format": "2021"}).status_code == 401


# ------------------------------------------------------------------- applications and events

def test_applications_carry_their_statutory_due_date_and_take_events(aw):
    from gongkai.web.register.models import Application

    agency = aw.agency("X-education")
    clerk = client(aw.user("clerk-a"))
    number = f"API-{uuid.uuid4().hex[:6]}"
    made = post_json(clerk, "/api/applications/", {
        "agency": agency.pk, "number": number, "channel": "online",
        "submitted": "2025-09-26", "applicant": "张三", "applicant_type": "natural_person",
        "content": "请公开2025年部门预算"})
    assert made.status_code == 201, made.content.decode()
    app = made.json()
    # Received Friday 26 September 2025 (not counted). Working days after it: Sunday 28 Sep
    # (调休), 29, 30 Sep; 1–8 Oct are the National Day holiday; 9, 10, Saturday 11 Oct (调休)
    # make 6; then 13–17 (11), 20–24 (16), 27–30 Oct (20): due Thursday 30 October 2025.
    assert app["deadline"]["due"] == "2025-10-30" and app["received"] == "2025-09-26"
    assert app["state"] == "open" and app["overdue"]  # today is long after
    url = f"/api/applications/{app['id']}/events/"

    extended = post_json(clerk, url, {"kind": "extension_approved", "on": "2025-10-20",
                                      "note": "需要调取档案"})
    assert extended.status_code == 201, extended.content.decode()
    # 20 more working days after 30 October: 31 Oct (1), 3–7 Nov (6), 10–14 (11),
    # 17–21 (16), 24–27 Nov (20): due 27 November 2025.
    assert extended.json()["deadline"]["due"] == "2025-11-27"
    assert extended.json()["deadline"]["extended"]

    for body, words in (
        ({"kind": "extension_approved", "on": "2025-10-21"}, ("延期答复", "一次")),
        ({"kind": "answered", "on": "2025-09-20", "outcome": "granted"}, ("早于", "提交日期")),
        ({"kind": "answered", "on": "2025-11-03"}, ("outcome", "没有办理结果")),
        ({"kind": "withdrawn", "on": "2025-11-03", "outcome": "granted"}, ("办理结果",)),
        ({"kind": "fee_paid", "on": "2025-11-03"}, ("还没有", "收费通知")),
        ({"kind": "answered", "on": "2025-11-03", "outcome": "不存在"}, ("outcome",)),
    ):
        refused = post_json(clerk, url, body)
        assert refused.status_code == 400, body
        assert all(w in refused.json()["detail"] for w in words), refused.json()
    assert Application.objects.get(pk=app["id"]).events.count() == 1

    answered = post_json(clerk, url, {"kind": "answered", "on": "2025-11-10",
                                      "outcome": "granted"})
    assert answered.status_code == 201
    done = answered.json()
    assert done["state"] == "answered" and done["outcome"] == "granted"
    assert not done["overdue"] and [e["kind"] for e in done["events"]] == [
        "extension_approved", "answered"]
    again = post_json(clerk, url, {"kind": "withdrawn", "on": "2025-11-11"})
    assert again.status_code == 400 and "2025-11-10" in again.json()["detail"]
    listed = clerk.get(url).json()
    assert [e["kind_label"] for e in listed] == ["延期答复", "答复"]

    answered_rows = rows_of(aw, "clerk-a", "/api/applications/?state=answered&year=2025")
    assert number in {r["number"] for r in answered_rows}
    assert all(r["state"] == "answered" for r in answered_rows)
    assert number not in {r["number"] for r in
                          rows_of(aw, "clerk-a", "/api/applications/?state=open")}


def test_applications_are_checked_before_they_are_saved(aw):
    from gongkai.web.register.models import Application

    agency = aw.agency("X-education")
    base = {"agency": agency.pk, "number": "甲教申-001", "channel": "online",
            "submitted": "2025-03-01", "applicant": "王五", "applicant_type": "natural_person"}
    clerk = client(aw.user("clerk-a"))
    count = Application.objects.filter(agency=agency).count()
    taken = post_json(clerk, "/api/applications/", base)
    assert taken.status_code == 400 and "已有申请编号" in taken.json()["detail"]
    early = post_json(clerk, "/api/applications/", {**base, "number": f"E-{aw.world.tag}",
                                                    "confirmed": "2025-02-27"})
    assert early.status_code == 400 and "确认日期（2025-02-27）早于提交日期（2025-03-01）" in (
        early.json()["detail"])
    kind = post_json(clerk, "/api/applications/", {**base, "number": f"K-{aw.world.tag}",
                                                   "applicant_type": "外星人"})
    assert kind.status_code == 400 and kind.json()["errors"]["applicant_type"]
    assert Application.objects.filter(agency=agency).count() == count
    reviewer = post_json(client(aw.user("reviewer-x")), "/api/applications/",
                         {**base, "number": f"R-{aw.world.tag}"})
    assert reviewer.status_code == 403
    theirs = post_json(clerk, "/api/applications/", {**base, "agency": aw.agency("Y-finance").pk,
                                                     "number": f"Y-{aw.world.tag}"})
    assert theirs.status_code == 404
    own = Application.objects.filter(agency=agency).first()
    assert post_json(client(aw.user("reviewer-x")), f"/api/applications/{own.pk}/events/",
                     {"kind": "withdrawn", "on": "2025-06-01"}).status_code == 403


def test_the_year_of_an_application_is_the_year_it_was_received(aw):
    """条例第三十一条: by post or online an application is received the day its receipt is
    confirmed, in person the day it is handed in; `?year=` counts it there, as the register
    page and the annual tables do."""
    agency = aw.agency("X2-civil")
    clerk = client(aw.user("clerk-two"))
    tag = uuid.uuid4().hex[:6]
    base = {"agency": agency.pk, "applicant": "赵六", "applicant_type": "natural_person"}
    for number, channel, submitted, confirmed in (
            (f"跨年-{tag}", "online", "2024-12-30", "2025-01-03"),
            (f"当面-{tag}", "in_person", "2024-12-31", None),
            (f"信函-{tag}", "post", "2025-01-02", None)):
        made = post_json(clerk, "/api/applications/", {
            **base, "number": number, "channel": channel, "submitted": submitted,
            **({"confirmed": confirmed} if confirmed else {})})
        assert made.status_code == 201, made.content.decode()
    ours = {f"跨年-{tag}", f"当面-{tag}", f"信函-{tag}"}

    def numbers(year: int) -> set[str]:
        url = f"/api/applications/?agency={agency.pk}&year={year}"
        return {r["number"] for r in rows_of(aw, "clerk-two", url)} & ours

    assert numbers(2025) == {f"跨年-{tag}", f"信函-{tag}"}
    assert numbers(2024) == {f"当面-{tag}"}
    row = next(r for r in rows_of(aw, "clerk-two", f"/api/applications/?agency={agency.pk}")
               if r["number"] == f"跨年-{tag}")
    assert (row["submitted"], row["received"]) == ("2024-12-30", "2025-01-03")


def test_lists_are_paged(aw):
    c = client(aw.user("reviewer-x"))
    url = f"/api/applications/?agency={aw.agency('X-health').pk}&page_size=5"
    first = c.get(url).json()
    assert first["count"] == REGISTER_APPLICATIONS and len(first["results"]) == 5
    last = c.get(url + "&page=3").json()
    assert len(last["results"]) == REGISTER_APPLICATIONS - 10 and last["next"] is None
    gone = c.get(url + "&page=9")
    assert gone.status_code == 404 and "页码无效" in gone.json()["detail"]
    numbers = {r["number"] for p in (1, 2, 3) for r in c.get(url + f"&page={p}").json()["results"]}
    assert len(numbers) == REGISTER_APPLICATIONS


def test_publications_show_their_trail(aw):
    from gongkai.web.publish.models import PublicationItem

    c = client(aw.user("clerk-two"))  # Y1-land: another agency of city Y
    assert rows_of(aw, "clerk-two", "/api/publications/") == []
    item = PublicationItem.objects.filter(agency=aw.agency("Y-finance")).exclude(trail=None).first()
    assert c.get(f"/api/publications/{item.pk}/").status_code == 404
    body = client(aw.user("reviewer-y")).get(f"/api/publications/{item.pk}/").json()
    assert body["title"] == item.title and body["title"].startswith(aw.world.tag)
    assert [e["number"] for e in body["trail"]] == list(range(1, item.trail.count() + 1))
    assert len(body["submitted"]) == item.submissions.count() >= 1


# ------------------------------------------------------------------ the schema and its pages

EXPECTED_PATHS = {
    "/api/agencies/": {"get"},
    "/api/reports/": {"get", "post"},
    "/api/reports/{id}/": {"get", "put"},
    "/api/reports/{id}/check/": {"get"},
    "/api/checks/": {"post"},
    "/api/applications/": {"get", "post"},
    "/api/applications/{id}/": {"get"},
    "/api/applications/{id}/events/": {"get", "post"},
    "/api/cases/": {"get"},
    "/api/cases/{id}/": {"get"},
    "/api/documents/": {"get"},
    "/api/documents/{id}/": {"get"},
    "/api/publications/": {"get"},
    "/api/publications/{id}/": {"get"},
}


def _routes() -> set[str]:
    """The OpenAPI form of every data endpoint the api app routes (not its own pages)."""
    import re

    from django.urls import URLPattern, URLResolver

    from gongkai.web.api import urls

    found: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern).lstrip("^").rstrip("$")
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and getattr(p.callback, "cls", None) is not None:
                path = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>",
                              lambda m: "{" + (m.group(1) or m.group(2)) + "}", route)
                found.add("/" + path.replace("{pk}", "{id}"))  # as drf-spectacular names it

    walk(urls.urlpatterns, "")
    return {r for r in found if not r.startswith(("/api/schema", "/api/docs", "/api/redoc"))
            and "{format}" not in r and "." not in r}


def test_the_openapi_schema_is_valid_and_lists_every_endpoint(aw):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.validation import validate_schema
    from openapi_spec_validator import validate

    GENERATOR_STATS.reset()
    response = client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert not GENERATOR_STATS, "drf-spectacular warned while describing the API"
    validate_schema(schema)
    validate(schema)
    paths = {path: {m for m in ops if m in {"get", "post", "put", "patch", "delete"}}
             for path, ops in schema["paths"].items()}
    assert paths == EXPECTED_PATHS
    assert set(EXPECTED_PATHS) == _routes()
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    answers = schema["paths"]["/api/reports/{id}/"]
    assert {"401", "404"} <= set(answers["get"]["responses"])
    assert {"400", "401", "403", "404"} <= set(answers["put"]["responses"])
    assert schema["info"]["title"] == "gongkai 工作台数据接口"


def test_the_docs_pages_are_served_without_a_cdn(aw):
    c = client(aw.user("clerk-a"))
    page = c.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/docs/assets/swagger-ui-bundle.js" in html and "/api/schema/" in html
    assert "cdn" not in html.lower() and "https://" not in html
    script = c.get("/api/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    assert len(b"".join(script.streaming_content)) > 100_000
    assert c.get("/api/docs/assets/..%2Fsettings.py").status_code == 404
    redoc = c.get("/api/redoc/").content.decode()
    assert "/api/docs/assets/redoc.standalone.js" in redoc and "cdn" not in redoc.lower()
    assert "数据接口" in c.get("/").content.decode()  # the header menu links the docs
